import { describe, expect, it } from 'vitest';
import type { CurrentMood } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { type FakeContext, fakeContext, fakeSettings } from '@/test/support/background';
import { makeFeatures } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { makeLibrary } from '@/test/support/sync-fixtures';
import { createDjService, djSettingsChanged } from './service';

/** A Spotify client that records what the DJ asks; it has no play or pause, like the real one. */
function fakeSpotify() {
  const fake = {
    queued: [] as string[],
    playlists: [] as string[],
    queueError: null as Error | null,
    /** While set, each queue call waits a turn, so two "queue 5" interleave unless the DJ serialises them. */
    slow: true,
    client: {
      devices: async () => [
        { id: 'web-player', is_active: true, name: 'Web Player (Chrome)', type: 'Computer', is_restricted: false },
      ],
      async queue(uri: string) {
        if (fake.slow) await new Promise((resolve) => setImmediate(resolve));
        if (fake.queueError) throw fake.queueError;
        fake.queued.push(uri);
      },
      currentlyPlaying: async () => null,
      async createPlaylist({ name }: { name: string }) {
        fake.playlists.push(name);
        return { id: `pl${fake.playlists.length}`, name };
      },
      replacePlaylistItems: async () => 'snap',
      followsPlaylist: async () => true,
    } as unknown as SpotifyClient,
  };
  return fake;
}

async function setUp(settings: Partial<Settings['dj']> = {}) {
  const spotify = fakeSpotify();
  const ctx = fakeContext({
    spotify: spotify.client,
    settings: fakeSettings({ ...DEFAULT_SETTINGS, dj: { ...DEFAULT_SETTINGS.dj, autoDj: false, ...settings } }),
  });
  const library = makeLibrary(30);
  await ctx.db.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
  await ctx.db.features.bulkAdd(library.map((t, i) => makeFeatures(t.id, i)));
  let seeds = 0;
  const service = createDjService(ctx, { seed: () => ++seeds });
  return { ctx, spotify, service, seeds: () => seeds };
}

const happy = (ctx: FakeContext, since = ctx.clock.now()): CurrentMood => ({
  mood: 'happy',
  confidence: 0.9,
  since,
  source: 'manual',
});

async function setMood(ctx: FakeContext, mood: CurrentMood | null): Promise<void> {
  await ctx.live.update((state) => ({ ...state, mood }));
  ctx.events.emit('moodChanged', mood);
}

/** The DJ's work for the events so far, then `ms` on the clock with the work its timers start. */
async function settle(ctx: FakeContext, ms = 0): Promise<void> {
  await ctx.events.idle();
  await ctx.clock.advance(ms);
  await ctx.events.idle();
}

