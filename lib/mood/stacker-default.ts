import stackerJson from './stacker.json' with { type: 'json' };
import { checkStacker, type Stacker } from './stacker.ts';

let stacker: Stacker | undefined;

/**
 * The committed stacker (`stacker.json`, written by `npm run train` with `model.json`), checked
 * once. Kept apart from `stacker.ts` so the training scripts never depend on the file they write.
 */
export function moodStacker(): Stacker {
  stacker ??= checkStacker(stackerJson as unknown as Stacker);
  return stacker;
}
