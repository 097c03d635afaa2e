import type { Baseline } from './baseline.ts';
import modelJson from './model.json' with { type: 'json' };
import { classifyWith, type MoodModel, type PreparedModel, prepareModel } from './model.ts';
import type { FaceFrame, MoodScores } from './types.ts';

export { topMood } from './argmax.ts';
export { type Baseline, createBaseline, isBaseline } from './baseline.ts';

let defaultModel: PreparedModel | undefined;

/**
 * Mood probabilities for one face, from the committed model (`model.json`).
 *
 * With a `baseline` (see `createBaseline`), the user's features are shifted so their own neutral
 * face lands on the average neutral training face (damped and capped, as chosen by
 * cross-validation), so a resting face that merely looks a bit sad or stern reads as neutral.
 * A baseline of another version is ignored.
 */
export function classify(frame: FaceFrame, baseline?: Baseline | null): MoodScores {
  return classifyWith(moodModel(), frame, baseline);
}

/** The committed model, prepared once (personal examples are compared in its input space). */
export function moodModel(): PreparedModel {
  defaultModel ??= prepareModel(modelJson as MoodModel);
  return defaultModel;
}
