import { type DenseLayer, forward, type MoodModel } from './model.ts';
import { MOODS } from './types.ts';

/**
 * The views of the face a stacker can fuse: `mlp` the blendshape/geometry model (`classify`), `cnn`
 * the FER-2013 mini-Xception (`ferMoodProbs`), `expr` face-api's expression network
 * (`expressionMoodProbs`).
 */
export const STACKER_INPUTS = ['mlp', 'cnn', 'expr'] as const;
export type StackerInput = (typeof STACKER_INPUTS)[number];

/**
 * A stacker: multinomial logistic regression that fuses the mood probabilities of two or more
 * views of the face, each in `MOODS` order. Its inputs are the probability vectors' logs (floored
 * at `FLOOR`), one after another in `inputs` order, standardised like the MLP's inputs.
 */
export interface Stacker {
  readonly version: 1;
  readonly moods: ReadonlyArray<string>;
  /** Which views, in order: 5 log-probs each. */
  readonly inputs: ReadonlyArray<StackerInput>;
  readonly mean: ReadonlyArray<number>;
  readonly std: ReadonlyArray<number>;
  readonly clip: number;
  readonly layer: DenseLayer;
  readonly meta: Readonly<Record<string, unknown>>;
}

const FLOOR = 1e-4;

/** The stacker's raw input row: log-probabilities of every view, in order. */
export function stackerRow(...views: ArrayLike<number>[]): number[] {
  return views.flatMap((p) => MOODS.map((_, k) => Math.log(Math.max(FLOOR, p[k] ?? 0))));
}

/** Checks the stacker's shape once, so a stale file fails loudly at load. */
export function checkStacker(s: Stacker): Stacker {
  const d = s.inputs.length * MOODS.length;
  const ok =
    s.version === 1 &&
    s.inputs.length >= 2 &&
    s.inputs.every((v, i) => STACKER_INPUTS.includes(v) && s.inputs.indexOf(v) === i) &&
    s.moods.join() === MOODS.join() &&
    s.mean.length === d &&
    s.std.length === d &&
    s.layer.w.length === MOODS.length &&
    s.layer.b.length === MOODS.length &&
    s.layer.w.every((r) => r.length === d);
  if (!ok) throw new Error('Mood stacker is invalid: shape or moods do not match.');
  return s;
}

/**
 * Checks a set of stackers (`stacker.json`): each valid, each for another set of views, all with the
 * blendshape model first (the view that is always there), the first holding every view of the rest
 * (the full set the extension ships; the others are for when some appearance model did not load).
 */
export function checkStackers(list: readonly Stacker[]): readonly Stacker[] {
  const [full] = list;
  const sets = list.map((s) => checkStacker(s).inputs.join('+'));
  const ok =
    full !== undefined &&
    new Set(sets).size === sets.length &&
    list.every((s) => s.inputs[0] === 'mlp' && s.inputs.every((v) => full.inputs.includes(v)));
  if (!ok) throw new Error('Mood stackers are invalid: each must start with mlp, and the first must hold every view.');
  return list;
}

/** The stacker of exactly `inputs` (in `STACKER_INPUTS` order, `mlp` first), or null when none was fitted for them. */
export function stackerFor(list: readonly Stacker[], inputs: readonly StackerInput[]): Stacker | null {
  const key = [...inputs].sort((a, b) => STACKER_INPUTS.indexOf(a) - STACKER_INPUTS.indexOf(b)).join('+');
  return list.find((s) => s.inputs.join('+') === key) ?? null;
}

/**
 * Fused mood probabilities (in `MOODS` order) of the views in `stacker.inputs` order. Without a
 * reading of any later view (null), the first view's probabilities (the blendshape model's) pass
 * through unchanged.
 */
export function fuse(
  stacker: Stacker,
  first: ArrayLike<number>,
  ...rest: (ArrayLike<number> | null | undefined)[]
): number[] {
  const views = [first, ...rest];
  if (views.length !== stacker.inputs.length) {
    throw new Error(`Mood stacker: ${views.length} views given for inputs ${stacker.inputs.join('+')}`);
  }
  if (views.some((v) => !v)) return MOODS.map((_, k) => first[k] ?? 0);
  const z = stackerRow(...(views as ArrayLike<number>[])).map((x, j) => {
    const v = (x - (stacker.mean[j] ?? 0)) / (stacker.std[j] ?? 1);
    return Math.max(-stacker.clip, Math.min(stacker.clip, v));
  });
  return forward({ members: [[stacker.layer]] } as unknown as MoodModel, z);
}
