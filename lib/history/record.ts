import { db } from '@/lib/db/schema';
import type { CurrentMood } from '@/lib/live-state/state';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One row per change of the smoothed (or hand-picked) mood, never per frame. */
export async function recordMoodChange(mood: CurrentMood): Promise<void> {
  await db().moodEvents.add({ at: mood.since, mood: mood.mood, confidence: mood.confidence, source: mood.source });
}

/** Deletes history older than the retention period; returns how many rows went. */
export async function pruneHistory(retentionDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  const database = db();
  return database.transaction('rw', database.moodEvents, database.playEvents, async () => {
    const moods = await database.moodEvents.where('at').below(cutoff).delete();
    const plays = await database.playEvents.where('at').below(cutoff).delete();
    return moods + plays;
  });
}
