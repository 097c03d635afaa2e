import { FEATURE_NAMES } from '../../lib/mood/features.ts';
import type { DenseLayer, MoodModel } from '../../lib/mood/model.ts';
import { MOODS } from '../../lib/mood/types.ts';
import type { Sample, Source } from './data.ts';
import { type NetConfig, trainNet } from './mlp.ts';

/** Everything that defines a trained classifier, chosen by cross-validation. */
export interface ModelConfig {
  readonly name: string;
  /** Input features, by `FEATURE_NAMES` name. */
  readonly features: readonly string[];
  readonly net: NetConfig;
  /** Ensemble size (members differ only by seed). */
  readonly members: number;
  /**
   * Share of the total training weight given to the posed (tw) source; classes are balanced
   * within each source. `null` = plain, unweighted training.
   */
  readonly twShare: number | null;
  /** Standardised inputs are clipped to ±clip, so a wild live frame cannot blow up a logit. */
  readonly clip: number;
  /** Train on the augmented copies too (`augment.ts`). */
  readonly augment: boolean;
  /** Weight of an augmented copy relative to an original image (default 1). */
  readonly augmentWeight?: number;
}

export interface Fitted {
  readonly mean: number[];
  readonly std: number[];
  readonly members: DenseLayer[][];
}

/** Per-sample weights: each (source, class) cell gets an equal share of its source's weight. */
export function sampleWeights(samples: readonly Sample[], twShare: number | null, augmentWeight = 1): number[] {
  const own = (s: Sample) => (s.augmented ? augmentWeight : 1);
  if (twShare === null) return samples.map(own);
  const count = new Map<string, number>();
  const cell = (s: Sample) => `${s.source}/${s.label}`;
  for (const s of samples) count.set(cell(s), (count.get(cell(s)) ?? 0) + own(s));
  const share: Record<Source, number> = { tw: twShare, mux: 1 - twShare };
  const raw = samples.map((s) => (own(s) * share[s.source]) / MOODS.length / (count.get(cell(s)) ?? 1));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((r) => r / mean);
}

/** Mean and std of each column, ignoring NaN (missing geometry). */
export function columnStats(rows: readonly number[][]): { mean: number[]; std: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < d; j++) {
    const col = rows.map((r) => r[j] ?? Number.NaN).filter(Number.isFinite);
    const mu = col.reduce((a, b) => a + b, 0) / Math.max(col.length, 1);
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(col.length, 1));
    mean.push(mu);
    // A floor so a near-constant column cannot turn noise into huge inputs.
    std.push(Math.max(sd, 1e-4));
  }
  return { mean, std };
}

export function standardiseRow(row: readonly number[], mean: readonly number[], std: readonly number[], clip: number) {
  const z = new Float64Array(row.length);
  for (let j = 0; j < row.length; j++) {
    const v = ((row[j] ?? Number.NaN) - (mean[j] ?? 0)) / (std[j] ?? 1);
    z[j] = Number.isFinite(v) ? Math.max(-clip, Math.min(clip, v)) : 0;
  }
  return z;
}

/** Fits standardisation and the ensemble on rows (one per detected sample). */
export function fitRows(rows: readonly number[][], samples: readonly Sample[], cfg: ModelConfig, seed: number): Fitted {
  const { mean, std } = columnStats(rows);
  const X = rows.map((r) => standardiseRow(r, mean, std, cfg.clip));
  const y = samples.map((s) => s.y);
  const w = sampleWeights(samples, cfg.twShare, cfg.augmentWeight);
  const members = Array.from({ length: cfg.members }, (_, m) =>
    trainNet(X, y, w, MOODS.length, cfg.net, seed * 1000 + m),
  );
  return { mean, std, members };
}

/** Column indices of `cfg.features` in `FEATURE_NAMES`. */
export function featureIndex(features: readonly string[]): number[] {
  return features.map((f) => {
    const i = FEATURE_NAMES.indexOf(f);
    if (i < 0) throw new Error(`unknown feature ${f}`);
    return i;
  });
}

/** Trains a deployable `MoodModel` on detected samples. */
export function fitModel(
  samples: readonly Sample[],
  cfg: ModelConfig,
  seed: number,
  calibration: { strength: number; maxShift: number },
  meta: Record<string, unknown> = {},
): MoodModel {
  const used = samples.filter((s) => s.features !== null);
  const idx = featureIndex(cfg.features);
  const rows = used.map((s) => idx.map((i) => (s.features as number[])[i] ?? Number.NaN));
  const fitted = fitRows(rows, used, cfg, seed);
  return {
    version: 1,
    moods: [...MOODS],
    features: [...cfg.features],
    mean: fitted.mean,
    std: fitted.std,
    clip: cfg.clip,
    members: fitted.members,
    calibration: {
      neutralMean: neutralMean(
        used.filter((s) => !s.augmented),
        rows.filter((_, i) => !used[i]?.augmented),
        cfg.twShare ?? 0.5,
      ),
      ...calibration,
    },
    meta,
  };
}

/**
 * The "population" neutral face a personal baseline is mapped onto: the mean neutral feature
 * vector, with the two sources weighted like in training.
 */
function neutralMean(samples: readonly Sample[], rows: readonly number[][], twShare: number): number[] {
  const d = rows[0]?.length ?? 0;
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    let acc = 0;
    let wsum = 0;
    for (const source of ['mux', 'tw'] as const) {
      const vals = samples
        .map((s, i) => (s.label === 'neutral' && s.source === source ? (rows[i]?.[j] ?? Number.NaN) : Number.NaN))
        .filter(Number.isFinite);
      if (vals.length === 0) continue;
      const wgt = source === 'tw' ? twShare : 1 - twShare;
      acc += (wgt * vals.reduce((a, b) => a + b, 0)) / vals.length;
      wsum += wgt;
    }
    out.push(wsum > 0 ? acc / wsum : 0);
  }
  return out;
}
