import { describe, expect, it } from 'vitest';
import { createSoundNet, testSoundNetKey } from '@/lib/audio-features/soundnet';
import type { FeatureOutcome, FeatureSource } from '@/lib/audio-features/types';
import { ProviderError } from '@/lib/audio-features/types';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { SpotifyError, type SpotifyErrorKind } from '@/lib/spotify/errors';
import { type SavedTracksPage, SavedTracksPageSchema } from '@/lib/spotify/schemas';
import { fakeFetch, jsonResponse } from '@/test/support/audio-features';
import { type FakeContext, fakeContext, fakeSettings } from '@/test/support/background';
import { OK_FEATURES as ok } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { fakeHostAccess } from '@/test/support/host-access';
import { tokens } from '@/test/support/spotify';
import { makeLibrary } from '@/test/support/sync-fixtures';
import { UNKNOWN_RETRY_MS } from './feature-queue';
import { enqueueMissingFeatures, libraryCursor } from './library';
import { queueState } from './queue-state';
import { createSyncService, LIBRARY_ALARM, SYNC_TICK_ALARM, type SyncService } from './service';
import { nextTickAt, type SyncSources } from './sources';

const DAY = 24 * 60 * 60 * 1000;

/** A provider that knows every track; `hold()` makes the next answer wait for `release()`. */
function fakeProvider(name: 'reccobeats' | 'soundnet', maxBatch = 40, apiKey: string | null = null) {
  let gate: Promise<void> | null = null;
  let open = (): void => undefined;
  let started = (): void => undefined;
  const fake = {
    asked: [] as { ids: string[]; apiKey: string | null }[],
    fail: null as Error | null,
    hold(): Promise<void> {
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return new Promise((resolve) => {
        started = resolve;
      });
    },
    release() {
      gate = null;
      open();
    },
    source: {
      name,
      maxBatch,
      async fetch(ids) {
        fake.asked.push({ ids: [...ids], apiKey });
        if (gate) {
          started();
          await gate;
        }
        if (fake.fail) throw fake.fail;
        return new Map(ids.map((id): [string, FeatureOutcome] => [id, ok]));
      },
    } satisfies FeatureSource,
  };
  return fake;
}

/**
 * A Spotify client with only the saved-tracks listing, its pages read through the real schema; `fail` makes it
 * throw. The items at `unreadableAt` are malformed (a track without its uri).
 */
function fakeSpotify(count: number, unreadableAt: readonly number[] = []) {
  const library = makeLibrary(count);
  const fake = {
    requests: 0,
    fail: null as Error | null,
    client: {
      async savedTracks({ offset, limit = 50 }: { offset: number; limit?: number }): Promise<SavedTracksPage> {
        fake.requests++;
        if (fake.fail) throw fake.fail;
        const slice = library.slice(offset, offset + limit);
        return SavedTracksPageSchema.parse({
          items: slice.map((t, i) => ({
            added_at: t.addedAt,
            track: {
              id: t.id,
              uri: unreadableAt.includes(offset + i) ? undefined : t.uri,
              name: t.name,
              artists: t.artists.map((name, i) => ({ id: t.artistIds[i] ?? null, name })),
              album: { name: t.album },
              duration_ms: t.durationMs,
              is_local: false,
            },
          })),
          next: offset + limit < library.length ? 'next' : null,
          total: library.length,
          offset,
          limit,
        });
      },
    } as unknown as SpotifyClient,
  };
  return fake;
}

