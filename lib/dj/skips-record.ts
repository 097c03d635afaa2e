import type { MoodDjDb } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import type { PickableMood } from '@/lib/mood/types';
import type { CurrentlyPlaying } from '@/lib/spotify/schemas';
import { EMPTY_WATCH, observePlayer, skipWatchSchema } from './skips';

/** The skip watch between sightings: the service worker may stop in between. */
const skipWatchValue = storedValue('dj-skip-watch', skipWatchSchema, () => EMPTY_WATCH);

/**
 * Feeds one read of the player to the skip watch (`skips.ts`) and writes a `skipped` or `completed` play event
 * when a track MoodDJ queued was left. `queuedFor` is the mood MoodDJ queued the playing track for, when it
 * has just started. "Nothing playing" (a 204) is no sighting: a device gone quiet leaves no track.
 */
export async function recordSkips(
  db: MoodDjDb,
  playing: CurrentlyPlaying | null,
  queuedFor: PickableMood | null,
  now: number,
): Promise<void> {
  if (!playing) return;
  const item = playing.item;
  const sighting = {
    at: now,
    trackId: item?.id ?? null,
    progressMs: playing.progress_ms,
    playing: playing.is_playing,
    durationMs: item?.duration_ms ?? null,
  };
  const { watch, outcome } = observePlayer(await skipWatchValue.get(db), sighting, queuedFor);
  await skipWatchValue.set(db, watch, now);
  if (outcome) {
    await db.playEvents.add({ at: outcome.at, trackId: outcome.trackId, kind: outcome.kind, mood: outcome.mood });
  }
}
