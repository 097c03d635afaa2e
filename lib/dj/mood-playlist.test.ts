import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpotifyFake, fetchFor, type SpotifyFakeOptions } from '@/e2e/fakes/spotify-server';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { createSpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { fillMoodPlaylist, playlistTarget, SHARED_KEY } from './mood-playlist';

let db: MoodDjDb;
beforeEach(() => {
  db = openDb(`mood-playlist-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

const uris = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `spotify:track:t${from + i}`);

/** The mood playlist on the real client, talking to the fake Spotify. */
function setup(options: Partial<SpotifyFakeOptions> = {}) {
  const fake = createSpotifyFake({ tracks: [], retryAfterSec: 0, ...options });
  const issued = fake.issueTokens();
  const client = createSpotifyClient({
    tokens: { accessToken: async () => issued.accessToken, forceRefresh: async () => issued.accessToken },
    fetch: fetchFor(fake),
    retryDelayMs: () => 0,
  });
  const deps = { db, client, now: () => 1_000 };
  // With moods in names, as an older MoodDJ named them: the tests below are about making it once, whatever its name.
  const fill = (list: string[]) => fillMoodPlaylist(deps, playlistTarget('sad', 'Sad', true), list);
  return { fake, fill, deps };
}

describe('the mood playlist', () => {
  it('a 502 after Spotify made it: the next try finds it by name and makes none', async () => {
    const { fake, fill } = setup();
    fake.fail.next(1, 'appliedThen502', 'createPlaylist');
    await expect(fill(uris(3))).rejects.toMatchObject({ kind: 'maybe-applied' });
    const made = await fill(uris(3));
    expect(fake.recorded.createdPlaylists.map((p) => [p.id, p.name])).toEqual([[made.id, 'MoodDJ · Sad']]);
    expect(fake.playlist(made.id)?.uris).toEqual(uris(3));
    expect(fake.requests.myPlaylists).toBe(1);
    // Known from now on: no more looking.
    await fill(uris(2, 5));
    expect(fake.requests.myPlaylists).toBe(1);
    expect(fake.playlist(made.id)?.uris).toEqual(uris(2, 5));
  });

  it('refills it when /me/library/contains answers the bare 403, and never asks the removed endpoint', async () => {
    const { fake, fill } = setup();
    const made = await fill(uris(3));
    fake.fail.next(1, 'endpointRemoved', 'libraryContains');
    expect(await fill(uris(2, 10))).toEqual(made);
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    expect(fake.playlist(made.id)?.uris).toEqual(uris(2, 10));
    expect(fake.requests.removed).toBe(0);
  });

  it('says what Spotify reports: public:true for a playlist asked to be kept off the profile', async () => {
    const { fake, fill } = setup({ ignorePublicFalse: true });
    expect((await fill(uris(1))).public).toBe(true);
    expect(fake.recorded.createdPlaylists.map((p) => p.public)).toEqual([true]);
    // Still known when refilled.
    expect((await fill(uris(1))).public).toBe(true);
  });

  it('a refused create leaves no intent: the next try creates without looking', async () => {
    const { fake, fill } = setup();
    fake.fail.next(1, 'insufficientScope', 'createPlaylist');
    await expect(fill(uris(1))).rejects.toBeInstanceOf(SpotifyError);
    await fill(uris(1));
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    expect(fake.requests.myPlaylists).toBe(0);
  });

  it('reads the id an older MoodDJ stored', async () => {
    const { fake, fill } = setup();
    const first = await fill(uris(1));
    await db.syncState.put({ key: 'dj-playlists', value: { sad: first.id }, updatedAt: 0 });
    expect(await fill(uris(2))).toEqual({ id: first.id, name: 'MoodDJ · Sad', public: null });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
  });

  it('says nothing about moods by default: one "MoodDJ · picks" playlist every mood refills', async () => {
    const { fake, deps } = setup();
    const sad = await fillMoodPlaylist(deps, playlistTarget('sad', 'Sad', false), uris(3));
    const happy = await fillMoodPlaylist(deps, playlistTarget('happy', 'Happy', false), uris(2, 10));
    expect(happy).toEqual(sad);
    expect(sad.name).toBe('MoodDJ · picks');
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    const [made] = fake.recorded.createdPlaylists;
    expect(`${made?.name} ${made?.description}`).not.toMatch(/happy|sad|angry|neutral|surprised/i);
    expect(fake.playlist(sad.id)?.uris).toEqual(uris(2, 10));
    expect(Object.keys((await db.syncState.get('dj-playlists'))?.value as object)).toEqual([SHARED_KEY]);
  });

  it('keeps a playlist per mood, named after it, when moods in names are asked for', async () => {
    const { fake, deps } = setup();
    const sad = await fillMoodPlaylist(deps, playlistTarget('sad', 'Sad', true), uris(3));
    const happy = await fillMoodPlaylist(deps, playlistTarget('happy', 'Happy', true), uris(2, 10));
    expect(happy.id).not.toBe(sad.id);
    expect(fake.recorded.createdPlaylists.map((p) => p.name)).toEqual(['MoodDJ · Sad', 'MoodDJ · Happy']);
  });
});
