import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpotifyFake, fetchFor, type SpotifyFakeOptions } from '@/e2e/fakes/spotify-server';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { createSpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { fillMoodPlaylist } from './mood-playlist';

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
  const fill = (list: string[]) => fillMoodPlaylist({ db, client, now: () => 1_000 }, 'sad', 'Sad', list);
  return { fake, fill };
}

describe('the mood playlist (issue 18)', () => {
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

  it('reads the id stored before issue 18', async () => {
    const { fake, fill } = setup();
    const first = await fill(uris(1));
    await db.syncState.put({ key: 'dj-playlists', value: { sad: first.id }, updatedAt: 0 });
    expect(await fill(uris(2))).toEqual({ id: first.id, public: null });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
  });
});