function setUp(
  options: {
    maxBatch?: number;
    connected?: boolean;
    spotify?: ReturnType<typeof fakeSpotify>;
    /** Real providers' clients on a fake fetch, in place of the fakes. */
    sources?: (ctx: FakeContext) => Partial<SyncSources>;
  } = {},
) {
  const spotify = options.spotify ?? fakeSpotify(0);
  const settings = fakeSettings({ ...DEFAULT_SETTINGS, features: { ...DEFAULT_SETTINGS.features, perMinute: 600 } });
  const ctx = fakeContext({ settings, spotify: spotify.client });
  const recco = fakeProvider('reccobeats', options.maxBatch);
  const soundnets: ReturnType<typeof fakeProvider>[] = [];
  const sources: SyncSources = {
    soundnet: (apiKey) => {
      const made = fakeProvider('soundnet', 1, apiKey);
      soundnets.push(made);
      return made.source;
    },
    reccobeats: () => recco.source,
    testKey: async (apiKey) => (apiKey === 'good-key' ? 'works' : 'rejected'),
    ...options.sources?.(ctx),
  };
  const sync = createSyncService(ctx, { sources, random: () => 0.5, access: fakeHostAccess().access });
  return { ctx, recco, soundnets, spotify, sync };
}

/**
 * Moves the fake clock in steps (the drain sleeps its request spacing on it), letting IndexedDB work in
 * between, until `done` holds. Fails when it never does.
 */
async function until(ctx: FakeContext, done: () => boolean | Promise<boolean>, stepMs = 100): Promise<void> {
  for (let step = 0; step < 3000; step++) {
    if (await done()) return;
    await new Promise((resolve) => setImmediate(resolve));
    await ctx.clock.advance(stepMs);
  }
  throw new Error(
    `the sync never got there: ${JSON.stringify({ sync: (await ctx.live.get()).sync, alarms: [...ctx.alarms.all.values()] })}`,
  );
}

/** `until` the task settles; its value. */
async function drive<T>(ctx: FakeContext, task: Promise<T>, stepMs = 100): Promise<T> {
  let done = false;
  const settled = task.finally(() => {
    done = true;
  });
  await until(ctx, () => done, stepMs);
  return settled;
}

/**
 * Until a run started in the background is over: a run sets the tick alarm (its watchdog) synchronously when
 * it starts and clears it when it ends with nothing left to do.
 */
async function quiet(ctx: FakeContext, sync: SyncService): Promise<void> {
  await until(ctx, async () => {
    // The fake alarms do not fire by themselves: the tick fires here when it falls due, as Chrome's would.
    const alarm = ctx.alarms.all.get(SYNC_TICK_ALARM);
    if (alarm && alarm.scheduledTime <= ctx.clock.now()) void sync.alarms?.[SYNC_TICK_ALARM]?.();
    const { phase, problem } = (await ctx.live.get()).sync;
    // A listing Spotify stopped stays in its phase (it resumes there), with the problem shown.
    return !ctx.alarms.all.has(SYNC_TICK_ALARM) && phase !== 'analysing' && (phase !== 'listing' || problem !== null);
  });
}

const tick = (sync: ReturnType<typeof setUp>['sync']) => sync.alarms?.[SYNC_TICK_ALARM]?.() ?? Promise.resolve();
const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

describe('nextTickAt', () => {
  const now = 1_000_000;
  it('sets no alarm for a paused queue or one with nothing due', () => {
    expect(nextTickAt({ sent: 3, stoppedBy: 'paused', resumeAt: null }, now)).toBeNull();
    expect(nextTickAt({ sent: 0, stoppedBy: 'empty', resumeAt: null }, now)).toBeNull();
  });

  it('wakes at the next due row, a Retry-After, or a second after a full tick', () => {
    expect(nextTickAt({ sent: 0, stoppedBy: 'empty', resumeAt: now + 30 * DAY }, now)).toBe(now + 30 * DAY);
    expect(nextTickAt({ sent: 1, stoppedBy: 'blocked', resumeAt: now + 90_000 }, now)).toBe(now + 90_000);
    expect(nextTickAt({ sent: 9, stoppedBy: 'deadline', resumeAt: now }, now)).toBe(now + 1000);
    expect(nextTickAt({ sent: 1, stoppedBy: 'key-changed', resumeAt: now - 5 }, now)).toBe(now + 1000);
  });
});

