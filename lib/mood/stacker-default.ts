import stackersJson from './stacker.json' with { type: 'json' };
import { checkStackers, type Stacker } from './stacker.ts';

let stackers: readonly Stacker[] | undefined;

/**
 * The committed stackers (`stacker.json`, written by `npm run train` with `model.json`), checked
 * once: the first fuses every view the extension ships, the others each subset of them with the
 * blendshape model, for when an appearance model did not load. Kept apart from `stacker.ts` so the
 * training scripts never depend on the file they write.
 */
export function moodStackers(): readonly Stacker[] {
  stackers ??= checkStackers(stackersJson as unknown as Stacker[]);
  return stackers;
}
