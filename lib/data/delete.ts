import type { MoodDjDb } from '@/lib/db/schema';
import { reportError } from '@/lib/errors/report';

/**
 * Deletes every recorded mood change. Plays stay (they keep recently played tracks from being offered
 * again), but lose the mood they were chosen for, so no trace of how the person felt is left.
 * Returns how many mood changes went.
 */
export async function deleteMoodHistory(db: MoodDjDb): Promise<number> {
  return db.transaction('rw', db.moodEvents, db.playEvents, async () => {
    const count = await db.moodEvents.count();
    await db.moodEvents.clear();
    await db.playEvents.toCollection().modify({ mood: null });
    return count;
  });
}

/**
 * Returns MoodDJ to its first run: disconnects Spotify, then empties every table (secrets and the
 * calibration included) in one transaction, then clears the settings. The background runs it with the
 * sync stopped (`lib/background/data-controller.ts`).
 *
 * `disconnect` runs first so the Spotify session is forgotten (through the token store); if it fails the
 * deletion still happens, since the tokens live in the `secrets` table it empties.
 */
export async function deleteEverything(
  db: MoodDjDb,
  clearSettings: () => Promise<void>,
  disconnect: () => Promise<void>,
): Promise<void> {
  try {
    await disconnect();
  } catch (error) {
    reportError('db', new Error(`Disconnecting Spotify before deleting everything failed: ${String(error)}`));
  }
  await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((table) => table.clear())));
  await clearSettings();
}