describe('the feature tick alarm', () => {
  it('is cleared when a run finds the queue empty (no alarm on an empty queue)', async () => {
    const { ctx, sync } = setUp();
    await drive(ctx, tick(sync));
    expect(ctx.alarms.all.has(SYNC_TICK_ALARM)).toBe(false);
  });

  it('is cleared once a queue is drained, and sends nothing more', async () => {
    const { ctx, recco, sync } = setUp();
    await enqueueMissingFeatures(ctx.db, ['a', 'b'], ctx.clock.now());
    await drive(ctx, tick(sync));
    expect(recco.asked.map((a) => a.ids)).toEqual([['a', 'b']]);
    expect(ctx.alarms.all.has(SYNC_TICK_ALARM)).toBe(false);
  });

  it('waits the long retry, not 30 s, when only tracks no provider knows are left', async () => {
    const { ctx, recco, sync } = setUp();
    // ReccoBeats did not know this track while a RapidAPI key was set; the key is gone now.
    await ctx.db.featureQueue.add({
      trackId: 'orphan',
      status: 'pending',
      nextAttemptAt: 0,
      attempts: 0,
      lastError: null,
      unknownTo: ['reccobeats'],
    });
    const before = ctx.clock.now();
    await drive(ctx, tick(sync));
    expect(recco.asked).toEqual([]);
    expect(await ctx.db.featureQueue.get('orphan')).toMatchObject({ status: 'unknown' });
    expect(ctx.alarms.all.get(SYNC_TICK_ALARM)?.scheduledTime).toBeGreaterThanOrEqual(before + UNKNOWN_RETRY_MS);
  });

  it('is not left behind by a listing that could not start (not connected)', async () => {
    const { ctx, sync } = setUp();
    await handlersOf(sync).startSync({ full: false }, 'extension-page');
    await quiet(ctx, sync);
    const state = await ctx.live.get();
    expect(state.sync.problem?.kind).toBe('not-connected');
    expect(state.sync.phase).toBe('idle');
    expect(ctx.alarms.all.has(SYNC_TICK_ALARM)).toBe(false);
  });
});

