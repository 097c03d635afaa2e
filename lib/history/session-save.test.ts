import { describe, expect, it } from 'vitest';
import { SpotifyError } from '@/lib/spotify/errors';
import type { ListeningSession } from './session';
import {
  type SavedSession,
  type SaveSessionDeps,
  savedSessionSchema,
  saveSession,
  sessionPlaylistDescription,
  sessionPlaylistName,
  sessionView,
} from './session-save';

const FROM = Date.UTC(2026, 10, 29, 20, 0);
const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function session(trackIds: string[], moods: ListeningSession['moods'] = ['happy', 'sad']): ListeningSession {
  return { from: FROM, to: FROM + 60_000, last: FROM + 60_000, ongoing: true, trackIds, segments: [], moods };
}

/** A record of this test's session, saved to `playlistId`. */
function record(playlistId: string, trackIds: string[], extra: Partial<SavedSession> = {}): SavedSession {
  const base = { id: 's1', last: FROM, name: 'MoodDJ · x', askedAt: null, public: false, others: [] };
  return { ...base, playlistId, trackIds, ...extra };
}

/**
 * A Spotify client that records playlist writes and keeps what each playlist holds; `failAdd` makes the n-th
 * items request (1-based) fail.
 */
function fakeSpotify(options: { failAdd?: { call: number; error: Error }; follows?: boolean | null } = {}) {
  const created: { name: string; description?: string; isPublic?: boolean }[] = [];
  const added: { playlistId: string; uris: string[] }[] = [];
  const holds = new Map<string, string[]>();
  let addCalls = 0;
  const client: SaveSessionDeps['client'] = {
    async me() {
      return { id: 'me', display_name: null };
    },
    async createPlaylist(playlist) {
      created.push(playlist);
      const id = `pl${created.length}`;
      holds.set(id, []);
      return { id, uri: `spotify:playlist:${id}`, name: playlist.name, public: false };
    },
    async addPlaylistItems(playlistId, uris) {
      addCalls++;
      if (options.failAdd?.call === addCalls) throw options.failAdd.error;
      added.push({ playlistId, uris: [...uris] });
      holds.set(playlistId, [...(holds.get(playlistId) ?? []), ...uris]);
      return 'snap';
    },
    async followsPlaylist() {
      return options.follows === undefined ? true : options.follows;
    },
    async myPlaylists() {
      return { items: [], next: null };
    },
    async playlistItems(playlistId) {
      const uris = holds.get(playlistId) ?? [];
      return { items: uris.map((uri) => ({ item: { uri } })), next: null, uris };
    },
  };
  return { client, created, added, holds };
}

/** The store; the record it starts with belongs to the session when its `last` is the session's `FROM`. */
function memory(initial: SavedSession | null = null) {
  let value = initial;
  return {
    load: async () => value,
    belongs: async (saved: SavedSession) => saved.last >= FROM,
    store: async (next: SavedSession) => {
      value = next;
    },
    newId: () => 'new-session',
    now: () => FROM + 120_000,
    naming: { withMoods: false, locale: 'en-GB' },
    get value() {
      return value;
    },
  };
}

const MOOD_NAMES = /happy|sad|angry|neutral|surprised/i;
/** `at`'s local time as en-GB writes it ("20:00"): the machine's time zone decides it, as the browser's would. */
const hhmm = (at: number) => new Date(at).toTimeString().slice(0, 5);

