import { type Baseline, isBaseline } from './baseline.ts';
import { FEATURE_NAMES } from './features.ts';
import { applyBaseline, forward, type PreparedModel, standardise } from './model.ts';
import { MOODS, type Mood, type MoodScores } from './types.ts';

/**
 * "Not how I feel: I'm …": faces the person labelled on purpose, next to a camera reading they disagree with, so a
 * face the population model keeps misreading for this person is read as they mean it. A mood picked to choose
 * music teaches nothing. Only the feature vector is kept (numbers from `extractFeatures`, never
 * pixels), in this device's IndexedDB, and the classifier leans toward the person's own examples.
 */

/** Examples kept per mood; the oldest goes when a new one comes. @default 20 */
export const PERSONAL_MAX_PER_MOOD = 20;
/** The latest face is kept as an example only when seen this recently; while a face is in view it is fresh. */
export const PERSONAL_EXAMPLE_MAX_AGE_MS = 5000;
/** Bumped when `FEATURE_NAMES` changes meaning, so examples of another feature set are ignored. */
export const PERSONAL_FEATURES_VERSION = 1;

/** One stored example: the mood the person picked and the face's full `extractFeatures` vector. */
export interface PersonalExample {
  readonly mood: Mood;
  readonly version: number;
  /** Aligned with `FEATURE_NAMES`; `null` stands for a missing (NaN) value, which JSON cannot hold. */
  readonly features: ReadonlyArray<number | null>;
}

/**
 * How the examples move the scores. The log-score of mood m gains
 * `strength · n/(n + halfCount) · exp(−d²/width)`, where `d²` is the mean squared distance between the face's
 * point (`personalPoint`: the blendshape model's probabilities after the neutral baseline) and the centroid of
 * the person's `n` examples of m.
 *
 * Why this form, chosen by `scripts/train/personal.ts` (each posed performer held out in turn, examples drawn
 * from their own other photos, the setting picked on the other performers each time):
 * - a centroid per mood, not the nearest example, so one odd example is averaged away as more come;
 * - a kernel with an absolute width, not a softmax over the moods that have examples: with examples for one
 *   mood only, a softmax would push every face toward it, while the kernel moves only faces whose reading
 *   resembles the examples';
 * - the model's probability space, not its standardised inputs: both helped about equally (best settings,
 *   k = 1 and 3 averaged: 0.908 vs 0.907 with the shipped training, 0.912 vs 0.904 without the augmented
 *   copies), the probabilities were picked for most held-out performers, and five numbers are cheaper to keep
 *   and compare; `strength` 8 and `width` 0.01 were picked for most of them too;
 * - a weight growing with the number of examples, so the first example nudges and more examples decide.
 */
export interface PersonalTuning {
  readonly strength: number;
  readonly width: number;
  readonly halfCount: number;
}

export const PERSONAL_TUNING: PersonalTuning = { strength: 8, width: 0.01, halfCount: 1 };

/** Per mood with examples: the centroid of their points and how many there are. */
export type PersonalCentroids = ReadonlyMap<Mood, { readonly centroid: readonly number[]; readonly n: number }>;

/** Turns an `extractFeatures` vector into storable JSON (NaN → null). */
export function toStoredFeatures(features: ReadonlyArray<number>): (number | null)[] {
  return features.map((x) => (Number.isFinite(x) ? x : null));
}

/** Narrows a stored value to a usable example of the current feature set. */
export function isPersonalExample(value: unknown): value is PersonalExample {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === PERSONAL_FEATURES_VERSION &&
    MOODS.includes(v.mood as Mood) &&
    Array.isArray(v.features) &&
    v.features.length === FEATURE_NAMES.length &&
    v.features.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x)))
  );
}

/** The model's standardised input for a stored feature vector, after the neutral baseline. */
export function modelInput(
  prepared: PreparedModel,
  features: ReadonlyArray<number | null>,
  baseline?: Baseline | null,
): number[] {
  const z = standardise(
    prepared,
    features.map((x) => x ?? Number.NaN),
  );
  if (baseline && isBaseline(baseline)) applyBaseline(prepared, z, baseline);
  return z;
}