describe('races', () => {
  it('a pause during an in-flight request stays paused: the answer is stored, nothing more is sent, no alarm', async () => {
    const { ctx, recco, sync } = setUp();
    await enqueueMissingFeatures(ctx.db, ids(60), ctx.clock.now());
    const inFlight = recco.hold();
    const running = tick(sync);
    await inFlight;
    await handlersOf(sync).setSyncPaused(true, 'extension-page');
    recco.release();
    await drive(ctx, running);
    expect(recco.asked).toHaveLength(1);
    expect(await ctx.db.features.count()).toBe(40);
    expect((await queueState.get(ctx.db)).paused).toBe(true);
    expect(ctx.alarms.all.has(SYNC_TICK_ALARM)).toBe(false);
    expect((await ctx.live.get()).sync.phase).toBe('paused');
  });

  it('a key change during a drain: the old drain stops, the next request goes out with the new key', async () => {
    const { ctx, recco, soundnets, sync } = setUp();
    await ctx.secrets.rapidApiKey.set('old-key');
    await enqueueMissingFeatures(ctx.db, ids(3), ctx.clock.now());
    // ReccoBeats does not know these: SoundNet (one track a request) is asked.
    await ctx.db.featureQueue.toCollection().modify({ unknownTo: ['reccobeats'] });
    const running = tick(sync);
    await until(ctx, () => soundnets[0]?.asked.length === 1, 0);
    const first = soundnets[0];
    expect(first?.asked.map((a) => a.apiKey)).toEqual(['old-key']);
    await handlersOf(sync).setRapidApiKey('new-key', 'extension-page');
    await drive(ctx, running);
    await quiet(ctx, sync);
    // The old client sent nothing after the change; a new drain made a client with the new key.
    expect(first?.asked).toHaveLength(1);
    expect(soundnets.at(-1)?.asked.every((a) => a.apiKey === 'new-key')).toBe(true);
    expect(soundnets.flatMap((s) => s.asked).filter((a) => a.apiKey === 'new-key').length).toBeGreaterThan(0);
    expect(recco.asked).toEqual([]);
    expect((await ctx.live.get()).soundnet).toEqual({ keySet: true, rejected: false, needsAccess: false });
  });

  it('exclusive() (import or delete) waits for the in-flight request, sends nothing during its work, then resumes', async () => {
    const { ctx, recco, sync } = setUp({ maxBatch: 5 });
    await enqueueMissingFeatures(ctx.db, ids(20), ctx.clock.now());
    const inFlight = recco.hold();
    const running = tick(sync);
    await inFlight;
    let sentDuringWork = -1;
    const work = sync.exclusive(async () => {
      sentDuringWork = recco.asked.length;
      // An import replacing the tables: the queue now holds other tracks.
      await ctx.db.featureQueue.clear();
      await enqueueMissingFeatures(ctx.db, ['imported'], ctx.clock.now());
      await ctx.clock.advance(5_000);
      expect(recco.asked).toHaveLength(sentDuringWork);
      return 'done';
    });
    recco.release();
    expect(await drive(ctx, work)).toBe('done');
    await drive(ctx, running);
    expect(sentDuringWork).toBe(1);
    // After the work, one run drains what the import left, and nothing it removed.
    await quiet(ctx, sync);
    expect(recco.asked.at(-1)?.ids).toEqual(['imported']);
    expect(recco.asked.flatMap((a) => a.ids).filter((id) => id !== 'imported')).toHaveLength(5);
  });

  it('publishes analysis progress at a steady rate, not after every request', async () => {
    const { ctx, recco, sync } = setUp({ maxBatch: 1 });
    let analysed = 0;
    ctx.events.on('featuresAnalysed', () => analysed++);
    await enqueueMissingFeatures(ctx.db, ids(20), ctx.clock.now());
    const before = ctx.live.broadcasts.length;
    const started = ctx.clock.now();
    await drive(ctx, tick(sync), 10);
    const seconds = (ctx.clock.now() - started) / 1000;
    expect(recco.asked).toHaveLength(20);
    // 20 requests in about 2 s; one publish per request would be 20 broadcasts.
    const broadcasts = ctx.live.broadcasts.length - before;
    expect(broadcasts).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 3);
    expect(analysed).toBeGreaterThan(0);
    expect(analysed).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 1);
    expect((await ctx.live.get()).sync).toMatchObject({ tracks: 0, analysed: 0, phase: 'idle' });
    expect(await ctx.db.features.count()).toBe(20);
  });
});

