import { describe, expect, it } from 'vitest';
import { SpotifyError } from '@/lib/spotify/errors';
import type { ListeningSession } from './session';
import { type SavedSession, type SaveSessionDeps, saveSession, sessionPlaylistName, sessionView } from './session-save';

const FROM = Date.UTC(2026, 10, 29, 20, 0);
const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function session(trackIds: string[], moods: ListeningSession['moods'] = ['happy', 'sad']): ListeningSession {
  return { from: FROM, to: FROM + 60_000, ongoing: true, trackIds, segments: [], moods };
}

/** A Spotify client that records playlist writes; `failAdd` makes the n-th items request (1-based) fail. */
function fakeSpotify(options: { failAdd?: { call: number; error: Error }; follows?: boolean } = {}) {
  const created: { name: string; description?: string; isPublic?: boolean }[] = [];
  const added: { playlistId: string; uris: string[] }[] = [];
  let addCalls = 0;
  const client: SaveSessionDeps['client'] = {
    async createPlaylist(playlist) {
      created.push(playlist);
      return { id: `pl${created.length}`, uri: `spotify:playlist:pl${created.length}`, name: playlist.name };
    },
    async addPlaylistItems(playlistId, uris) {
      addCalls++;
      if (options.failAdd?.call === addCalls) throw options.failAdd.error;
      added.push({ playlistId, uris: [...uris] });
      return 'snap';
    },
    async followsPlaylist() {
      return options.follows ?? true;
    },
  };
  return { client, created, added };
}

function memory(initial: SavedSession | null = null) {
  let value = initial;
  return {
    load: async () => value,
    store: async (next: SavedSession) => {
      value = next;
    },
    get value() {
      return value;
    },
  };
}

describe('the session playlist', () => {
  it('is named after the moods and the date', () => {
    expect(sessionPlaylistName(['happy', 'sad'], FROM, 'en-GB')).toBe('MoodDJ · happy → sad · 29 Nov 2026');
    expect(sessionPlaylistName(['happy', 'sad', 'angry', 'neutral'], FROM, 'en-GB')).toBe(
      'MoodDJ · happy → … → neutral · 29 Nov 2026',
    );
    expect(sessionPlaylistName([], FROM, 'en-GB')).toBe('MoodDJ · 29 Nov 2026');
  });

  it('is a new private playlist holding the tracks, 100 per request', async () => {
    const spotify = fakeSpotify();
    const store = memory();
    const tracks = ids(230);
    const result = await saveSession({ client: spotify.client, ...store, locale: 'en-GB' }, session(tracks));
    expect(spotify.created).toEqual([
      {
        name: 'MoodDJ · happy → sad · 29 Nov 2026',
        description: expect.stringContaining('Made by MoodDJ'),
        isPublic: false,
      },
    ]);
    expect(spotify.added.map((a) => a.uris.length)).toEqual([100, 100, 30]);
    expect(spotify.added.flatMap((a) => a.uris)).toEqual(tracks.map((id) => `spotify:track:${id}`));
    expect(result.added).toBe(230);
    expect(store.value).toMatchObject({ from: FROM, playlistId: 'pl1', trackIds: tracks });
  });

  it('saved again adds only the tracks queued since, to the same playlist', async () => {
    const spotify = fakeSpotify();
    const store = memory();
    const deps = { client: spotify.client, ...store };
    await saveSession(deps, session(['a', 'b']));
    const again = await saveSession(deps, session(['a', 'b']));
    expect(again.added).toBe(0);
    await saveSession(deps, session(['a', 'b', 'c']));
    expect(spotify.created).toHaveLength(1);
    expect(spotify.added).toEqual([
      { playlistId: 'pl1', uris: ['spotify:track:a', 'spotify:track:b'] },
      { playlistId: 'pl1', uris: ['spotify:track:c'] },
    ]);
  });

  it('makes a new playlist for a new session, or when the person unfollowed the old one', async () => {
    const old = { from: FROM - 1, playlistId: 'old', name: 'x', trackIds: ['a'] };
    const spotify = fakeSpotify();
    await saveSession({ client: spotify.client, ...memory(old) }, session(['a']));
    expect(spotify.created).toHaveLength(1);

    const unfollowed = fakeSpotify({ follows: false });
    const mine = { ...old, from: FROM };
    await saveSession({ client: unfollowed.client, ...memory(mine) }, session(['a', 'b']));
    expect(unfollowed.created).toHaveLength(1);
    expect(unfollowed.added).toEqual([{ playlistId: 'pl1', uris: ['spotify:track:a', 'spotify:track:b'] }]);
  });

  it('loses nothing when a request fails: the next save adds the rest to the same playlist', async () => {
    const failing = fakeSpotify({ failAdd: { call: 2, error: new SpotifyError('rate-limited', '429') } });
    const store = memory();
    const tracks = ids(150);
    await expect(saveSession({ client: failing.client, ...store }, session(tracks))).rejects.toThrow('429');
    expect(store.value?.trackIds).toEqual(tracks.slice(0, 100));

    const working = fakeSpotify();
    const retry = await saveSession({ client: working.client, ...store }, session(tracks));
    expect(working.created).toEqual([]);
    expect(retry.added).toBe(50);
    expect(working.added).toEqual([{ playlistId: 'pl1', uris: tracks.slice(100).map((id) => `spotify:track:${id}`) }]);
  });

  it('a failed creation leaves nothing stored, so the next save creates it', async () => {
    const spotify = fakeSpotify();
    spotify.client.createPlaylist = async () => {
      throw new SpotifyError('network', 'offline');
    };
    const store = memory();
    await expect(saveSession({ client: spotify.client, ...store }, session(['a']))).rejects.toThrow('offline');
    expect(store.value).toBeNull();
  });

  it('shows what is saved and what is new', () => {
    const saved = { from: FROM, playlistId: 'pl1', name: 'MoodDJ · x', trackIds: ['a'] };
    const view = sessionView(session(['a', 'b']), saved, 'en-GB');
    expect(view).toMatchObject({
      tracks: 2,
      unsaved: 1,
      saved: { url: 'https://open.spotify.com/playlist/pl1', name: 'MoodDJ · x', tracks: 1 },
    });
    // A record for another session does not count.
    expect(sessionView(session(['a']), { ...saved, from: 1 }).saved).toBeNull();
  });
});
