import { z } from 'zod';
import type { SavedTrackRow } from './client';
import { PLAYLISTS_MAX_LIMIT, pageParams } from './playlists';
import {
  type PlaylistItemsPage,
  PlaylistItemsPageSchema,
  type PlaylistsPage,
  PlaylistsPageSchema,
  TrackSchema,
} from './schemas';

/*
 * Reading playlists: the user's list (`GET /me/playlists`) and a playlist's entries (`GET /playlists/{id}/items`,
 * since February 2026 each entry's track under `item`). Kept apart from the client's other calls, which it joins
 * through `playlistReads(getJson)`, so both stay one concept a module.
 */

/** How the client reads JSON: through the gate, retried, validated. */
type GetJson = <T>(
  path: string,
  label: string,
  schema: z.ZodType<T>,
  init?: { searchParams: Record<string, number> },
) => Promise<T>;

/** One entry of a playlist, read on its own like a saved item: episodes and local files are not tracks. */
const PlaylistEntrySchema = z.looseObject({
  added_at: z.iso.datetime({ offset: true }).nullable().optional(),
  item: TrackSchema.nullable().optional(),
  track: TrackSchema.nullable().optional(),
});

/**
 * A page of a playlist's tracks as rows for the library. Entries that are not tracks (episodes), local files,
 * unavailable tracks and malformed entries are skipped and counted in `itemCount` (for the offset).
 */
export const PlaylistTracksPageSchema = z
  .looseObject({
    items: z.array(z.unknown()),
    next: z.string().nullable().default(null),
    total: z.number().int().nonnegative().optional(),
  })
  .transform((page) => {
    const tracks: SavedTrackRow[] = [];
    for (const raw of page.items) {
      const parsed = PlaylistEntrySchema.safeParse(raw);
      const track = parsed.success ? (parsed.data.item ?? parsed.data.track) : null;
      if (!parsed.success || !track || track.is_local || !track.id) continue;
      tracks.push({
        id: track.id,
        uri: track.uri,
        name: track.name,
        artists: track.artists.map((artist) => artist.name),
        artistIds: track.artists.flatMap((artist) => (artist.id ? [artist.id] : [])),
        album: track.album.name,
        durationMs: track.duration_ms,
        addedAt: parsed.data.added_at ?? '1970-01-01T00:00:00Z',
        playable: track.is_playable !== false,
      });
    }
    return { tracks, itemCount: page.items.length, next: page.next, total: page.total ?? null };
  });
export type PlaylistTracksPage = z.infer<typeof PlaylistTracksPageSchema>;

/** The client's playlist reads. */
export interface PlaylistReads {
  /** One page of the playlists the user owns or follows (`GET /me/playlists`); `limit` is 1–50. */
  myPlaylists(page: { offset: number; limit?: number }): Promise<PlaylistsPage>;
  /** One page of a playlist's entries (`GET /playlists/{id}/items`, 2026: each under `item`); `limit` is 1–50. */
  playlistItems(playlistId: string, page: { offset: number; limit?: number }): Promise<PlaylistItemsPage>;
  /** The same page as rows for the library (the playlist as a source of tracks). */
  playlistTracks(playlistId: string, page: { offset: number; limit?: number }): Promise<PlaylistTracksPage>;
}

export function playlistReads(getJson: GetJson): PlaylistReads {
  const items = <T>(playlistId: string, offset: number, limit: number, schema: z.ZodType<T>) =>
    getJson(`playlists/${encodeURIComponent(playlistId)}/items`, 'GET /playlists/{id}/items', schema, {
      searchParams: pageParams(offset, limit),
    });
  return {
    myPlaylists: ({ offset, limit = PLAYLISTS_MAX_LIMIT }) =>
      getJson('me/playlists', 'GET /me/playlists', PlaylistsPageSchema, { searchParams: pageParams(offset, limit) }),
    playlistItems: (playlistId, { offset, limit = PLAYLISTS_MAX_LIMIT }) =>
      items(playlistId, offset, limit, PlaylistItemsPageSchema),
    playlistTracks: (playlistId, { offset, limit = PLAYLISTS_MAX_LIMIT }) =>
      items(playlistId, offset, limit, PlaylistTracksPageSchema),
  };
}