describe('the library listing', () => {
  async function listWith(error: SpotifyError | null, unreadableAt: readonly number[] = []) {
    const spotify = fakeSpotify(120, unreadableAt);
    const setup = setUp({ spotify });
    await setup.ctx.secrets.spotifyTokens.set(tokens());
    spotify.fail = error;
    await setup.sync.start?.();
    setup.ctx.alarms.all.delete(LIBRARY_ALARM);
    await handlersOf(setup.sync).startSync({ full: true }, 'extension-page');
    await quiet(setup.ctx, setup.sync);
    return setup;
  }

  it('lists the whole library, queues it, analyses it, and publishes the counts', async () => {
    const { ctx, spotify } = await listWith(null);
    expect(spotify.requests).toBe(3);
    expect((await libraryCursor.get(ctx.db)).phase).toBe('idle');
    expect((await ctx.live.get()).sync).toMatchObject({ tracks: 120, analysed: 120, problem: null, phase: 'idle' });
    expect((await ctx.live.get()).sync.unreadable).toBe(0);
  });

  it('skips malformed items, lists on past them, and shows how many could not be read', async () => {
    const { ctx, spotify } = await listWith(null, [3, 49, 50, 119]);
    expect(spotify.requests).toBe(3);
    expect(await ctx.db.tracks.count()).toBe(116);
    expect(await libraryCursor.get(ctx.db)).toMatchObject({ phase: 'idle', offset: 120, skipped: 4, unreadable: 4 });
    expect((await ctx.live.get()).sync).toMatchObject({ tracks: 116, unreadable: 4, problem: null, phase: 'idle' });
  });

  it.each<[SpotifyErrorKind, string, boolean]>([
    ['rate-limited', 'rate-limited', true],
    ['network', 'offline', true],
    ['server', 'server', true],
    ['invalid-response', 'invalid-response', false],
    // A refusal fails the same way every minute: no retry alarm loop.
    ['not-registered', 'not-registered', false],
    ['forbidden', 'forbidden', false],
    ['reconnect', 'reconnect', false],
    ['permissions-missing', 'permissions-missing', false],
  ])('maps a Spotify %s to a %s problem (retry alarm: %s), by kind', async (kind, problem, retries) => {
    const { ctx } = await listWith(new SpotifyError(kind, `technical words about ${kind}`));
    expect((await ctx.live.get()).sync.problem?.kind).toBe(problem);
    expect(ctx.alarms.all.has(LIBRARY_ALARM)).toBe(retries);
  });

  it('keeps a server fault’s own words as its detail, and reports it as Spotify’s; a refusal is not reported', async () => {
    const refused = await listWith(new SpotifyError('not-registered', 'HTTP 403 User not registered'));
    expect((await refused.ctx.live.get()).sync.problem).toEqual({ kind: 'not-registered' });
    expect(refused.ctx.reportedTags).not.toContain('spotify');
    const failed = await listWith(new SpotifyError('server', 'GET /me/tracks: Spotify failed (HTTP 502)'));
    expect((await failed.ctx.live.get()).sync.problem).toEqual({
      kind: 'server',
      detail: 'GET /me/tracks: Spotify failed (HTTP 502)',
    });
    expect(failed.ctx.reportedTags).toContain('spotify');
  });

  it('tries a rate-limited listing again when Spotify said, not sooner', async () => {
    const { ctx } = await listWith(new SpotifyError('rate-limited', '429', { retryAfterMs: 5 * 60_000 }));
    const { problem } = (await ctx.live.get()).sync;
    const retryAt = problem?.kind === 'rate-limited' ? problem.retryAt : null;
    expect(retryAt).not.toBeNull();
    expect(ctx.alarms.all.get(LIBRARY_ALARM)?.scheduledTime).toBe(retryAt);
  });

  it('a refused sign-in tells the connection (reconnect), once', async () => {
    const spotify = fakeSpotify(10);
    const { ctx, sync } = setUp({ spotify });
    await ctx.secrets.spotifyTokens.set(tokens());
    let signedOut = 0;
    ctx.events.on('spotifySignedOut', () => signedOut++);
    spotify.fail = new SpotifyError('permissions-missing', '401 Permissions missing');
    await handlersOf(sync).startSync({ full: false }, 'extension-page');
    await quiet(ctx, sync);
    expect(signedOut).toBe(1);
    expect((await ctx.live.get()).sync.problem).toEqual({ kind: 'permissions-missing' });
  });

  it('a new connection clears the problem and starts a full listing', async () => {
    const spotify = fakeSpotify(30);
    const { ctx, sync } = setUp({ spotify });
    await ctx.secrets.spotifyTokens.set(tokens());
    ctx.events.emit('spotifyConnection', 'connected');
    await quiet(ctx, sync);
    expect(spotify.requests).toBe(1);
    expect((await ctx.live.get()).sync).toMatchObject({ tracks: 30, analysed: 30, problem: null });
  });

  it('on a worker start, resumes an interrupted listing and keeps one daily alarm', async () => {
    const spotify = fakeSpotify(120);
    const { ctx, sync } = setUp({ spotify });
    await ctx.secrets.spotifyTokens.set(tokens());
    await libraryCursor.set(ctx.db, { ...(await libraryCursor.get(ctx.db)), phase: 'listing', offset: 50 }, 0);
    await sync.start?.();
    await quiet(ctx, sync);
    expect(spotify.requests).toBe(2);
    expect(ctx.alarms.all.get(LIBRARY_ALARM)?.periodInMinutes).toBe(24 * 60);
  });
});

