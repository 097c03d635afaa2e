import { z } from 'zod';
import type { FeaturesRow } from '@/lib/db/schema';
import shipped from './music-model.json' with { type: 'json' };
import {
  CUE_FEATURES,
  MAX_CUES,
  MUSIC_FEATURES,
  MUSIC_MOODS,
  type MusicMood,
  type Sound,
  type SoundCue,
} from './music-moods';

/** A cue is named only when it raises the log-odds of the mood by at least this much. */
export const MIN_CUE = 0.15;

/**
 * What the ranking asks of a music model. The shipped one is `shippedMusicModel()`; the training script's
 * cross-validation passes one that scores each track with a fold model that never saw it.
 */
export interface MusicModel {
  /** The probability that `f` sounds `like`, 0–1. Microseconds a track: it runs on every candidate. */
  probability(f: FeaturesRow, like: MusicMood): number;
  /** The same with its reasons, for the picks only. */
  sound(f: FeaturesRow, like: MusicMood): Sound;
}

const numbers = (length: number) => z.array(z.number().finite()).length(length);

/**
 * `music-model.json`, written by `scripts/train-music.ts`: multinomial logistic regression over standardised
 * features. `weights[k][j]` is mood k's weight for feature j; a missing feature (null, or a tempo of 0) counts
 * as the training mean, i.e. 0 after standardising.
 */
export const musicModelFileSchema = z.object({
  version: z.literal(1),
  moods: z.array(z.enum(MUSIC_MOODS)).length(MUSIC_MOODS.length),
  features: z.array(z.enum(MUSIC_FEATURES)).length(MUSIC_FEATURES.length),
  mean: numbers(MUSIC_FEATURES.length),
  std: numbers(MUSIC_FEATURES.length),
  /** Standardised inputs are clipped to ±clip, so one odd value (a loudness of −60 dB) cannot dominate. */
  clip: z.number().positive(),
  weights: z.array(numbers(MUSIC_FEATURES.length)).length(MUSIC_MOODS.length),
  bias: numbers(MUSIC_MOODS.length),
  meta: z.record(z.string(), z.unknown()),
});
export type MusicModelFile = z.infer<typeof musicModelFileSchema>;

/**
 * A track's features in the model's units, in `MUSIC_FEATURES` order, null where unknown: tempo as octaves from
 * 120 BPM (Spotify's estimate often doubles or halves, so distance in octaves is what counts); a tempo of 0 is
 * Spotify's "could not tell".
 */
export function musicInput(f: FeaturesRow): (number | null)[] {
  return MUSIC_FEATURES.map((name) => {
    const x = f[name];
    if (x === null || x === undefined || !Number.isFinite(x)) return null;
    if (name === 'tempo') return x > 0 ? Math.log2(x / 120) : null;
    return x;
  });
}

/** Checks the file's shape once, so a corrupt or stale `music-model.json` fails loudly at load. */
export function musicModelFrom(raw: unknown): MusicModel {
  const parsed = musicModelFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Music model is invalid: ${parsed.error.message}`);
  const file = parsed.data;
  if (file.moods.join() !== MUSIC_MOODS.join())
    throw new Error(`Music model moods ${file.moods.join()} are out of order`);
  if (file.features.join() !== MUSIC_FEATURES.join())
    throw new Error(`Music model features ${file.features.join()} are out of order`);
  const { mean, std, clip, weights, bias } = file;
  const K = MUSIC_MOODS.length;
  const z = new Float64Array(MUSIC_FEATURES.length);
  const logits = new Float64Array(K);
  const p = new Float64Array(K);

  /** Standardises `f` into `z` and fills `p` with the four probabilities. */
  const run = (f: FeaturesRow) => {
    const x = musicInput(f);
    for (let j = 0; j < z.length; j++) {
      const v = x[j];
      const s = v === null || v === undefined ? 0 : (v - (mean[j] ?? 0)) / (std[j] || 1);
      z[j] = Math.max(-clip, Math.min(clip, s));
    }
    let top = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      const w = weights[k] ?? [];
      let s = bias[k] ?? 0;
      for (let j = 0; j < z.length; j++) s += (w[j] ?? 0) * (z[j] ?? 0);
      logits[k] = s;
      top = Math.max(top, s);
    }
    let total = 0;
    for (let k = 0; k < K; k++) {
      p[k] = Math.exp((logits[k] ?? 0) - top);
      total += p[k] ?? 0;
    }
    for (let k = 0; k < K; k++) p[k] = (p[k] ?? 0) / total;
  };

  return {
    probability(f, like) {
      run(f);
      return p[MUSIC_MOODS.indexOf(like)] ?? 0;
    },
    sound(f, like) {
      run(f);
      const t = MUSIC_MOODS.indexOf(like);
      const rest = 1 - (p[t] ?? 0);
      // Each feature's share of the log-odds of `like` against the other moods: z_j · (w_like,j − Σ q_k w_k,j),
      // q the other moods' probabilities scaled to sum to 1. To first order, how much less the track would sound
      // like `like` had the feature stood at the catalogue's mean; unlike log p, it does not fade as p nears 1.
      const cues: { cue: SoundCue; gain: number }[] = [];
      for (const feature of CUE_FEATURES) {
        const j = MUSIC_FEATURES.indexOf(feature);
        const zj = z[j] ?? 0;
        if (zj === 0) continue;
        let others = 0;
        for (let k = 0; k < K; k++) if (k !== t) others += ((p[k] ?? 0) / (rest || 1)) * (weights[k]?.[j] ?? 0);
        const gain = zj * ((weights[t]?.[j] ?? 0) - others);
        if (gain >= MIN_CUE) cues.push({ cue: { feature, level: zj > 0 ? 'high' : 'low' }, gain });
      }
      cues.sort((a, b) => b.gain - a.gain);
      return { like, probability: p[t] ?? 0, cues: cues.slice(0, MAX_CUES).map((c) => c.cue) };
    },
  };
}

let model: MusicModel | undefined;

/** The model shipped in the bundle (`music-model.json`), checked on first use. */
export function shippedMusicModel(): MusicModel {
  model ??= musicModelFrom(shipped);
  return model;
}
