import { LIKED_SOURCE, type MoodDjDb, type TrackRow, trackSources } from '@/lib/db/schema';
import type { SavedTrackRow } from '@/lib/spotify/client';

/*
 * Each track keeps where it comes from: Liked Songs and the chosen playlists. A track is stored once,
 * however many sources hold it, and leaves the library when the last of them no longer does. Call these inside a
 * read-write transaction over `tracks` and `featureQueue`.
 */

/**
 * Stores `rows` as found in `source`, merged with what is stored: the sources add up. Liked Songs' data wins (its
 * `addedAt` is when the person saved it, which the incremental listing goes by); a playlist's rows only add their
 * source to a known track. `seenInSync` is the library listing's run (0 for a playlist's new track).
 */
export async function putFromSource(
  db: MoodDjDb,
  source: string,
  rows: readonly SavedTrackRow[],
  seenInSync?: number,
): Promise<void> {
  if (rows.length === 0) return;
  const stored = await db.tracks.bulkGet(rows.map((row) => row.id));
  const merged: TrackRow[] = rows.map((row, i) => {
    const old = stored[i];
    const sources = old ? [...new Set([...trackSources(old), source])] : [source];
    if (!old) return { ...row, seenInSync: seenInSync ?? 0, sources };
    if (source === LIKED_SOURCE) return { ...row, seenInSync: seenInSync ?? old.seenInSync, sources };
    return { ...old, playable: row.playable, sources };
  });
  await db.tracks.bulkPut(merged);
}

/**
 * Takes `source` off every track that has it, except `keep`; a track left in no source leaves the library (its
 * features stay cached: adding it back must not cost another request). Returns how many tracks left.
 */
export async function dropSource(db: MoodDjDb, source: string, keep: ReadonlySet<string> = new Set()): Promise<number> {
  const rows = await db.tracks.where('sources').equals(source).toArray();
  return dropFrom(
    db,
    source,
    rows.filter((row) => !keep.has(row.id)),
  );
}

/** Takes `source` off `rows`, deleting those left in no source. Returns how many tracks left. */
export async function dropFrom(db: MoodDjDb, source: string, rows: readonly TrackRow[]): Promise<number> {
  const gone: string[] = [];
  const kept: { key: string; changes: Partial<TrackRow> }[] = [];
  for (const row of rows) {
    const sources = trackSources(row).filter((s) => s !== source);
    if (sources.length === 0) gone.push(row.id);
    else kept.push({ key: row.id, changes: { sources } });
  }
  await db.tracks.bulkUpdate(kept);
  await db.tracks.bulkDelete(gone);
  await db.featureQueue.bulkDelete(gone);
  return gone.length;
}
