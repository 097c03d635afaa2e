import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import type { FeatureOutcome, FeatureSource } from '@/lib/audio-features/types';
import type { Service } from '@/lib/background/context';
import { createOffscreenManager } from '@/lib/camera/offscreen-manager';
import { createCameraService } from '@/lib/camera/service';
import { db } from '@/lib/db/schema';
import { createDjService } from '@/lib/dj/service';
import { createSessionService } from '@/lib/history/session-service';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { getSettings, SETTINGS_KEY, storedSettings } from '@/lib/settings/store';
import type { SpotifyClient } from '@/lib/spotify/client';
import { enqueueMissingFeatures } from '@/lib/sync/library';
import { queueState, setQueuePaused } from '@/lib/sync/queue-state';
import { createSyncService, SYNC_TICK_ALARM } from '@/lib/sync/service';
import { type FakeClock, fakeClock, fakeContext, systemClock } from '@/test/support/background';
import { fillDb, makeFeatures } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { fakeHostAccess } from '@/test/support/host-access';
import { makeLibrary } from '@/test/support/sync-fixtures';
import { exportEverything } from './export';
import { exportJson } from './export-file';
import { MAX_IMPORT_BYTES } from './import';
import { createDataService } from './service';

const database = db();
const FAST: Settings = { ...DEFAULT_SETTINGS, features: { ...DEFAULT_SETTINGS.features, perMinute: 600 } };

/** ReccoBeats that knows every track; while `held`, each answer waits until `release()`. */
function heldReccoBeats() {
  let release = (): void => undefined;
  let started = (): void => undefined;
  const fake = {
    held: true,
    asked: [] as string[][],
    /** Resolves when a request is in flight (and held). */
    inFlight: Promise.resolve(),
    release: () => release(),
    source: {
      name: 'reccobeats',
      maxBatch: 40,
      async fetch(ids) {
        fake.asked.push([...ids]);
        if (fake.held) {
          const gate = new Promise<void>((resolve) => {
            release = resolve;
          });
          started();
          await gate;
        }
        return new Map(ids.map((id, n): [string, FeatureOutcome] => [id, { kind: 'ok', features: features(n) }]));
      },
    } satisfies FeatureSource,
    expectRequest() {
      fake.inFlight = new Promise<void>((resolve) => {
        started = resolve;
      });
      return fake.inFlight;
    },
  };
  return fake;
}

function features(n: number) {
  const { trackId: _, provider: __, fetchedAt: ___, ...rest } = makeFeatures('x', n);
  return rest;
}

/**
 * The data service over the real sync service (on the real clock, so `vi.waitFor` sees it drain), so a
 * deletion or an import meets a drain with a request in flight.
 */
function setUp(clock: FakeClock = systemClock()) {
  const ctx = fakeContext({ db: database, clock });
  ctx.settings.value = FAST;
  const live = ctx.live;
  const recco = heldReccoBeats();
  const reset: string[] = [];
  const moods: unknown[] = [];
  ctx.events.on('dataReset', (what) => reset.push(what));
  ctx.events.on('moodChanged', (mood) => moods.push(mood));
  const sync = createSyncService(ctx, {
    sources: {
      soundnet: () => {
        throw new Error('no RapidAPI key in these tests');
      },
      reccobeats: () => recco.source,
      testKey: async () => 'unreachable',
    },
    access: fakeHostAccess().access,
  });
  const data = ask(
    createDataService(ctx, {
      sync,
      disconnectSpotify: () => ctx.secrets.spotifyTokens.clear(),
      settingsStore: storedSettings,
    }),
  );
  return { ctx, live, recco, sync, data, reset, moods };
}

/** The service's handlers, called as the background calls them for an extension page. */
function ask(service: Service) {
  const h = handlersOf(service);
  const handled = <T>(answer: T | Promise<T> | undefined): Promise<T> =>
    answer === undefined ? Promise.reject(new Error('not handled')) : Promise.resolve(answer);
  return {
    importData: (text: string) => handled(h.importData?.({ text }, 'extension-page')),
    deleteEverything: () => handled(h.deleteEverything?.(undefined, 'extension-page')),
    exportData: () => handled(h.exportData?.(undefined, 'extension-page')),
    getStorageUsed: () => handled(h.getStorageUsed?.(undefined, 'extension-page')),
  };
}

