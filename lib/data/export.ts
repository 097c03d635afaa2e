import type { MoodDjDb } from '@/lib/db/schema';
import { parseSettings, type Settings } from '@/lib/settings/schema';
import { EXPORT_FORMAT, EXPORT_VERSION, type MoodDjExport } from './format';

/** Every key at any depth of a settings object, so a secret-looking one can be caught by the compiler. */
type DeepKeys<T> = T extends readonly unknown[]
  ? never
  : T extends object
    ? { [K in keyof T & string]: K | DeepKeys<T[K]> }[keyof T & string]
    : never;
type SecretLike =
  `${string}${'token' | 'Token' | 'secret' | 'Secret' | 'key' | 'Key' | 'password' | 'Password'}${string}`;
/**
 * Settings must never hold a secret (tokens and keys live in the `secrets` table). If someone adds a
 * field like `spotify.apiKey` to the settings schema, this line stops compiling: move it to `secrets`.
 */
const settingsHoldNoSecrets: Extract<DeepKeys<Settings>, SecretLike> extends never ? true : never = true;
void settingsHoldNoSecrets;

/**
 * Reads everything a person can take elsewhere into one versioned object. The tables are read in one
 * transaction, so the file is a consistent snapshot even while a sync or the camera writes.
 *
 * `readSettings` may return the raw stored value: it goes through the settings schema, which keeps only
 * declared fields, so nothing else stored under the settings key can leak into the file.
 * Never read: `secrets`, `calibration` and `personalExamples` (derived from the face; they stay on this device),
 * `featureQueue` and `syncState` (this device's bookkeeping, rebuilt on import).
 */
export async function exportEverything(
  db: MoodDjDb,
  readSettings: () => Promise<unknown>,
  now: () => Date = () => new Date(),
): Promise<MoodDjExport> {
  const { settings } = parseSettings(await readSettings());
  const [tracks, features, moodHistory, playHistory] = await db.transaction(
    'r',
    [db.tracks, db.features, db.moodEvents, db.playEvents],
    () => Promise.all([db.tracks.toArray(), db.features.toArray(), db.moodEvents.toArray(), db.playEvents.toArray()]),
  );
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now().toISOString(),
    settings,
    library: {
      tracks: tracks.map(({ seenInSync: _device, playable: _now, sources: _where, ...track }) => track),
      features,
    },
    moodHistory,
    playHistory,
  };
}
