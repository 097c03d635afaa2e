import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpotifyFake, fetchFor, type SpotifyFake } from '@/e2e/fakes/spotify-server';
import { type FeaturesRow, type MoodDjDb, openDb, type TrackRow } from '@/lib/db/schema';
import { type DjState, INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import { createSpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import type { CurrentlyPlaying, Device } from '@/lib/spotify/schemas';
import { featuresAt, savedTrack } from '@/test/support/tracks';
import { createDj, type DjDeps, type DjSettings, type Picks } from './dj';

let db: MoodDjDb;
let clock = 1_000_000;
let state: DjState;

const pad = (n: number) => String(n).padStart(2, '0');
const track = (n: number): TrackRow =>
  savedTrack(`track${pad(n)}`, { name: `Song ${n}`, artists: [`Artist ${n}`], artistIds: [`artist${n}`] });
const features = (n: number): FeaturesRow => featuresAt(`track${pad(n)}`, { valence: 0.8, energy: 0.7, tempo: 120 });

/** A fake Spotify client recording every call; it has no play or pause method at all, like the real one. */
function fakeClient(options: { devices?: Device[]; queueError?: Error } = {}) {
  const calls: { method: string; args: unknown[] }[] = [];
  let playing: CurrentlyPlaying | null = null;
  let playlists = 0;
  return {
    calls,
    setPlaying(id: string | null) {
      playing = id
        ? ({
            timestamp: 0,
            progress_ms: 0,
            is_playing: true,
            currently_playing_type: 'track',
            item: {
              ...track(0),
              id,
              type: 'track',
              artists: [{ id: 'a', name: 'Someone' }],
              album: { name: 'A' },
              duration_ms: 1,
              is_local: false,
            },
          } as unknown as CurrentlyPlaying)
        : null;
    },
    client: {
      devices: async () => {
        calls.push({ method: 'devices', args: [] });
        return (
          options.devices ?? [
            { id: 'phone', is_active: true, name: 'Phone', type: 'Smartphone', is_restricted: false },
            { id: 'web-player', is_active: false, name: 'Web Player (Chrome)', type: 'Computer', is_restricted: false },
          ]
        );
      },
      queue: async (uri: string, deviceId?: string) => {
        calls.push({ method: 'queue', args: [uri, deviceId] });
        if (options.queueError) throw options.queueError;
      },
      currentlyPlaying: async () => {
        calls.push({ method: 'currentlyPlaying', args: [] });
        return playing;
      },
      createPlaylist: async (p: { name: string }) => {
        calls.push({ method: 'createPlaylist', args: [p.name] });
        playlists++;
        return { id: `pl${playlists}`, uri: `spotify:playlist:pl${playlists}`, name: p.name } as never;
      },
      replacePlaylistItems: async (id: string, uris: readonly string[]) => {
        calls.push({ method: 'replacePlaylistItems', args: [id, uris.length] });
        return 'snap';
      },
      followsPlaylist: async (id: string) => {
        calls.push({ method: 'followsPlaylist', args: [id] });
        return true;
      },
      me: async () => ({ id: 'me', display_name: null }),
      myPlaylists: async () => ({ items: [], next: null }),
    },
  };
}

const IN_RANGE = { widened: 0, outside: [], distance: 0, lift: null };

/** Picks the first `count` library tracks not excluded. */
const recommend: DjDeps['recommend'] = async (_mood, count, exclude) => {
  const rows = (await db.tracks.toArray()).filter((t) => !exclude.has(t.id)).slice(0, count);
  const feats = await db.features.bulkGet(rows.map((r) => r.id));
  return {
    tracks: rows.map((t, i) => ({ track: t, features: feats[i] as FeaturesRow, reason: IN_RANGE })),
    relaxed: 0,
    withoutFeatures: 0,
  } satisfies Picks;
};

function makeDj(client: { client: DjDeps['client'] }, settings: Partial<DjSettings> = {}) {
  return createDj({
    db,
    client: client.client,
    recommend,
    settings: async () => ({
      autoDj: true,
      holdMs: 20_000,
      queueAhead: 3,
      recentMs: 2 * 3600_000,
      moodsInPlaylistNames: false,
      ...settings,
    }),
    now: () => clock,
    seed: () => 7,
    publish: async (change) => {
      state = change(state);
    },
  });
}

beforeEach(async () => {
  db = openDb(`dj-${Math.random()}`);
  state = INITIAL_LIVE_STATE.dj;
  clock = 1_000_000;
  await db.tracks.bulkPut(Array.from({ length: 12 }, (_, i) => track(i)));
  await db.features.bulkPut(Array.from({ length: 12 }, (_, i) => features(i)));
});
afterEach(async () => {
  await db.delete();
});

describe('the DJ', () => {
  it('marks the suggestions that are in Liked Songs, so their line can say so', async () => {
    // Half the library came only from a chosen playlist; the rest is in Liked Songs (one of them in the playlist too).
    await db.tracks.bulkPut(
      Array.from({ length: 6 }, (_, i) => ({ ...track(i), sources: ['playlist:road', ...(i === 0 ? ['liked'] : [])] })),
    );
    await makeDj(fakeClient()).suggest('happy');
    expect(state.suggestions.length).toBeGreaterThan(6);
    for (const suggestion of state.suggestions) {
      const n = Number(suggestion.id.slice('track'.length));
      expect(suggestion.liked, suggestion.id).toBe(n === 0 || n >= 6 ? true : undefined);
    }
  });

  it('queues five tracks on the web player, records them, and leaves them out of the next suggestions', async () => {
    const fake = fakeClient();
    const dj = makeDj(fake);
    expect(state.lastQueuedAt).toBeNull();
    expect(await dj.queue('happy', { count: 5 })).toBe(5);
    // The welcome page's last step ("MoodDJ queued its first tracks") reads this.
    expect(state.lastQueuedAt).toBe(clock);
    const queued = fake.calls.filter((c) => c.method === 'queue');
    expect(queued.map((c) => c.args)).toEqual(
      [0, 1, 2, 3, 4].map((n) => [`spotify:track:track${pad(n)}`, 'web-player']),
    );
    expect(await db.playEvents.where('[kind+at]').between(['queued', 0], ['queued', Infinity]).count()).toBe(5);
    await dj.suggest('happy');
    expect(state.suggestions.map((s) => s.id)).toEqual([
      'track05',
      'track06',
      'track07',
      'track08',
      'track09',
      'track10',
      'track11',
    ]);
  });

  it('queues a batch in a smooth order of tempo, starting next to the track playing', async () => {
    const tempos = [170, 70, 120, 95, 145];
    await db.features.bulkPut(tempos.map((tempo, n) => ({ ...features(n), tempo })));
    await db.features.put({ ...features(11), tempo: 66 });
    const fake = fakeClient();
    const dj = makeDj(fake);
    fake.setPlaying('track11');
    await dj.checkPlayer();
    expect(await dj.queue('happy', { count: 5 })).toBe(5);
    const queued = fake.calls.filter((c) => c.method === 'queue').map((c) => c.args[0]);
    // The ranking's set (tracks 0–4), ordered 70 → 95 → 120 → 145 → 170 BPM after the 66 BPM track playing.
    expect(queued).toEqual([1, 3, 2, 4, 0].map((n) => `spotify:track:track${pad(n)}`));
  });

  it('never suggests, queues or puts in a playlist a track Spotify says the user cannot play', async () => {
    // The ranking hands them over here (this test's recommender knows nothing of playability); the DJ holds.
    await db.tracks.bulkUpdate(['track01', 'track03'].map((key) => ({ key, changes: { playable: false } })));
    const fake = fakeClient();
    const dj = makeDj(fake);
    const queuedUris = () => fake.calls.filter((c) => c.method === 'queue').map((c) => c.args[0]);

    await dj.suggest('happy');
    expect(state.suggestions.map((s) => s.id)).not.toContain('track01');
    expect(state.suggestions.map((s) => s.id)).not.toContain('track03');

    // A suggestion shown before a sync turned its track unplayable, clicked afterwards.
    expect(await dj.queue('happy', { trackIds: ['track01', 'track02'] })).toBe(1);
    expect(queuedUris()).toEqual(['spotify:track:track02']);

    // Picks 00, 01, 03, 04, 05 (02 was queued just now): the two unplayable ones are left out.
    expect(await dj.queue('happy', { count: 5 })).toBe(3);
    // Auto-DJ for another mood: picks 01, 03, 06, of which only 06 can be played.
    expect(await dj.autoDj({ mood: 'sad', since: clock - 60_000 })).toBe(1);
    expect(queuedUris()).toHaveLength(5);
    expect(queuedUris().filter((uri) => /track0[13]$/.test(String(uri)))).toEqual([]);

    await dj.playlist('happy', 'Happy');
    expect(fake.calls.find((c) => c.method === 'replacePlaylistItems')?.args).toEqual(['pl1', 10]);
    expect(state.playlist?.tracks).toBe(10);
  });

  it('says "press play once" when there is no device, and queues nothing', async () => {
    const fake = fakeClient({ devices: [] });
    expect(await makeDj(fake).queue('happy', { count: 5 })).toBe(0);
    expect(state.problem).toEqual({ kind: 'no-device', stale: false });
    expect(state.lastQueuedAt).toBeNull();
    expect(fake.calls.some((c) => c.method === 'queue')).toBe(false);
  });

  it('says queueing needs Premium on 403, and makes the playlist (not shown on the profile) instead', async () => {
    const fake = fakeClient({ queueError: new SpotifyError('premium-required', 'Premium required', { status: 403 }) });
    const dj = makeDj(fake);
    await dj.queue('sad', { count: 5 });
    expect(state.problem?.kind).toBe('premium');
    await dj.playlist('sad', 'Sad');
    // No mood in its name by default: one playlist for every mood.
    expect(fake.calls.filter((c) => c.method === 'createPlaylist').map((c) => c.args)).toEqual([['MoodDJ · picks']]);
    expect(state.playlist).toEqual({
      mood: 'sad',
      name: 'MoodDJ · picks',
      url: 'https://open.spotify.com/playlist/pl1',
      tracks: 12,
      public: null,
    });
    expect(state.problem).toBeNull();
    // The second time the same playlist is refreshed, not duplicated.
    await dj.playlist('sad', 'Sad');
    expect(fake.calls.filter((c) => c.method === 'createPlaylist')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'replacePlaylistItems').map((c) => c.args[0])).toEqual(['pl1', 'pl1']);
    expect(fake.calls.filter((c) => c.method === 'followsPlaylist').map((c) => c.args[0])).toEqual(['pl1']);
  });

  it('auto-DJ waits for the hold, keeps N queued ahead, tops up as tracks play, and never touches playback', async () => {
    const fake = fakeClient();
    const dj = makeDj(fake, { queueAhead: 3, holdMs: 20_000 });
    const mood = { mood: 'happy' as const, since: clock };
    clock += 10_000;
    expect(await dj.autoDj(mood)).toBe(0);
    clock += 11_000;
    expect(await dj.autoDj(mood)).toBe(3);
    expect(await dj.autoDj(mood)).toBe(0);
    // Two of the three have started playing.
    fake.setPlaying('track01');
    await dj.checkPlayer();
    expect(await dj.autoDj(mood)).toBe(2);
    expect(new Set(fake.calls.map((c) => c.method))).toEqual(new Set(['devices', 'queue', 'currentlyPlaying']));
    expect(await db.playEvents.where('[kind+at]').between(['played', 0], ['played', Infinity]).count()).toBe(1);
  });

  it('reading the player says nothing when Spotify was never connected, and asks to reconnect when signed out', async () => {
    const failing = (error: Error) => {
      const fake = fakeClient();
      fake.client.currentlyPlaying = async () => {
        throw error;
      };
      return makeDj(fake);
    };
    await failing(new SpotifyError('not-connected', 'Spotify is not connected')).checkPlayer();
    expect(state.problem).toBeNull();
    await failing(new SpotifyError('reconnect', 'Spotify refused the sign-in')).checkPlayer();
    expect(state.problem?.kind).toBe('reconnect');
  });

  it('queueing without a Spotify connection asks to connect, not to reconnect', async () => {
    const fake = fakeClient({ queueError: new SpotifyError('not-connected', 'Spotify is not connected') });
    expect(await makeDj(fake).queue('happy', { count: 1 })).toBe(0);
    expect(state.problem?.kind).toBe('not-connected');
  });

  it('"queue 5" with no mood in effect queues nothing and says why; the next mood clears it', async () => {
    const fake = fakeClient();
    const dj = makeDj(fake);
    expect(await dj.queue(null, { count: 5 })).toBe(0);
    expect(fake.calls.filter((c) => c.method === 'queue')).toEqual([]);
    expect(state.problem?.kind).toBe('no-mood');
    await dj.suggest('happy');
    expect(state.problem).toBeNull();
  });

  it('asks the person to sync when the library is empty', async () => {
    await db.tracks.clear();
    await db.features.clear();
    await makeDj(fakeClient()).suggest('neutral');
    expect(state.problem?.kind).toBe('not-synced');
  });
});

/** The real client against the fake Spotify: the DJ meets the real bodies. */
function realClient(options: { before?: (request: Request, fake: SpotifyFake) => void } = {}) {
  const fake = createSpotifyFake({ tracks: [], retryAfterSec: 0 });
  const issued = fake.issueTokens();
  const client = createSpotifyClient({
    tokens: { accessToken: async () => issued.accessToken, forceRefresh: async () => issued.accessToken },
    fetch: fetchFor(fake, (request) => options.before?.(request, fake)),
    retryDelayMs: () => 0,
  });
  return { fake, client };
}
const queuedUris = (fake: SpotifyFake) => fake.recorded.queue.map((call) => call.uri);

describe('the DJ, one operation at a time', () => {
  it('two concurrent "queue 5" (two web-player tabs) never queue a track twice', async () => {
    const { fake, client } = realClient();
    const dj = makeDj({ client });
    const [first, second] = await Promise.all([dj.queue('happy', { count: 5 }), dj.queue('happy', { count: 5 })]);
    expect([first, second]).toEqual([5, 5]);
    expect(queuedUris(fake)).toHaveLength(10);
    expect(new Set(queuedUris(fake)).size).toBe(10);
    // The second saw the first one's tracks as recent: it took the next five.
    expect(queuedUris(fake).slice(5)).toEqual([5, 6, 7, 8, 9].map((n) => `spotify:track:track${pad(n)}`));
  });

  it('auto-DJ and a manual queue at once do not overfill or repeat', async () => {
    const { fake, client } = realClient();
    const dj = makeDj({ client }, { queueAhead: 3, holdMs: 0 });
    const mood = { mood: 'happy' as const, since: clock - 1 };
    await Promise.all([dj.autoDj(mood), dj.autoDj(mood), dj.queue('happy', { count: 2 })]);
    expect(queuedUris(fake)).toHaveLength(5);
    expect(new Set(queuedUris(fake)).size).toBe(5);
  });

  it('two concurrent player checks record one play once', async () => {
    const fake = fakeClient();
    const dj = makeDj(fake);
    fake.setPlaying('track03');
    await Promise.all([dj.checkPlayer(), dj.checkPlayer(), dj.checkPlayer()]);
    const plays = await db.playEvents.where('[kind+at]').between(['played', 0], ['played', Infinity]).toArray();
    expect(plays.map((p) => p.trackId)).toEqual(['track03']);
  });

  it('a failed operation does not block the next one', async () => {
    const fake = fakeClient({ queueError: new SpotifyError('server', 'Spotify failed') });
    const dj = makeDj(fake);
    const [failed, next] = await Promise.all([dj.queue('happy', { count: 1 }), dj.checkPlayer()]);
    expect(failed).toBe(0);
    expect(next).toBeUndefined();
  });
});

describe('the DJ against the real API bodies', () => {
  it('a stale web-player id (404 Device not found): looks the devices up again and retries once', async () => {
    let reloaded = false;
    const { fake, client } = realClient({
      // The web player reloads between the device lookup and the first queue call: its id changes.
      before: (request, fake) => {
        if (!reloaded && request.url.includes('/me/player/queue')) {
          reloaded = true;
          fake.setDevices([
            { id: 'web-player-after-reload', is_active: true, name: 'Web Player (Chrome)', type: 'Computer' },
          ]);
        }
      },
    });
    expect(await makeDj({ client }).queue('happy', { count: 3 })).toBe(3);
    expect(fake.requests.devices).toBe(2);
    expect(fake.recorded.queue.map((call) => call.deviceId)).toEqual(Array(3).fill('web-player-after-reload'));
    expect(new Set(queuedUris(fake)).size).toBe(3);
    expect(state.problem).toBeNull();
  });

  it('a device id that stays unknown: retries once only, then reports the device as stale', async () => {
    const { fake, client } = realClient({
      before: (request, fake) => {
        if (request.url.includes('/me/player/queue')) {
          fake.setDevices([
            { id: `web-player-${Math.random()}`, is_active: true, name: 'Web Player', type: 'Computer' },
          ]);
        }
      },
    });
    expect(await makeDj({ client }).queue('happy', { count: 3 })).toBe(0);
    expect(fake.requests.queue).toBe(2);
    expect(fake.requests.devices).toBe(2);
    expect(state.problem).toEqual({ kind: 'no-device', stale: true });
  });

  it('a 502 after Spotify queued the track: stops, says check the queue, and never queues it again', async () => {
    const { fake, client } = realClient();
    const dj = makeDj({ client });
    fake.fail.next(1, 'appliedThen502', 'queue');
    expect(await dj.queue('happy', { count: 3 })).toBe(0);
    expect(state.problem).toEqual({ kind: 'maybe-applied', queue: true });
    expect(queuedUris(fake)).toEqual(['spotify:track:track00']);
    expect(await dj.queue('happy', { count: 3 })).toBe(3);
    expect(new Set(queuedUris(fake)).size).toBe(4);
  });

  it('plain-text 403 "User not registered": the panel says to add the account in the dashboard', async () => {
    const { fake, client } = realClient();
    fake.fail.next(1, 'notRegistered', 'devices');
    expect(await makeDj({ client }).queue('happy', { count: 1 })).toBe(0);
    expect(state.problem).toEqual({ kind: 'not-registered' });
    expect(fake.requests.queue).toBe(0);
  });

  it('401 "Permissions missing": asks to reconnect', async () => {
    const { fake, client } = realClient();
    fake.fail.next(1, 'permissionsMissing', 'currentlyPlaying');
    await makeDj({ client }).checkPlayer();
    expect(state.problem).toEqual({ kind: 'permissions-missing' });
  });

  it('a playlist the user "deleted" (unfollowed) is not refilled: a new one is made', async () => {
    const { fake, client } = realClient();
    const dj = makeDj({ client });
    await dj.playlist('sad', 'Sad');
    const first = fake.recorded.createdPlaylists[0]?.id ?? '';
    expect(state.playlist?.url).toBe(`https://open.spotify.com/playlist/${first}`);
    // What Spotify answered about the profile, shown as it is.
    expect(state.playlist?.public).toBe(false);
    await dj.playlist('sad', 'Sad');
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    fake.unfollowPlaylist(first);
    await dj.playlist('sad', 'Sad');
    expect(fake.recorded.createdPlaylists).toHaveLength(2);
    const second = fake.recorded.createdPlaylists[1]?.id ?? '';
    expect(state.playlist?.url).toBe(`https://open.spotify.com/playlist/${second}`);
    expect(fake.playlist(first)?.uris).toHaveLength(12);
    expect(fake.playlist(second)?.uris).toHaveLength(12);
  });

  it('stores the new playlist right after creating it: a failure filling it does not make a second one', async () => {
    const { fake, client } = realClient();
    const dj = makeDj({ client });
    // PUT is idempotent and retried: four failures outlast the client's three retries.
    fake.fail.next(4, 'status500', 'playlistItems');
    await dj.playlist('sad', 'Sad');
    expect(state.problem).toMatchObject({ kind: 'server', detail: expect.stringMatching(/HTTP 500/) });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    await dj.playlist('sad', 'Sad');
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    const id = fake.recorded.createdPlaylists[0]?.id ?? '';
    expect(fake.playlist(id)?.uris).toHaveLength(12);
    expect(state.problem).toBeNull();
  });
});

describe('skips', () => {
  /** The player as the DJ reads it: `id` `progress` ms into a 200 s track. */
  const at = (id: string, progress: number, playing = true) =>
    ({
      timestamp: 0,
      progress_ms: progress,
      is_playing: playing,
      currently_playing_type: 'track',
      item: {
        ...track(0),
        id,
        type: 'track',
        artists: [],
        album: { name: 'A' },
        duration_ms: 200_000,
        is_local: false,
      },
    }) as unknown as CurrentlyPlaying;

  it('records a queued track left 20 s in as skipped for its mood, and one played out as completed', async () => {
    const fake = fakeClient();
    let now: CurrentlyPlaying | null = null;
    fake.client.currentlyPlaying = async () => now;
    const dj = makeDj(fake);
    await dj.queue('sad', { count: 2 });
    const sightings: [number, CurrentlyPlaying][] = [
      [0, at('track00', 500)],
      [20_000, at('track00', 20_500, false)],
      [300_000, at('track00', 20_500)],
      [302_000, at('track01', 1000)],
      [402_000, at('track01', 101_000)],
      [502_000, at('track01', 199_000)],
      [504_000, at('other', 1000)],
    ];
    const start = clock;
    for (const [t, playing] of sightings) {
      clock = start + t;
      now = playing;
      await dj.checkPlayer();
    }
    const outcomes = await db.playEvents.filter((e) => e.kind === 'skipped' || e.kind === 'completed').toArray();
    expect(outcomes.map((e) => [e.kind, e.trackId, e.mood, e.at - start])).toEqual([
      ['skipped', 'track00', 'sad', 301_000],
      ['completed', 'track01', 'sad', 503_000],
    ]);
  });
});
