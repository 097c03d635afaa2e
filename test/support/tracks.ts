import type { FeaturesRow, MoodDjDb, TrackRow } from '@/lib/db/schema';

/** Where a track sits on the three axes the moods are ranged on. */
export interface MoodPoint {
  valence: number;
  energy: number;
  tempo: number;
}

/** A track known both as saved and analysed; `track` overrides fields of its {@link savedTrack} row. */
export interface AnalysedTrack extends MoodPoint {
  id: string;
  track?: Partial<TrackRow>;
}

/** A saved-track row for `id` (named `id`, one artist `a-${id}`, playable), seen in sync run 1; `fields` override any of it. */
export function savedTrack(id: string, fields: Partial<TrackRow> = {}): TrackRow {
  return {
    id,
    uri: `spotify:track:${id}`,
    name: id,
    artists: [`a-${id}`],
    artistIds: [`a-${id}`],
    album: 'Album',
    durationMs: 200_000,
    addedAt: '2026-01-01T00:00:00Z',
    seenInSync: 1,
    playable: true,
    ...fields,
  };
}

/** ReccoBeats' features for `trackId` at `point`, the features the moods do not use unknown. */
export function featuresAt(trackId: string, { valence, energy, tempo }: MoodPoint): FeaturesRow {
  return {
    trackId,
    provider: 'reccobeats',
    fetchedAt: 1,
    valence,
    energy,
    tempo,
    danceability: null,
    acousticness: null,
    instrumentalness: null,
    liveness: null,
    speechiness: null,
    loudness: null,
  };
}

/** Saved tracks with their features, as a finished sync leaves them. */
export async function putAnalysedTracks(db: MoodDjDb, tracks: readonly AnalysedTrack[]): Promise<void> {
  await db.tracks.bulkPut(tracks.map(({ id, track }) => savedTrack(id, track)));
  await db.features.bulkPut(tracks.map((t) => featuresAt(t.id, t)));
}
