import { type DenseLayer, forward, type MoodModel } from './model.ts';
import { MOODS } from './types.ts';

/**
 * A stacker: multinomial logistic regression that fuses the blendshape/geometry model's mood
 * probabilities with the appearance model's, both in `MOODS` order. Its inputs are the two
 * probability vectors' logs (floored at `FLOOR`), standardised like the MLP's inputs.
 */
export interface Stacker {
  readonly version: 1;
  readonly moods: ReadonlyArray<string>;
  /** `mlp` = 5 log-probs from `classify`, `cnn` = 5 log-probs from `ferMoodProbs`. */
  readonly inputs: readonly ['mlp', 'cnn'];
  readonly mean: ReadonlyArray<number>;
  readonly std: ReadonlyArray<number>;
  readonly clip: number;
  readonly layer: DenseLayer;
  readonly meta: Readonly<Record<string, unknown>>;
}

const FLOOR = 1e-4;

/** The stacker's raw input row: log-probabilities of both models. */
export function stackerRow(mlp: ArrayLike<number>, cnn: ArrayLike<number>): number[] {
  const logs = (p: ArrayLike<number>) => MOODS.map((_, k) => Math.log(Math.max(FLOOR, p[k] ?? 0)));
  return [...logs(mlp), ...logs(cnn)];
}

/** Checks the stacker's shape once, so a stale file fails loudly at load. */
export function checkStacker(s: Stacker): Stacker {
  const d = 2 * MOODS.length;
  const ok =
    s.version === 1 &&
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
 * Fused mood probabilities (in `MOODS` order). Without an appearance reading (`cnn` null) the
 * blendshape model's probabilities pass through unchanged.
 */
export function fuse(stacker: Stacker, mlp: ArrayLike<number>, cnn: ArrayLike<number> | null): number[] {
  if (!cnn) return MOODS.map((_, k) => mlp[k] ?? 0);
  const z = stackerRow(mlp, cnn).map((x, j) => {
    const v = (x - (stacker.mean[j] ?? 0)) / (stacker.std[j] ?? 1);
    return Math.max(-stacker.clip, Math.min(stacker.clip, v));
  });
  return forward({ members: [[stacker.layer]] } as unknown as MoodModel, z);
}
