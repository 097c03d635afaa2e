import type { FeaturesRow } from '../../lib/db/schema';
import { type MusicModelFile, musicInput } from '../../lib/recommend/music-model';
import { MUSIC_FEATURES, MUSIC_MOODS, type MusicMood } from '../../lib/recommend/music-moods';
import { createRng } from './rng';

/** One training track: its features, the mood it is labelled with, and its share of the loss. */
export interface MusicExample {
  features: FeaturesRow;
  mood: MusicMood;
  weight: number;
}

export interface MusicFitOptions {
  /** L2 penalty on the weights (not the biases), against a loss averaged over the example weights. */
  l2: number;
  /** Full-batch Adam steps. */
  iterations: number;
  learningRate: number;
  /** Standardised inputs are clipped to ±clip, in training as in the extension. */
  clip: number;
  /**
   * Each example is trained on twice: as it is, and with each feature but valence and energy (which every
   * provider sends) left out with this probability, as ReccoBeats and SoundNet leave gaps: the model then
   * still ranks well on what is left.
   */
  maskRate: number;
  seed: number;
}

/** Mean and standard deviation of each input (`musicInput`) over `rows`, unknown values left out. */
export function standardisation(rows: readonly FeaturesRow[]): { mean: number[]; std: number[] } {
  const d = MUSIC_FEATURES.length;
  const sum = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  const n = new Array<number>(d).fill(0);
  for (const f of rows) {
    musicInput(f).forEach((x, j) => {
      if (x === null) return;
      sum[j] = (sum[j] ?? 0) + x;
      sq[j] = (sq[j] ?? 0) + x * x;
      n[j] = (n[j] ?? 0) + 1;
    });
  }
  const mean = sum.map((s, j) => s / Math.max(n[j] ?? 0, 1));
  const std = sq.map((s, j) => Math.sqrt(Math.max(s / Math.max(n[j] ?? 0, 1) - (mean[j] ?? 0) ** 2, 1e-12)));
  return { mean, std };
}

/** `x` to 6 significant digits, so the committed JSON is short and the same on every run. */
const sig = (x: number) => Number(x.toPrecision(6));

/**
 * Multinomial logistic regression of the mood on the standardised features, by full-batch Adam from zero
 * weights: the same examples and options give the same file, to the last digit.
 */
export function fitMusicModel(
  examples: readonly MusicExample[],
  scale: { mean: readonly number[]; std: readonly number[] },
  options: MusicFitOptions,
): MusicModelFile {
  const d = MUSIC_FEATURES.length;
  const K = MUSIC_MOODS.length;
  const rand = createRng(options.seed);
  const keep = new Set(['valence', 'energy']);
  const n = examples.length * 2;
  const Z = new Float64Array(n * d);
  const y = new Int32Array(n);
  const w = new Float64Array(n);
  let total = 0;
  examples.forEach((ex, i) => {
    const x = musicInput(ex.features);
    for (let copy = 0; copy < 2; copy++) {
      const row = 2 * i + copy;
      for (let j = 0; j < d; j++) {
        const v = x[j];
        const masked = copy === 1 && !keep.has(MUSIC_FEATURES[j] ?? '') && rand() < options.maskRate;
        const z = v === null || v === undefined || masked ? 0 : (v - (scale.mean[j] ?? 0)) / (scale.std[j] || 1);
        Z[row * d + j] = Math.max(-options.clip, Math.min(options.clip, z));
      }
      y[row] = MUSIC_MOODS.indexOf(ex.mood);
      w[row] = ex.weight;
      total += ex.weight;
    }
  });
  for (let i = 0; i < n; i++) w[i] = (w[i] ?? 0) / total;

  // Parameters: W (K × d) then b (K).
  const size = K * d + K;
  const theta = new Float64Array(size);
  const grad = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const logits = new Float64Array(K);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let step = 1; step <= options.iterations; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let top = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        let s = theta[K * d + k] ?? 0;
        for (let j = 0; j < d; j++) s += (theta[k * d + j] ?? 0) * (Z[i * d + j] ?? 0);
        logits[k] = s;
        if (s > top) top = s;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        logits[k] = Math.exp((logits[k] ?? 0) - top);
        sum += logits[k] ?? 0;
      }
      for (let k = 0; k < K; k++) {
        const g = (w[i] ?? 0) * ((logits[k] ?? 0) / sum - (y[i] === k ? 1 : 0));
        for (let j = 0; j < d; j++) grad[k * d + j] = (grad[k * d + j] ?? 0) + g * (Z[i * d + j] ?? 0);
        grad[K * d + k] = (grad[K * d + k] ?? 0) + g;
      }
    }
    for (let p = 0; p < size; p++) {
      const g = (grad[p] ?? 0) + (p < K * d ? options.l2 * (theta[p] ?? 0) : 0);
      m[p] = beta1 * (m[p] ?? 0) + (1 - beta1) * g;
      v[p] = beta2 * (v[p] ?? 0) + (1 - beta2) * g * g;
      const mHat = (m[p] ?? 0) / (1 - beta1 ** step);
      const vHat = (v[p] ?? 0) / (1 - beta2 ** step);
      theta[p] = (theta[p] ?? 0) - (options.learningRate * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  return {
    version: 1,
    moods: [...MUSIC_MOODS],
    features: [...MUSIC_FEATURES],
    mean: scale.mean.map(sig),
    std: scale.std.map(sig),
    clip: options.clip,
    weights: MUSIC_MOODS.map((_, k) => MUSIC_FEATURES.map((_, j) => sig(theta[k * d + j] ?? 0))),
    bias: MUSIC_MOODS.map((_, k) => sig(theta[K * d + k] ?? 0)),
    meta: {},
  };
}
