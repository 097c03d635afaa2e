import { describe, expect, it } from 'vitest';
import { sharedSpotifyPayloads } from '@/test/support/spotify';
import type { SpotifyClient } from './client';
import { SpotifyError } from './errors';
import { createPlaylistOnce, FIND_PLAYLIST_PAGES, findOwnPlaylist, playlistUris } from './playlists';
import { type Playlist, PlaylistItemsPageSchema, type PlaylistsPage } from './schemas';

const mine = (id: string, name: string, owner = 'me'): Playlist => ({
  id,
  uri: `spotify:playlist:${id}`,
  name,
  public: false,
  owner: { id: owner },
});

/** `GET /me/playlists` over `all`, 50 a page, counting the pages read. */
function listing(all: (Playlist | null)[]) {
  const asked: number[] = [];
  const client: Pick<SpotifyClient, 'me' | 'myPlaylists'> = {
    me: async () => ({ id: 'me', display_name: null }),
    myPlaylists: async ({ offset }): Promise<PlaylistsPage> => {
      asked.push(offset);
      return { items: all.slice(offset, offset + 50), next: offset + 50 < all.length ? 'more' : null };
    },
  };
  return { client, asked };
}

describe('finding the playlist a lost answer may have made', () => {
  it("finds it by name among the user's own, leaving out the ones known to be another session's", async () => {
    const { client } = listing([
      mine('newest', 'MoodDJ · happy · 29 Nov 2026'),
      mine('theirs', 'MoodDJ · sad · 29 Nov 2026', 'someone-else'),
      null,
      mine('ours', 'MoodDJ · sad · 29 Nov 2026'),
    ]);
    expect((await findOwnPlaylist(client, 'MoodDJ · sad · 29 Nov 2026'))?.id).toBe('ours');
    expect(await findOwnPlaylist(client, 'MoodDJ · happy · 29 Nov 2026', ['newest'])).toBeNull();
  });

  it('reads page after page, but no more than its limit', async () => {
    const many = Array.from({ length: 50 * (FIND_PLAYLIST_PAGES + 2) }, (_, i) => mine(`p${i}`, `Other ${i}`));
    const found = listing([...many.slice(0, 120), mine('late', 'MoodDJ · x'), ...many.slice(120)]);
    expect((await findOwnPlaylist(found.client, 'MoodDJ · x'))?.id).toBe('late');
    expect(found.asked).toEqual([0, 50, 100]);
    const none = listing(many);
    expect(await findOwnPlaylist(none.client, 'MoodDJ · x')).toBeNull();
    expect(none.asked).toHaveLength(FIND_PLAYLIST_PAGES);
  });
});

describe("reading a playlist's entries", () => {
  it('collects the URIs of every page, 2026 `item` and older `track` alike, skipping unavailable ones', async () => {
    const pages = [
      { items: [{ item: { uri: 'spotify:track:a' } }, { track: { uri: 'spotify:track:b' } }, { item: null }] },
      { items: [{ item: { uri: 'spotify:track:c' } }] },
    ].map((page, i) => PlaylistItemsPageSchema.parse({ ...page, next: i === 0 ? 'more' : null }));
    const client: Pick<SpotifyClient, 'playlistItems'> = {
      playlistItems: async (_id, { offset }) => {
        const page = pages[offset / 50];
        if (!page) throw new Error('read past the last page');
        return page;
      },
    };
    expect([...(await playlistUris(client, 'pl1'))]).toEqual(['spotify:track:a', 'spotify:track:b', 'spotify:track:c']);
  });

  it.skipIf(sharedSpotifyPayloads() === null)('reads the recorded playlist page (local files, `track`)', () => {
    const file = sharedSpotifyPayloads()?.find((f) => f.name.startsWith('playlist-items-with-local-files__'));
    const page = PlaylistItemsPageSchema.parse(JSON.parse(file?.text ?? ''));
    expect(page.next).toBeNull();
    expect(page.uris.length).toBe(page.items.length);
    expect(page.uris.every((uri) => typeof uri === 'string' && uri.startsWith('spotify:'))).toBe(true);
  });
});

describe('creating a playlist once', () => {
  function creating(error: Error | null) {
    const steps: string[] = [];
    const client: Pick<SpotifyClient, 'createPlaylist'> = {
      createPlaylist: async (playlist) => {
        steps.push(`create public:${playlist.isPublic}`);
        if (error) throw error;
        return mine('pl1', playlist.name);
      },
    };
    const intent = {
      remember: async () => void steps.push('remember'),
      forget: async () => void steps.push('forget'),
    };
    return { run: () => createPlaylistOnce(client, { name: 'n', description: 'd' }, intent), steps };
  }

  it('stores the intent before the request, and asks to keep the playlist off the profile', async () => {
    const { run, steps } = creating(null);
    expect((await run()).id).toBe('pl1');
    expect(steps).toEqual(['remember', 'create public:false']);
  });

  it('keeps the intent when Spotify may have made it, drops it when Spotify refused', async () => {
    for (const [error, kept] of [
      [new SpotifyError('maybe-applied', '502', { status: 502 }), true],
      [new SpotifyError('network', 'offline'), true],
      [new SpotifyError('not-registered', 'no', { status: 403 }), false],
      [new SpotifyError('rate-limited', '429', { status: 429 }), false],
    ] as const) {
      const { run, steps } = creating(error);
      await expect(run()).rejects.toBe(error);
      expect(steps.includes('forget'), error.kind).toBe(!kept);
    }
  });
});