describe('the DJ service', () => {
  it('suggests tracks for a new mood, and clears them when the data is reset', async () => {
    const { ctx } = await setUp();
    await setMood(ctx, happy(ctx));
    await settle(ctx);
    expect((await ctx.live.get()).dj).toMatchObject({ forMood: 'happy' });
    expect((await ctx.live.get()).dj.suggestions.length).toBeGreaterThan(0);
    ctx.events.emit('dataReset', 'delete');
    await settle(ctx);
    expect((await ctx.live.get()).dj).toMatchObject({ forMood: null, suggestions: [] });
  });

  it('two concurrent "queue 5" (two web-player tabs) never queue a track twice', async () => {
    const { ctx, spotify, service } = await setUp();
    await setMood(ctx, happy(ctx));
    await settle(ctx);
    await Promise.all([
      handlersOf(service).queueTracks({ count: 5 }, 'spotify-tab'),
      handlersOf(service).queueTracks({ count: 5 }, 'spotify-tab'),
    ]);
    expect(spotify.queued).toHaveLength(10);
    expect(new Set(spotify.queued).size).toBe(10);
  });

  it('only a DJ-relevant settings change reshuffles the suggestions', async () => {
    const { ctx, seeds } = await setUp();
    await setMood(ctx, happy(ctx));
    await settle(ctx);
    const before = seeds();
    const settings = ctx.settings.value;
    ctx.events.emit('settingsChanged', {
      settings: { ...settings, camera: { ...settings.camera, fps: settings.camera.fps + 1 } },
      previous: settings,
    });
    ctx.events.emit('settingsChanged', { settings, previous: null });
    await settle(ctx);
    expect(seeds()).toBe(before);
    ctx.events.emit('settingsChanged', {
      settings: { ...settings, dj: { ...settings.dj, mode: 'lift' } },
      previous: settings,
    });
    await settle(ctx);
    expect(seeds()).toBe(before + 1);
    expect(djSettingsChanged(settings, { ...settings, moods: { ...settings.moods } })).toBe(false);
  });

  it('in Lift mode, a face is lifted but an activity (a target itself) is matched', async () => {
    const { ctx } = await setUp({ mode: 'lift', liftTarget: 'calm' });
    await setMood(ctx, { ...happy(ctx), mood: 'sad' });
    await settle(ctx);
    expect((await ctx.live.get()).dj.suggestions[0]?.reason.lift).toMatchObject({ step: 1, to: 'calm' });
    await setMood(ctx, { ...happy(ctx), mood: 'workout' });
    await settle(ctx);
    const { dj } = await ctx.live.get();
    expect(dj.forMood).toBe('workout');
    expect(dj.suggestions.length).toBeGreaterThan(0);
    for (const s of dj.suggestions) expect(s.reason.lift).toBeNull();
  });

  it('auto-DJ waits for the hold on the clock, then queues', async () => {
    const { ctx, spotify } = await setUp({ autoDj: true, holdSeconds: 20, queueAhead: 3 });
    await setMood(ctx, happy(ctx));
    await settle(ctx, 19_000);
    expect(spotify.queued).toEqual([]);
    await settle(ctx, 1_300);
    expect(spotify.queued).toHaveLength(3);
  });

  it('new features refresh short suggestions once the burst is over', async () => {
    const { ctx, seeds } = await setUp();
    await ctx.db.features.clear();
    await setMood(ctx, happy(ctx));
    await settle(ctx);
    expect((await ctx.live.get()).dj.problem?.kind).toBe('no-features');
    await ctx.db.features.bulkAdd((await ctx.db.tracks.toArray()).map((t, i) => makeFeatures(t.id, i)));
    const before = seeds();
    for (let i = 0; i < 5; i++) ctx.events.emit('featuresAnalysed', undefined);
    await settle(ctx, 1_000);
    expect(seeds()).toBe(before);
    await settle(ctx, 600);
    expect(seeds()).toBe(before + 1);
    expect((await ctx.live.get()).dj.suggestions.length).toBeGreaterThan(0);
  });

  it('names the playlist without its mood by default, and shows that name in the panel', async () => {
    const { ctx, spotify, service } = await setUp();
    await setMood(ctx, happy(ctx));
    await handlersOf(service).makeMoodPlaylist(undefined, 'spotify-tab');
    expect(spotify.playlists).toEqual(['MoodDJ · picks']);
    expect((await ctx.live.get()).dj.playlist).toMatchObject({ mood: 'happy', name: 'MoodDJ · picks' });
  });

  it('names the mood playlist with the mood’s label from i18n when moods in playlist names are asked for', async () => {
    const { ctx, spotify, service } = await setUp({ moodsInPlaylistNames: true });
    await setMood(ctx, happy(ctx));
    await handlersOf(service).makeMoodPlaylist(undefined, 'spotify-tab');
    expect(spotify.playlists).toEqual(['MoodDJ · Happy']);
    expect((await ctx.live.get()).dj.playlist).toMatchObject({ mood: 'happy', name: 'MoodDJ · Happy' });
  });

  it('does not reshuffle the suggestions when only the playlist naming changes', () => {
    const previous = DEFAULT_SETTINGS;
    const named = { ...previous, dj: { ...previous.dj, moodsInPlaylistNames: true } };
    expect(djSettingsChanged(previous, named)).toBe(false);
    expect(djSettingsChanged(previous, { ...previous, dj: { ...previous.dj, mode: 'lift' } })).toBe(true);
  });

  it('a refused sign-in while queueing tells the connection, and the panel asks to reconnect', async () => {
    const { ctx, spotify, service } = await setUp();
    let signedOut = 0;
    ctx.events.on('spotifySignedOut', () => signedOut++);
    spotify.queueError = new SpotifyError('permissions-missing', '401 Permissions missing');
    await setMood(ctx, happy(ctx));
    await handlersOf(service).queueTracks({ count: 2 }, 'spotify-tab');
    expect((await ctx.live.get()).dj.problem).toEqual({ kind: 'permissions-missing' });
    expect(signedOut).toBe(1);
  });
});
