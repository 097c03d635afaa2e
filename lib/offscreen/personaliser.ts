import type { MoodDjDb } from '@/lib/db/schema';
import type { PreparedModel } from '@/lib/mood/model';
import {
  createPersonalAdaptation,
  isPersonalExample,
  overflowIds,
  PERSONAL_EXAMPLE_MAX_AGE_MS,
  PERSONAL_FEATURES_VERSION,
  type PersonalAdaptation,
  type PersonalExample,
  toStoredFeatures,
} from '@/lib/mood/personal';
import type { Mood } from '@/lib/mood/types';

/**
 * The offscreen document's side of "Not how I feel: I'm …" (a face the camera misreads, labelled by the person on
 * purpose): it remembers the latest face's feature vector (and nothing older), keeps it in IndexedDB as an example
 * when the background asks, and adapts every classification to the stored examples (`adapt`, the mood pipeline's
 * personal step). The numbers never leave this document except into IndexedDB.
 */
export interface Personaliser extends PersonalAdaptation {
  /** Stores the latest face (if at most `PERSONAL_EXAMPLE_MAX_AGE_MS` old) as an example of `mood`. */
  keep(mood: Mood): Promise<boolean>;
  /** Reads the examples from IndexedDB again (after a deletion, or at start). */
  reload(): Promise<void>;
}

export function createPersonaliser(deps: {
  db: () => MoodDjDb;
  /** The model the examples are compared in; asked for on the first face, not at start. */
  model: () => PreparedModel;
  now: () => number;
}): Personaliser {
  let latest: { features: ReadonlyArray<number>; at: number } | null = null;
  let examples: PersonalExample[] = [];
  let adaptation: PersonalAdaptation | null = null;

  return {
    adapt(features, scores, baseline) {
      latest = { features, at: deps.now() };
      adaptation ??= createPersonalAdaptation(deps.model(), examples);
      return adaptation.adapt(features, scores, baseline);
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
      adaptation = null;
    },
  };
}
