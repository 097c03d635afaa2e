import { type Baseline, isBaseline } from './baseline.ts';
import { extractFeatures, FEATURE_NAMES } from './features.ts';
import { type FaceFrame, MOODS, type MoodScores } from './types.ts';

/** One dense layer: `out = act(W · in + b)`, `W` stored row-major as `[out][in]`. */
export interface DenseLayer {
  readonly w: ReadonlyArray<ReadonlyArray<number>>;
  readonly b: ReadonlyArray<number>;
  /** Hidden layers use tanh; the last layer's logits go through softmax. */
  readonly activation: 'tanh' | 'linear';
}

/** The JSON shape of `model.json`, written by `scripts/train.ts`. */
export interface MoodModel {
  readonly version: 1;
  readonly moods: ReadonlyArray<string>;
  /** Names (from `FEATURE_NAMES`) of the model's inputs, in input order. */
  readonly features: ReadonlyArray<string>;
  /** Standardisation: `z = clamp((x − mean) / std, ±clip)`; a missing (NaN) input becomes 0. */
  readonly mean: ReadonlyArray<number>;
  readonly std: ReadonlyArray<number>;
  readonly clip: number;
  /** Ensemble members; their probabilities are averaged. */
  readonly members: ReadonlyArray<ReadonlyArray<DenseLayer>>;
  /** Personal-baseline calibration (see `classify.ts`). */
  readonly calibration: {
    /** Raw feature values of the average neutral training face, aligned with `features`. */
    readonly neutralMean: ReadonlyArray<number>;
    /** How much of the user's neutral offset is removed (0 = ignore the baseline, 1 = all). */
    readonly strength: number;
    /** Largest shift applied to one standardised feature, so an odd baseline cannot dominate. */
    readonly maxShift: number;
  };
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A model bound to the extractor's feature order, ready to run. */
export interface PreparedModel {
  readonly model: MoodModel;
  /** `index[j]` = position of the model's j-th input in `extractFeatures`'s output. */
  readonly index: ReadonlyArray<number>;
}

/** Checks the model's shape once, so a corrupt or stale `model.json` fails loudly at load. */
export function prepareModel(model: MoodModel): PreparedModel {
  const fail = (why: string): never => {
    throw new Error(`Mood model is invalid: ${why}`);
  };
  if (model.version !== 1) fail(`unsupported version ${String(model.version)}`);
  if (model.moods.join() !== MOODS.join()) fail(`moods ${model.moods.join()} ≠ ${MOODS.join()}`);
  const d = model.features.length;
  const index = model.features.map((name) => {
    const i = FEATURE_NAMES.indexOf(name);
    return i >= 0 ? i : fail(`unknown feature ${name}`);
  });
  if (model.mean.length !== d || model.std.length !== d) fail('mean/std length');
  if (model.calibration.neutralMean.length !== d) fail('calibration length');
  if (model.members.length === 0) fail('no ensemble members');
  for (const layers of model.members) {
    let width = d;
    for (const layer of layers) {
      if (layer.w.some((row) => row.length !== width) || layer.b.length !== layer.w.length) fail('layer shape');
      width = layer.w.length;
    }
    if (width !== MOODS.length) fail('output width');
  }
  return { model, index };
}

/** Standardised, clipped model input from a full `extractFeatures` vector. */
export function standardise(prepared: PreparedModel, features: ReadonlyArray<number>): number[] {
  const { model, index } = prepared;
  return index.map((src, j) => {
    const x = features[src] ?? Number.NaN;
    const z = (x - (model.mean[j] ?? 0)) / (model.std[j] ?? 1);
    return Number.isFinite(z) ? Math.max(-model.clip, Math.min(model.clip, z)) : 0;
  });
}

/** Class probabilities (in `MOODS` order) for a standardised input. */
export function forward(model: MoodModel, z: ReadonlyArray<number>): number[] {
  const avg = new Array<number>(MOODS.length).fill(0);
  for (const layers of model.members) {
    let h: ReadonlyArray<number> = z;
    for (const layer of layers) {
      h = layer.w.map((row, o) => {
        let s = layer.b[o] ?? 0;
        for (let i = 0; i < row.length; i++) s += (row[i] ?? 0) * (h[i] ?? 0);
        return layer.activation === 'tanh' ? Math.tanh(s) : s;
      });
    }
    const p = softmax(h);
    for (let k = 0; k < avg.length; k++) avg[k] = (avg[k] ?? 0) + (p[k] ?? 0) / model.members.length;
  }
  return avg;
}

export function softmax(logits: ReadonlyArray<number>): number[] {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Mood probabilities for one face from a prepared model; see `classify`. */
export function classifyWith(prepared: PreparedModel, frame: FaceFrame, baseline?: Baseline | null): MoodScores {
  return classifyFeatures(prepared, extractFeatures(frame), baseline);
}

/** The same from features already extracted (`extractFeatures`), so a caller that keeps them extracts once. */
export function classifyFeatures(
  prepared: PreparedModel,
  features: ReadonlyArray<number>,
  baseline?: Baseline | null,
): MoodScores {
  const z = standardise(prepared, features);
  if (baseline && isBaseline(baseline)) applyBaseline(prepared, z, baseline);
  const p = forward(prepared.model, z);
  const total = p.reduce((a, b) => a + b, 0);
  return Object.fromEntries(MOODS.map((m, k) => [m, (p[k] ?? 0) / total])) as MoodScores;
}

/**
 * Shifts standardised features by the gap between the population's neutral face and the user's,
 * scaled by `strength` and capped at `maxShift` per feature.
 */
export function applyBaseline(prepared: PreparedModel, z: number[], baseline: Baseline): void {
  const { model } = prepared;
  const { strength, maxShift, neutralMean } = model.calibration;
  if (!(strength > 0)) return;
  model.features.forEach((name, j) => {
    const own = baseline.features[name];
    const pop = neutralMean[j];
    const std = model.std[j];
    if (own === undefined || pop === undefined || std === undefined || !Number.isFinite(own)) return;
    const shift = Math.max(-maxShift, Math.min(maxShift, (strength * (pop - own)) / std));
    z[j] = Math.max(-model.clip, Math.min(model.clip, (z[j] ?? 0) + shift));
  });
}