/**
 * Where a face sits in the space the examples are compared in: the blendshape model's probabilities (after the
 * baseline), in `MOODS` order. Computed from the features alone, so a stored example and a live face land in
 * the same space whatever else the final scores are fused from.
 */
export function personalPoint(
  prepared: PreparedModel,
  features: ReadonlyArray<number | null>,
  baseline?: Baseline | null,
): number[] {
  const p = forward(prepared.model, modelInput(prepared, features, baseline));
  const total = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / total);
}

/** The centroid of each mood's examples (an unusable example is skipped). */
export function personalCentroids(
  prepared: PreparedModel,
  examples: ReadonlyArray<PersonalExample>,
  baseline?: Baseline | null,
): PersonalCentroids {
  const sums = new Map<Mood, { sum: number[]; n: number }>();
  for (const example of examples) {
    if (!isPersonalExample(example)) continue;
    const point = personalPoint(prepared, example.features, baseline);
    const entry = sums.get(example.mood) ?? { sum: new Array<number>(point.length).fill(0), n: 0 };
    point.forEach((v, j) => {
      entry.sum[j] = (entry.sum[j] ?? 0) + v;
    });
    entry.n++;
    sums.set(example.mood, entry);
  }
  return new Map([...sums].map(([mood, { sum, n }]) => [mood, { centroid: sum.map((v) => v / n), n }]));
}

/** The scores moved toward the moods whose examples look like this face; no examples → the same scores. */
export function adaptScores(
  scores: MoodScores,
  point: readonly number[],
  centroids: PersonalCentroids,
  tuning: PersonalTuning = PERSONAL_TUNING,
): MoodScores {
  if (centroids.size === 0) return scores;
  const logits = MOODS.map((m) => {
    const own = centroids.get(m);
    const base = Math.log(Math.max(scores[m], 1e-9));
    if (!own) return base;
    const weight = own.n / (own.n + tuning.halfCount);
    return base + tuning.strength * weight * Math.exp(-meanSquaredDistance(point, own.centroid) / tuning.width);
  });
  const top = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return Object.fromEntries(MOODS.map((m, k) => [m, (e[k] ?? 0) / total])) as MoodScores;
}

function meanSquaredDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += ((a[j] ?? 0) - (b[j] ?? 0)) ** 2;
  return s / Math.max(a.length, 1);
}

/** The scores of one face, adapted to the person's examples (`lib/offscreen/personaliser.ts` keeps them). */
export interface PersonalAdaptation {
  /** `scores` (the model's for `features`, after `baseline`) moved toward the moods whose examples look alike. */
  adapt(features: ReadonlyArray<number>, scores: MoodScores, baseline: Baseline | null): MoodScores;
}

/**
 * `adaptScores` for a fixed set of examples. The centroids are computed once per baseline (examples are compared
 * after it), not on every frame; without usable examples the scores pass through unchanged.
 */
export function createPersonalAdaptation(
  prepared: PreparedModel,
  examples: ReadonlyArray<PersonalExample>,
): PersonalAdaptation {
  let cache: { baseline: Baseline | null; centroids: PersonalCentroids } | null = null;
  return {
    adapt(features, scores, baseline) {
      if (cache?.baseline !== baseline)
        cache = { baseline, centroids: personalCentroids(prepared, examples, baseline) };
      if (cache.centroids.size === 0) return scores;
      return adaptScores(scores, personalPoint(prepared, features, baseline), cache.centroids);
    },
  };
}

/** Keeps the newest `PERSONAL_MAX_PER_MOOD` of each mood: the ids of the older ones, to delete. */
export function overflowIds<T extends { id: number; mood: Mood; at: number }>(rows: readonly T[]): number[] {
  const byMood = new Map<Mood, T[]>();
  for (const row of rows) byMood.set(row.mood, [...(byMood.get(row.mood) ?? []), row]);
  return [...byMood.values()].flatMap((list) =>
    [...list]
      .sort((a, b) => b.at - a.at || b.id - a.id)
      .slice(PERSONAL_MAX_PER_MOOD)
      .map((row) => row.id),
  );
}