describe('the feature queue’s problems', () => {
  it('a 429 from a provider shows as the provider rate-limited, by its stored kind', async () => {
    const { ctx, recco, sync } = setUp();
    recco.fail = new ProviderError('reccobeats', 'rate-limited', 'ReccoBeats: HTTP 429', 429, 10 * 60_000);
    await enqueueMissingFeatures(ctx.db, ids(2), ctx.clock.now());
    await drive(ctx, tick(sync));
    expect((await ctx.live.get()).sync.problem).toEqual({ kind: 'provider-rate-limited', provider: 'reccobeats' });
  });

  it('a 5xx shows as the provider failing, with its words, and testRapidApiKey answers no-key without a key', async () => {
    const { ctx, recco, sync } = setUp();
    recco.fail = new ProviderError('reccobeats', 'server', 'ReccoBeats: HTTP 503', 503, null);
    await enqueueMissingFeatures(ctx.db, ids(2), ctx.clock.now());
    await drive(ctx, tick(sync));
    expect((await ctx.live.get()).sync.problem).toMatchObject({
      kind: 'provider-failed',
      provider: 'reccobeats',
      detail: expect.stringContaining('503'),
    });
    expect(await handlersOf(sync).testRapidApiKey(null, 'extension-page')).toBe('no-key');
    expect(await handlersOf(sync).testRapidApiKey('good-key', 'extension-page')).toBe('works');
  });
});

describe('a spent SoundNet plan', () => {
  /** RapidAPI's answer, verbatim (PLATFORM.md): 429 without Retry-After. */
  const MONTHLY_QUOTA = {
    message:
      'You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/soundnet-soundnet-default/api/track-analysis',
  };
  /** The fake clock starts on 14 Nov 2023 (UTC): the plan's best-guess reset is 1 Dec 2023, 00:00 UTC. */
  const RESET = Date.UTC(2023, 11, 1);
  /** The reset, give or take a second: the client dates it as a wait from its answer, counted from a moment later. */
  function expectReset(at: number | undefined): void {
    expect(at).toBeGreaterThanOrEqual(RESET);
    expect(at).toBeLessThan(RESET + 1000);
  }
  const planProblem = async (ctx: FakeContext) => {
    const { problem } = (await ctx.live.get()).sync;
    expect(problem?.kind).toBe('plan-used-up');
    return problem?.kind === 'plan-used-up' ? problem.until : undefined;
  };

  function spentPlan() {
    const rapidApi = fakeFetch(() => jsonResponse(429, MONTHLY_QUOTA));
    const sources = (ctx: FakeContext): Pick<SyncSources, 'soundnet' | 'testKey'> => ({
      soundnet: (apiKey) => createSoundNet({ apiKey, fetch: rapidApi.fetch, now: () => ctx.clock.now() }),
      testKey: (apiKey) => testSoundNetKey({ apiKey, fetch: rapidApi.fetch }),
    });
    return { rapidApi, sources };
  }

  async function queueWithSoundNetOnlyTrack(ctx: FakeContext): Promise<void> {
    await ctx.secrets.rapidApiKey.set('k'.repeat(30));
    await enqueueMissingFeatures(ctx.db, ids(3), ctx.clock.now());
    // A track ReccoBeats did not know: only SoundNet can analyse it, so it waits for the plan.
    await ctx.db.featureQueue.add({
      trackId: 'soundnet-only',
      status: 'pending',
      nextAttemptAt: 0,
      attempts: 0,
      lastError: null,
      unknownTo: ['reccobeats'],
    });
  }

  it('says so with its reset, while ReccoBeats analyses the waiting tracks; a restarted worker keeps to it', async () => {
    const { rapidApi, sources } = spentPlan();
    const { ctx, recco, sync } = setUp({ sources });
    await queueWithSoundNetOnlyTrack(ctx);
    await drive(ctx, tick(sync));
    expect(rapidApi.calls).toHaveLength(1);
    expect(recco.asked.map((a) => a.ids)).toEqual([['t0', 't1', 't2']]);
    expect(await ctx.db.features.count()).toBe(3);
    expectReset(await planProblem(ctx));
    expectReset(ctx.alarms.all.get(SYNC_TICK_ALARM)?.scheduledTime);

    // The worker stops and starts again: the park is in IndexedDB, so SoundNet is not asked before the reset,
    // not even for a track saved since, which ReccoBeats takes.
    await enqueueMissingFeatures(ctx.db, ['saved-since'], ctx.clock.now());
    const restarted = createSyncService(ctx, {
      sources: { ...sources(ctx), reccobeats: () => recco.source },
      random: () => 0.5,
      access: fakeHostAccess().access,
    });
    await restarted.start?.();
    await drive(ctx, tick(restarted));
    expect(rapidApi.calls).toHaveLength(1);
    expect(recco.asked.at(-1)?.ids).toEqual(['saved-since']);
    expectReset(await planProblem(ctx));
  });

  it('"Test key" answers plan-used-up, not rate-limited', async () => {
    const { sources } = spentPlan();
    const { sync } = setUp({ sources });
    expect(await handlersOf(sync).testRapidApiKey('k'.repeat(30), 'extension-page')).toBe('plan-used-up');
  });
});