describe('the session playlist', () => {
  it('says nothing about moods by default: named by the session’s date and start time', () => {
    const naming = { withMoods: false, locale: 'en-GB' };
    expect(sessionPlaylistName(['happy', 'sad'], FROM, naming)).toBe(`MoodDJ · 29 Nov 2026, ${hhmm(FROM)}`);
    expect(sessionPlaylistName([], FROM, naming)).toBe(`MoodDJ · 29 Nov 2026, ${hhmm(FROM)}`);
    const description = sessionPlaylistDescription(['happy', 'sad'], FROM, naming);
    expect(description).toContain('29 Nov 2026');
    expect(description).not.toMatch(MOOD_NAMES);
    // Two sessions of one day have two names.
    expect(sessionPlaylistName(['sad'], FROM + 3 * 3600_000, naming)).toBe(
      `MoodDJ · 29 Nov 2026, ${hhmm(FROM + 3 * 3600_000)}`,
    );
  });

  it('is named after the moods and the date when the person asked for moods in names', () => {
    const naming = { withMoods: true, locale: 'en-GB' };
    expect(sessionPlaylistName(['happy', 'sad'], FROM, naming)).toBe('MoodDJ · Happy → Sad · 29 Nov 2026');
    expect(sessionPlaylistName(['happy', 'sad', 'angry', 'neutral'], FROM, naming)).toBe(
      'MoodDJ · Happy → … → Neutral · 29 Nov 2026',
    );
    expect(sessionPlaylistName([], FROM, naming)).toBe(`MoodDJ · 29 Nov 2026, ${hhmm(FROM)}`);
    expect(sessionPlaylistDescription(['happy', 'sad'], FROM, naming)).toContain('(Happy → Sad)');
    expect(sessionPlaylistDescription([], FROM, naming)).not.toMatch(MOOD_NAMES);
  });

  it('is a new private playlist holding the tracks, 100 per request, its name and description free of moods', async () => {
    const spotify = fakeSpotify();
    const store = memory();
    const tracks = ids(230);
    const result = await saveSession({ client: spotify.client, ...store }, session(tracks));
    expect(spotify.created).toEqual([
      {
        name: `MoodDJ · 29 Nov 2026, ${hhmm(FROM)}`,
        description: expect.stringContaining('Made by MoodDJ'),
        isPublic: false,
      },
    ]);
    expect(spotify.created[0]?.description).not.toMatch(MOOD_NAMES);
    expect(store.value).toMatchObject({ id: 'new-session', askedAt: null, public: false });
    expect(spotify.added.map((a) => a.uris.length)).toEqual([100, 100, 30]);
    expect(spotify.added.flatMap((a) => a.uris)).toEqual(tracks.map((id) => `spotify:track:${id}`));
    expect(result.added).toBe(230);
    expect(store.value).toMatchObject({ playlistId: 'pl1', trackIds: tracks });
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
    const old = record('old', ['a'], { last: FROM - 1 });
    const spotify = fakeSpotify();
    const store = memory(old);
    await saveSession({ client: spotify.client, ...store }, session(['a']));
    expect(spotify.created).toHaveLength(1);
    // A new identity, which remembers the earlier session's playlist as not its own.
    expect(store.value).toMatchObject({ id: 'new-session', playlistId: 'pl1', others: ['old'] });

    const unfollowed = fakeSpotify({ follows: false });
    const mine = memory(record('old', ['a']));
    await saveSession({ client: unfollowed.client, ...mine }, session(['a', 'b']));
    expect(unfollowed.created).toHaveLength(1);
    expect(unfollowed.added).toEqual([{ playlistId: 'pl1', uris: ['spotify:track:a', 'spotify:track:b'] }]);
    expect(mine.value).toMatchObject({ id: 's1', playlistId: 'pl1', others: ['old'] });
  });

  it('writes to the playlist it has when Spotify will not say whether it is still followed', async () => {
    const spotify = fakeSpotify({ follows: null });
    spotify.holds.set('pl9', ['spotify:track:a']);
    await saveSession({ client: spotify.client, ...memory(record('pl9', ['a'])) }, session(['a', 'b']));
    expect(spotify.created).toEqual([]);
    expect(spotify.added).toEqual([{ playlistId: 'pl9', uris: ['spotify:track:b'] }]);
  });

  it('loses nothing when a request fails: the next save adds the rest to the same playlist', async () => {
    const failing = fakeSpotify({ failAdd: { call: 2, error: new SpotifyError('rate-limited', '429') } });
    const store = memory();
    const tracks = ids(150);
    await expect(saveSession({ client: failing.client, ...store }, session(tracks))).rejects.toThrow('429');
    expect(store.value?.trackIds).toEqual(tracks.slice(0, 100));

    const working = fakeSpotify();
    working.holds.set(
      'pl1',
      tracks.slice(0, 100).map((id) => `spotify:track:${id}`),
    );
    const retry = await saveSession({ client: working.client, ...store }, session(tracks));
    expect(working.created).toEqual([]);
    expect(retry.added).toBe(50);
    expect(working.added).toEqual([{ playlistId: 'pl1', uris: tracks.slice(100).map((id) => `spotify:track:${id}`) }]);
  });

  it('a creation Spotify refused leaves no intent behind, so the next save creates without looking', async () => {
    const spotify = fakeSpotify();
    spotify.client.createPlaylist = async () => {
      throw new SpotifyError('not-registered', 'not registered', { status: 403 });
    };
    const store = memory();
    await expect(saveSession({ client: spotify.client, ...store }, session(['a']))).rejects.toThrow('not registered');
    expect(store.value).toMatchObject({ playlistId: null, askedAt: null, trackIds: [] });
  });

  it('a creation whose answer was lost keeps its intent (name, time), stored before the request', async () => {
    const spotify = fakeSpotify();
    const store = memory();
    spotify.client.createPlaylist = async () => {
      // What a restarted worker would find: the intent is already there.
      expect(store.value).toMatchObject({ playlistId: null, name: 'MoodDJ · Happy → Sad · 29 Nov 2026' });
      throw new SpotifyError('maybe-applied', '502', { status: 502 });
    };
    const withMoods = { withMoods: true, locale: 'en-GB' };
    await expect(
      saveSession({ client: spotify.client, ...store, naming: withMoods }, session(['a'])),
    ).rejects.toThrow();
    expect(store.value).toMatchObject({ playlistId: null, askedAt: FROM + 120_000 });
  });

  it('shows what is saved and what is new, and what Spotify reported about the profile', () => {
    const saved = record('pl1', ['a'], { public: true });
    const view = sessionView(session(['a', 'b']), saved, { withMoods: false, locale: 'en-GB' });
    expect(view).toMatchObject({
      tracks: 2,
      unsaved: 1,
      saved: { url: 'https://open.spotify.com/playlist/pl1', name: 'MoodDJ · x', tracks: 1, public: true },
    });
    // A create under way is not a saved playlist yet.
    const asked = record('pl1', [], { playlistId: null, askedAt: FROM });
    expect(sessionView(session(['a']), asked, { withMoods: false }).saved).toBeNull();
  });

  it('reads a record from an older MoodDJ as a session of its own', () => {
    const legacy = { from: FROM, playlistId: 'pl1', name: 'MoodDJ · x', trackIds: ['a'] };
    expect(savedSessionSchema.parse(legacy)).toEqual({
      id: `session-${FROM}`,
      last: FROM,
      name: 'MoodDJ · x',
      playlistId: 'pl1',
      askedAt: null,
      public: null,
      trackIds: ['a'],
      others: [],
    });
  });
});
