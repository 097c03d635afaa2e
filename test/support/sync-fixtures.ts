import type { LibraryPage, LibraryTrack } from '@/lib/sync/library';

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
        total: all.length,
        hasNext: offset + limit < all.length,
      };
    },
  };
  return api;
}