/** Settles when `promise` has, or says it has not within a few event-loop turns. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
}

beforeEach(async () => {
  fakeBrowser.reset();
  await Promise.all(database.tables.map((table) => table.clear()));
  await storage.setItem(SETTINGS_KEY, FAST);
});

describe('Delete everything through the background', () => {
  it('waits for the request in flight, deletes everything, and nothing from before comes back', async () => {
    const { ctx, live, recco, sync, data, reset, moods } = setUp();
    // A library of 100 tracks waiting for features, history, tokens and a calibration.
    await fillDb(database, { tracks: 100, withoutFeatures: 100 });
    await database.secrets.delete('rapidapi-key');
    await database.syncState.clear();
    await live.update((state) => ({
      ...state,
      mood: { mood: 'happy', confidence: 1, since: 1, source: 'manual' },
      manualMood: 'happy',
      spotify: { connected: true, user: 'Someone', problem: null },
      soundnet: { keySet: true, rejected: false, needsAccess: false },
      calibration: { state: 'set', at: 1, message: null },
    }));

    const inFlight = recco.expectRequest();
    await handlersOf(sync).setSyncPaused(false, 'extension-page');
    await inFlight;
    const deleting = data.deleteEverything();
    // The deletion waits for the answer on its way: nothing is deleted under a running drain.
    expect(await settled(deleting)).toBe(false);
    expect(await database.tracks.count()).toBe(100);

    recco.held = false;
    recco.release();
    await deleting;
    for (const table of database.tables) expect(await table.count(), table.name).toBe(0);
    expect(await storage.getItem(SETTINGS_KEY)).toBeNull();
    expect(reset).toEqual(['delete']);
    expect(moods).toEqual([null]);

    // The sync resumed, found nothing to do, and sent nothing more; the tick alarm is gone.
    await vi.waitFor(async () => expect((await live.get()).sync.phase).toBe('idle'));
    expect(recco.asked).toHaveLength(1);
    expect(await database.features.count()).toBe(0);
    expect(await ctx.alarms.get(SYNC_TICK_ALARM)).toBeUndefined();
    const state = await live.get();
    expect(state.sync).toMatchObject({ tracks: 0, analysed: 0, unknown: 0, failed: 0 });
    expect(state.mood).toBeNull();
    expect(state.manualMood).toBeNull();
    expect(state.spotify).toEqual({ connected: false, user: null, problem: null });
    expect(state.soundnet).toEqual({ keySet: false, rejected: false, needsAccess: false });
    expect(state.calibration.state).toBe('none');
  });
});

/** A promise to open by hand, and one that says the work reached it. */
function gate() {
  const g = { open: (): void => undefined, reached: (): void => undefined, isReached: Promise.resolve() };
  const opened = new Promise<void>((resolve) => {
    g.open = resolve;
  });
  g.isReached = new Promise<void>((resolve) => {
    g.reached = resolve;
  });
  return {
    ...g,
    /** Waits at the gate (the first time only: afterwards it is open). */
    async pass(): Promise<void> {
      g.reached();
      await opened;
    },
    open: () => g.open(),
  };
}

/**
 * The data service beside the services whose writes "delete everything" must wait for, on one context; the
 * sync holds nothing here (its own hold is tested above).
 */
function withWriters(spotify: Partial<SpotifyClient> = {}) {
  const ctx = fakeContext({ db: database, spotify: spotify as SpotifyClient });
  const data = ask(
    createDataService(ctx, {
      sync: { exclusive: (work) => work() },
      disconnectSpotify: async () => undefined,
      settingsStore: storedSettings,
    }),
  );
  return { ctx, data };
}

async function addTracks(count: number, start = 0): Promise<string[]> {
  const library = makeLibrary(count, start);
  await database.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
  return library.map((t) => t.id);
}

