import { SavedTracksPageSchema } from '@/lib/spotify/schemas';
import { type LibraryPage, type LibraryTrack, toLibraryPage } from '@/lib/sync/library';

/** A deterministic saved library, newest first, like `GET /me/tracks` returns it. */
export function makeLibrary(count: number, startId = 0): LibraryTrack[] {
  return Array.from({ length: count }, (_, i) => {
    const n = startId + i;
    const id = `t${String(n).padStart(21, '0')}`;
    return {
      id,
      uri: `spotify:track:${id}`,
      name: `Track ${n}`,
      artists: [`Artist ${n % 97}`],
      artistIds: [`a${n % 97}`],
      album: `Album ${n % 31}`,
      durationMs: 180_000 + n,
      // Newest first: a higher index was saved earlier.
      addedAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString(),
      playable: true,
    };
  });
}

/** A fake Spotify library endpoint over `library`, counting requests; `skipped` items are dropped like local files. */
export function fakeLibraryApi(library: () => LibraryTrack[], skipped: ReadonlySet<string> = new Set()) {
  const api = {
    requests: 0,
    async fetchPage(offset: number, limit: number): Promise<LibraryPage> {
      api.requests++;
      const all = library();
      const items = all.slice(offset, offset + limit);
      return {
        tracks: items.filter((t) => !skipped.has(t.id)),
        itemCount: items.length,
        unreadable: 0,
        total: all.length,
        hasNext: offset + limit < all.length,
      };
    },
  };
  return api;
}

/**
 * A fake `GET /me/tracks` over `library`, answering Spotify's JSON and read the way the sync reads it (the real
 * page schema, then `toLibraryPage`). Tracks in `unplayable` carry `is_playable: false`; the items at the
 * positions in `malformedAt` have a track without its `uri`, which no schema accepts.
 */
export function spotifyLibraryApi(
  library: () => LibraryTrack[],
  odd: { unplayable?: () => ReadonlySet<string>; malformedAt?: ReadonlySet<number> } = {},
) {
  const api = {
    requests: 0,
    async fetchPage(offset: number, limit: number): Promise<LibraryPage> {
      api.requests++;
      const all = library();
      const unplayable = odd.unplayable?.() ?? new Set<string>();
      const items = all.slice(offset, offset + limit).map((t, i) => ({
        added_at: t.addedAt,
        track: {
          id: t.id,
          uri: odd.malformedAt?.has(offset + i) ? undefined : t.uri,
          name: t.name,
          artists: t.artists.map((name, a) => ({ id: t.artistIds[a] ?? null, name })),
          album: { name: t.album },
          duration_ms: t.durationMs,
          is_local: false,
          is_playable: !unplayable.has(t.id),
        },
      }));
      const next = offset + limit < all.length ? `https://api.spotify.com/v1/me/tracks?offset=${offset + limit}` : null;
      const json = JSON.parse(JSON.stringify({ items, next, total: all.length, offset, limit }));
      return toLibraryPage(SavedTracksPageSchema.parse(json));
    },
  };
  return api;
}
