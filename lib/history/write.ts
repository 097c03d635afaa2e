import Dexie from 'dexie';
import type { MoodDjDb } from '@/lib/db/schema';
import type { CurrentMood } from '@/lib/live-state/state';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One row per change of the smoothed (or hand-picked) mood, never per frame. */
export async function recordMoodChange(db: MoodDjDb, mood: CurrentMood): Promise<void> {
  await db.moodEvents.add({ at: mood.since, mood: mood.mood, confidence: mood.confidence, source: mood.source });
}

/** Deletes mood changes and plays older than the retention period; returns how many rows went. */
export async function pruneHistory(db: MoodDjDb, retentionDays: number, now: number): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  return db.transaction('rw', db.moodEvents, db.playEvents, async () => {
    const moods = await db.moodEvents.where('at').below(cutoff).delete();
    const plays = await db.playEvents.where('at').below(cutoff).delete();
    return moods + plays;
  });
}

/**
 * Deletes every recorded mood change. Plays stay (they keep recently played tracks from being offered
 * again), but lose the mood they were chosen for, so no trace of how the person felt is left. Skips and
 * completions go entirely: they only mean something for the mood they were queued for.
 * Returns how many mood changes went.
 */
export async function deleteMoodHistory(db: MoodDjDb): Promise<number> {
  return db.transaction('rw', db.moodEvents, db.playEvents, async () => {
    const count = await db.moodEvents.count();
    await db.moodEvents.clear();
    for (const kind of ['skipped', 'completed'] as const) {
      await db.playEvents.where('[kind+at]').between([kind, Dexie.minKey], [kind, Dexie.maxKey]).delete();
    }
    await db.playEvents.toCollection().modify({ mood: null });
    return count;
  });
}