describe('Delete everything waits for every writer, and nothing comes back afterwards', () => {
  it('a queue call under way writes its history before the deletion, and a later one writes as usual', async () => {
    const held = gate();
    const queued: string[] = [];
    const { ctx, data } = withWriters({
      devices: async () => [
        { id: 'web-player', is_active: true, name: 'Web Player', type: 'Computer', is_restricted: false },
      ],
      async queue(uri: string) {
        await held.pass();
        queued.push(uri);
      },
    } as Partial<SpotifyClient>);
    const dj = handlersOf(createDjService(ctx));
    const ids = await addTracks(3);

    const queueing = dj.queueTracks({ trackIds: ids.slice(0, 2) }, 'extension-page');
    await held.isReached;
    const deleting = data.deleteEverything();
    expect(await settled(deleting)).toBe(false);
    held.open();
    await Promise.all([queueing, deleting]);
    await ctx.events.idle();
    expect(queued).toHaveLength(2);
    for (const table of database.tables) expect(await table.count(), table.name).toBe(0);
    expect((await ctx.live.get()).dj.busy).toBe(false);

    // After the deletion, a queue call is new history and is kept.
    const [fresh] = await addTracks(1, 100);
    await dj.queueTracks({ trackIds: [fresh as string] }, 'extension-page');
    expect((await database.playEvents.toArray()).map((e) => e.trackId)).toEqual([fresh]);
  });

  it('a session save under way stores its playlist before the deletion, not after it', async () => {
    const held = gate();
    const made: string[] = [];
    const { ctx, data } = withWriters({
      async createPlaylist({ name }: { name: string }) {
        await held.pass();
        made.push(name);
        return { id: `pl${made.length}`, uri: `spotify:playlist:pl${made.length}`, name };
      },
      addPlaylistItems: async () => 'snap',
      followsPlaylist: async () => true,
    } as Partial<SpotifyClient>);
    const session = handlersOf(createSessionService(ctx, { locale: 'en-GB' }));
    const now = ctx.clock.now();
    const listened = async () => {
      await database.moodEvents.add({ at: now - 20 * 60_000, mood: 'happy', confidence: 0.9, source: 'camera' });
      await database.playEvents.add({ at: now - 19 * 60_000, trackId: 'a', kind: 'queued', mood: 'happy' });
    };
    await listened();

    const saving = session.saveSession(undefined, 'spotify-tab');
    await held.isReached;
    const deleting = data.deleteEverything();
    expect(await settled(deleting)).toBe(false);
    held.open();
    const [outcome] = await Promise.all([saving, deleting]);
    await ctx.events.idle();
    expect(outcome).toMatchObject({ ok: true });
    for (const table of database.tables) expect(await table.count(), table.name).toBe(0);
    expect(await session.readSession(undefined, 'spotify-tab')).toBeNull();

    // A session listened to after the deletion saves as usual.
    await listened();
    expect(await session.saveSession(undefined, 'spotify-tab')).toMatchObject({ ok: true, added: 1 });
    expect(await database.syncState.count()).toBe(1);
  });

  it('a calibration under way writes its baseline before the deletion: no baseline is left, none is shown', async () => {
    const held = gate();
    let exists = false;
    const { ctx, data } = withWriters();
    ctx.settings.value = { ...FAST, camera: { ...FAST.camera, enabled: true } };
    const camera = createCameraService(ctx, {
      offscreen: createOffscreenManager({
        hasDocument: async () => exists,
        create: async () => {
          exists = true;
        },
        close: async () => {
          exists = false;
        },
      }),
      channel: {
        ping: async () => exists,
        configure: async () => undefined,
        // As the offscreen document does: the faces it saw become the baseline, written to IndexedDB.
        async calibrate() {
          await held.pass();
          await database.calibration.put({ key: 'baseline', baseline: [1, 2, 3], createdAt: ctx.clock.now() });
          return { ok: true as const, frames: 12 };
        },
        calibrationCleared: async () => undefined,
        readStats: async () => ({
          frames: 0,
          faceFrames: 0,
          inferenceMs: null,
          streamStartedAt: null,
          firstMoodAt: null,
        }),
      },
      idle: { query: async () => false, onChange: () => undefined },
    });
    await camera.start?.();
    const calibrate = () => handlersOf(camera).startCalibration(undefined, 'extension-page');

    const calibrating = calibrate();
    await held.isReached;
    const deleting = data.deleteEverything();
    expect(await settled(deleting)).toBe(false);
    held.open();
    const [result] = await Promise.all([calibrating, deleting]);
    await ctx.events.idle();
    expect(result).toEqual({ ok: true, frames: 12 });
    expect(await database.calibration.count()).toBe(0);
    expect((await ctx.live.get()).calibration).toEqual({ state: 'none', at: null, message: null });

    // Calibrating again after the deletion sets a new baseline.
    expect(await calibrate()).toEqual({ ok: true, frames: 12 });
    expect(await database.calibration.count()).toBe(1);
    expect((await ctx.live.get()).calibration.state).toBe('set');
  });

  it('holds a writer that starts during the deletion and runs it afterwards, on the emptied data', async () => {
    const { ctx, data } = withWriters();
    await addTracks(2);
    const deleting = data.deleteEverything();
    const writing = ctx.writers.run('test', async () => {
      const tracks = await database.tracks.count();
      await database.playEvents.add({ at: 1, trackId: 'new', kind: 'queued', mood: null });
      return tracks;
    });
    await deleting;
    expect(await writing).toBe(0);
    expect(await database.playEvents.count()).toBe(1);
  });
});

