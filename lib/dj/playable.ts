import type { MoodDjDb, TrackRow } from '@/lib/db/schema';

/*
 * Spotify lists saved tracks the user cannot play with `is_playable: false`; the library keeps them
 * (`TrackRow.playable`), and the DJ never suggests, queues or adds one to a playlist. The ranking already leaves
 * them out; the DJ checks again, since a suggestion may be older than the sync that turned its track unplayable.
 */

/** `picks` without the tracks the user cannot play. */
export function playableOnly<T extends { track: Pick<TrackRow, 'playable'> }>(picks: readonly T[]): T[] {
  return picks.filter((pick) => pick.track.playable);
}

/** The saved tracks of `ids` the user can play, in order; unknown ids are left out. */
export async function playableTracks(db: MoodDjDb, ids: readonly string[]): Promise<TrackRow[]> {
  const rows = await db.tracks.bulkGet([...ids]);
  return rows.filter((row): row is TrackRow => row?.playable === true);
}