describe('playlists as sources', () => {
  it('a playlist chosen in settings is read by the next run; Options hears what each gave, and why one was refused', async () => {
    const spotify = fakeSpotify(2);
    const road = makeLibrary(3, 100);
    const asked: string[] = [];
    const client = {
      ...spotify.client,
      me: async () => ({ id: 'me' }),
      async myPlaylists() {
        asked.push('list');
        return {
          items: [
            {
              id: 'road',
              uri: 'spotify:playlist:road',
              name: 'Road trip',
              snapshot_id: 's1',
              owner: { id: 'me' },
              items: { total: 3 },
            },
            { id: 'mix', uri: 'spotify:playlist:mix', name: 'Daily Mix', snapshot_id: 's1', owner: { id: 'spotify' } },
          ],
          next: null,
        };
      },
      async playlistTracks(id: string) {
        asked.push(id);
        if (id === 'mix') throw new SpotifyError('not-found', 'Resource not found', { status: 404 });
        return { tracks: road, itemCount: 3, next: null, total: 3 };
      },
    } as unknown as SpotifyClient;
    const ctx = fakeContext({ spotify: client });
    const sync = createSyncService(ctx, {
      random: () => 0.5,
      access: fakeHostAccess().access,
      sources: {
        soundnet: () => fakeProvider('soundnet').source,
        reccobeats: () => fakeProvider('reccobeats').source,
        testKey: async () => 'works',
      },
    });
    await ctx.secrets.spotifyTokens.set(tokens({ scope: 'user-library-read playlist-read-private' }));
    await handlersOf(sync).startSync({ full: false }, 'extension-page');
    await quiet(ctx, sync);
    expect(asked).toEqual([]);

    await ctx.settings.update({ sources: { playlists: ['road', 'mix'] } });
    await quiet(ctx, sync);
    await until(ctx, async () => (await ctx.live.get()).sync.tracks === 5);
    expect(asked).toEqual(['list', 'road', 'mix']);

    const choices = await handlersOf(sync).listPlaylists({ refresh: false }, 'extension-page');
    expect(choices.playlists.map((p) => [p.name, p.mine, p.refusal, p.read])).toEqual([
      ['Road trip', true, null, 3],
      ['Daily Mix', false, 'spotify-owned', 0],
    ]);
    // Granted before playlist-read-collaborative was asked for: reconnect, and Options says why.
    expect(choices.reconnect).toBe(true);
    expect(asked).toHaveLength(3);
  });
});