describe('Import through the background', () => {
  async function exportFile(tracks: number, withFeatures: number): Promise<string> {
    const other = await import('@/lib/db/schema').then(({ openDb }) => openDb(`export-${Math.random()}`));
    const library = makeLibrary(tracks, 5000);
    await other.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
    await other.features.bulkAdd(library.slice(0, withFeatures).map((t, n) => makeFeatures(t.id, n)));
    const file = exportJson(await exportEverything(other, async () => FAST));
    await other.delete();
    return file;
  }

  it('pauses the drain, replaces the data in one go, and resumes with the imported queue', async () => {
    const { live, recco, sync, data, reset } = setUp();
    const before = makeLibrary(80).map((t) => t.id);
    await database.tracks.bulkAdd(makeLibrary(80).map((t) => ({ ...t, seenInSync: 1 })));
    await enqueueMissingFeatures(database, before, 0);
    const file = await exportFile(50, 30);

    const inFlight = recco.expectRequest();
    await handlersOf(sync).setSyncPaused(false, 'extension-page');
    await inFlight;
    const importing = data.importData(file);
    expect(await settled(importing)).toBe(false);

    recco.held = false;
    recco.release();
    const outcome = await importing;
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.ok && outcome.summary).toContain('Imported 50 tracks, 30 audio feature sets');
    expect(reset).toEqual(['import']);

    // The 20 imported tracks without features are analysed after the import; the old library's are gone.
    await vi.waitFor(async () => expect((await live.get()).sync).toMatchObject({ tracks: 50, analysed: 50 }), {
      timeout: 5000,
    });
    expect(await database.tracks.count()).toBe(50);
    expect(await database.features.count()).toBe(50);
    const askedAfter = recco.asked.slice(1).flat();
    expect(askedAfter).toHaveLength(20);
    expect(askedAfter.every((id) => !before.includes(id))).toBe(true);
    expect((await live.get()).mood).toBeNull();
  });

  it('keeps the person’s pause: an import resumes the sync only as far as it was running', async () => {
    const { live, recco, data } = setUp();
    await setQueuePaused(database, true);
    recco.held = false;
    const outcome = await data.importData(await exportFile(10, 0));
    expect(outcome.ok).toBe(true);
    await vi.waitFor(async () => expect((await live.get()).sync).toMatchObject({ tracks: 10, phase: 'paused' }));
    expect(recco.asked).toEqual([]);
    expect((await queueState.get(database)).paused).toBe(true);
  });

  it('refuses text over 50 MB and a broken file without touching anything or pausing the sync', async () => {
    const { data } = setUp();
    await fillDb(database, { tracks: 5 });
    const huge = await data.importData('x'.repeat(MAX_IMPORT_BYTES + 1));
    expect(huge).toEqual({
      ok: false,
      message:
        'This file is larger than 50 MB, too large for a MoodDJ export. Choose the file MoodDJ saved. Nothing was imported.',
    });
    // Three-byte characters: under the limit in length, over it in bytes.
    expect((await data.importData('€'.repeat(MAX_IMPORT_BYTES / 3 + 1))).ok).toBe(false);
    expect(await data.importData('{"format":')).toMatchObject({ ok: false });
    expect(await database.tracks.count()).toBe(5);
    expect(await getSettings()).toEqual(FAST);
  });
});

describe('Export and storage through the background', () => {
  it('builds the export object from the database and the settings in effect, dated by the clock', async () => {
    const { ctx, data } = setUp(fakeClock());
    await fillDb(database, { tracks: 12, withoutFeatures: 3, moods: 7, plays: 5 });
    ctx.settings.value = FAST;
    const file = await data.exportData();
    expect(file).toMatchObject({ format: 'mooddj-export', version: 2 });
    expect(file.exportedAt).toBe(new Date(ctx.clock.now()).toISOString());
    expect(file.settings.features.perMinute).toBe(600);
    expect(file.library.tracks).toHaveLength(12);
    expect(file.library.features).toHaveLength(9);
    expect(file.moodHistory).toHaveLength(7);
    // What crosses to the page survives structured clone and holds no secret or calibration.
    expect(structuredClone(file)).toEqual(file);
    expect(exportJson(file)).not.toMatch(/calibration|baseline|secrets|rapidapi-key|spotify-tokens/);
  });

  it('answers the bytes used, from the storage estimate', async () => {
    const ctx = fakeContext({ db: database });
    const sync = { exclusive: <T>(work: () => Promise<T>) => work() };
    const disconnectSpotify = async () => undefined;
    const used = ask(
      createDataService(ctx, {
        sync,
        disconnectSpotify,
        settingsStore: storedSettings,
        estimate: async () => ({ usage: 3_400_000 }),
      }),
    );
    expect(await used.getStorageUsed()).toBe(3_400_000);
  });
});
