import { argmax } from '../../lib/mood/argmax.ts';
import { type Baseline, createBaseline } from '../../lib/mood/baseline.ts';
import { BLENDSHAPE_NAMES } from '../../lib/mood/features.ts';
import { classifyWith, forward, type MoodModel, prepareModel } from '../../lib/mood/model.ts';
import { MOODS } from '../../lib/mood/types.ts';
import type { Sample } from './data.ts';
import { fitModel, fitRows, type ModelConfig, standardiseRow } from './pipeline.ts';

/** The reference model: softmax regression on the 52 raw blendshape scores. */
export function cvRawBlendshapes(samples: readonly Sample[], folds: readonly number[], cfg: ModelConfig, seed: number) {
  const raw = (s: Sample) => BLENDSHAPE_NAMES.map((n) => s.frame?.blendshapes[n] ?? 0);
  const pred = new Array<number>(samples.length).fill(-1);
  const k = Math.max(...folds) + 1;
  for (let f = 0; f < k; f++) {
    const train = samples.filter((s, i) => folds[i] !== f && s.frame);
    const fitted = fitRows(train.map(raw), train, cfg, seed + f);
    samples.forEach((s, i) => {
      if (folds[i] !== f || !s.frame) return;
      const z = Array.from(standardiseRow(raw(s), fitted.mean, fitted.std, cfg.clip));
      const model = { members: fitted.members } as unknown as MoodModel;
      pred[i] = argmax(forward(model, z));
    });
  }
  return pred;
}

/**
 * The person's neutral images other than `i` itself, as a baseline (what a user would record
 * during calibration), or null when there are none.
 */
export function leaveOneOutBaseline(samples: readonly Sample[], i: number): Baseline | null {
  const me = samples[i];
  if (!me) return null;
  const frames = samples.flatMap((s, j) =>
    j !== i && s.person === me.person && s.label === 'neutral' && s.frame ? [s.frame] : [],
  );
  return frames.length > 0 ? createBaseline(frames) : null;
}

export interface CvRun {
  /** Fold models, for re-scoring with other calibration settings. */
  readonly models: MoodModel[];
  readonly folds: readonly number[];
}

/**
 * The training set of each fold: the other folds' images plus the augmented copies of those
 * folds' people (never a copy of someone in the held-out fold).
 */
export function cvTrainSets(
  samples: readonly Sample[],
  folds: readonly number[],
  augmented: readonly Sample[] = [],
): Sample[][] {
  const k = Math.max(...folds) + 1;
  const foldOf = new Map(samples.map((s, i) => [s.person, folds[i] ?? 0]));
  return Array.from({ length: k }, (_, f) => [
    ...samples.filter((_, i) => folds[i] !== f),
    ...augmented.filter((s) => foldOf.get(s.person) !== f),
  ]);
}

/** Trains one model per fold, on `cvTrainSets` (with the copies when `cfg.augment`). */
export function cvFit(
  samples: readonly Sample[],
  folds: readonly number[],
  cfg: ModelConfig,
  seed: number,
  augmented: readonly Sample[] = [],
): CvRun {
  const models = cvTrainSets(samples, folds, cfg.augment ? augmented : []).map((train, f) =>
    fitModel(train, cfg, seed + f, { strength: 0, maxShift: 0 }),
  );
  return { models, folds };
}

/**
 * Held-out predictions of a CV run. With `calibration`, tw images are classified with their
 * performer's other neutral images as baseline (mux has no per-person neutrals).
 */
export function cvPredict(
  samples: readonly Sample[],
  run: CvRun,
  calibration?: { strength: number; maxShift: number },
): number[] {
  const prepared = run.models.map((m) =>
    prepareModel(calibration ? { ...m, calibration: { ...m.calibration, ...calibration } } : m),
  );
  return samples.map((s, i) => {
    const p = prepared[run.folds[i] ?? 0];
    if (!s.frame || !p) return -1;
    const baseline = calibration ? leaveOneOutBaseline(samples, i) : null;
    const scores = classifyWith(p, s.frame, baseline);
    return argmax(MOODS.map((m) => scores[m]));
  });
}
