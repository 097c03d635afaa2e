import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FeaturesRow, type MoodDjDb, openDb, type TrackRow } from '@/lib/db/schema';
import { SpotifyError } from '@/lib/spotify/errors';
import type { CurrentlyPlaying, Device } from '@/lib/spotify/schemas';
import { type DjState, INITIAL_LIVE_STATE } from '@/lib/state/live-state';
import { createDj, type DjDeps, type DjSettings, type Picks } from './dj';

let db: MoodDjDb;
let clock = 1_000_000;
let state: DjState;

const pad = (n: number) => String(n).padStart(2, '0');
const track = (n: number): TrackRow => ({
  id: `track${pad(n)}`,
  uri: `spotify:track:track${pad(n)}`,
  name: `Song ${n}`,
  artists: [`Artist ${n}`],
  artistIds: [`artist${n}`],
  album: 'Album',
  durationMs: 200_000,
  addedAt: '2026-01-01T00:00:00Z',
  seenInSync: 1,
});
const features = (n: number): FeaturesRow => ({
  trackId: `track${pad(n)}`,
  provider: 'reccobeats',
  fetchedAt: 0,
  valence: 0.8,
  energy: 0.7,
  tempo: 120,
  danceability: null,
  acousticness: null,
  instrumentalness: null,
  liveness: null,
  speechiness: null,
  loudness: null,
});

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
    },
  };
}

/** Picks the first `count` library tracks not excluded. */
const recommend: DjDeps['recommend'] = async (_mood, count, exclude) => {
  const rows = (await db.tracks.toArray()).filter((t) => !exclude.has(t.id)).slice(0, count);
  const feats = await db.features.bulkGet(rows.map((r) => r.id));
  return {
    tracks: rows.map((t, i) => ({ track: t, features: feats[i] as FeaturesRow })),
    relaxed: 0,
    withoutFeatures: 0,
  } satisfies Picks;
};

function makeDj(client: ReturnType<typeof fakeClient>, settings: Partial<DjSettings> = {}) {
  return createDj({
    db,
    client: client.client,
    recommend,
    settings: async () => ({ autoDj: true, holdMs: 20_000, queueAhead: 3, recentMs: 2 * 3600_000, ...settings }),
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
  it('queues five tracks on the web player, records them, and leaves them out of the next suggestions', async () => {
    const fake = fakeClient();
    const dj = makeDj(fake);
    expect(await dj.queue('happy', { count: 5 })).toBe(5);
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

  it('says "press play once" when there is no device, and queues nothing', async () => {
    const fake = fakeClient({ devices: [] });
    expect(await makeDj(fake).queue('happy', { count: 5 })).toBe(0);
    expect(state.problem?.kind).toBe('no-device');
    expect(fake.calls.some((c) => c.method === 'queue')).toBe(false);
  });

  it('says queueing needs Premium on 403, and makes the private playlist instead', async () => {
    const fake = fakeClient({ queueError: new SpotifyError('premium-required', 'Premium required', { status: 403 }) });
    const dj = makeDj(fake);
    await dj.queue('sad', { count: 5 });
    expect(state.problem?.kind).toBe('premium');
    await dj.playlist('sad', 'Sad');
    expect(fake.calls.filter((c) => c.method === 'createPlaylist').map((c) => c.args)).toEqual([['MoodDJ · Sad']]);
    expect(state.playlist).toEqual({ mood: 'sad', url: 'https://open.spotify.com/playlist/pl1', tracks: 12 });
    expect(state.problem).toBeNull();
    // The second time the same playlist is refreshed, not duplicated.
    await dj.playlist('sad', 'Sad');
    expect(fake.calls.filter((c) => c.method === 'createPlaylist')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'replacePlaylistItems').map((c) => c.args[0])).toEqual(['pl1', 'pl1']);
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

  it('asks the person to sync when the library is empty', async () => {
    await db.tracks.clear();
    await db.features.clear();
    await makeDj(fakeClient()).suggest('neutral');
    expect(state.problem?.kind).toBe('not-synced');
  });
});
