import type { MoodDjDb } from '@/lib/db/schema';
import { reportError } from '@/lib/errors/report';

/**
 * Returns MoodDJ to its first run: disconnects Spotify, then empties every table (secrets and the
 * calibration included) in one transaction, then clears the settings. The background runs it with the
 * sync stopped (`lib/data/service.ts`).
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
