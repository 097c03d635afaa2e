import type { MoodDjDb } from '@/lib/db/schema';
import type { Baseline } from './baseline.ts';
import { extractFeatures } from './features.ts';
import type { PreparedModel } from './model.ts';
import {
  adaptScores,
  isPersonalExample,
  overflowIds,
  PERSONAL_EXAMPLE_MAX_AGE_MS,
  PERSONAL_FEATURES_VERSION,
  type PersonalCentroids,
  type PersonalExample,
  personalCentroids,
  personalPoint,
  toStoredFeatures,
} from './personal.ts';
import type { FaceFrame, Mood, MoodScores } from './types.ts';

/**
 * The offscreen document's side of "that's not me" (issue 12): it remembers the latest face's feature vector
 * (and nothing older), keeps it in IndexedDB as an example when the background asks, and adapts every
 * classification to the stored examples. The numbers never leave this document except into IndexedDB.
 */
export interface Personaliser {
  /** Classifies through `classify` and adapts the scores; remembers the face's features for `keep`. */
  classify(frame: FaceFrame, baseline: Baseline | null): MoodScores;
  /** Stores the latest face (if at most `PERSONAL_EXAMPLE_MAX_AGE_MS` old) as an example of `mood`. */
  keep(mood: Mood): Promise<boolean>;
  /** Reads the examples from IndexedDB again (after a deletion, or at start). */
  reload(): Promise<void>;
}

export function createPersonaliser(deps: {
  db: () => MoodDjDb;
  model: () => PreparedModel;
  /** Scores for features `extractFeatures` made: the personaliser extracts once per frame and keeps them. */
  classify: (features: ReadonlyArray<number>, baseline: Baseline | null) => MoodScores;
  now: () => number;
}): Personaliser {
  let latest: { features: number[]; at: number } | null = null;
  let examples: PersonalExample[] = [];
  // Centroids depend on the baseline (examples are compared after it), so they follow it.
  let cache: { baseline: Baseline | null; centroids: PersonalCentroids } | null = null;

  const centroidsFor = (baseline: Baseline | null): PersonalCentroids => {
    if (cache?.baseline !== baseline)
      cache = { baseline, centroids: personalCentroids(deps.model(), examples, baseline) };
    return cache.centroids;
  };

  return {
    classify(frame, baseline) {
      const features = extractFeatures(frame);
      latest = { features, at: deps.now() };
      const scores = deps.classify(features, baseline);
      const centroids = centroidsFor(baseline);
      if (centroids.size === 0) return scores;
      return adaptScores(scores, personalPoint(deps.model(), features, baseline), centroids);
    },
    async keep(mood) {
      if (!latest || deps.now() - latest.at > PERSONAL_EXAMPLE_MAX_AGE_MS) return false;
      const example: PersonalExample = {
        mood,
        version: PERSONAL_FEATURES_VERSION,
        features: toStoredFeatures(latest.features),
      };
      const db = deps.db();
      await db.transaction('rw', db.personalExamples, async () => {
        await db.personalExamples.add({ mood, at: deps.now(), example });
        const rows = await db.personalExamples.where('mood').equals(mood).toArray();
        const old = overflowIds(
          rows.flatMap((r) => (r.id === undefined ? [] : [{ id: r.id, mood: r.mood, at: r.at }])),
        );
        await db.personalExamples.bulkDelete(old);
      });
      await this.reload();
      return true;
    },
    async reload() {
      const rows = await deps.db().personalExamples.toArray();
      examples = rows.map((r) => r.example).filter(isPersonalExample);
      cache = null;
    },
  };
}
