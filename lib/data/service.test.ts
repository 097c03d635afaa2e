import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import type { FeatureOutcome, FeatureSource } from '@/lib/audio-features/types';
import type { Service } from '@/lib/background/context';
import { db } from '@/lib/db/schema';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { getSettings, SETTINGS_KEY, storedSettings } from '@/lib/settings/store';
import { enqueueMissingFeatures } from '@/lib/sync/library';
import { queueState, setQueuePaused } from '@/lib/sync/queue-state';
import { createSyncService, SYNC_TICK_ALARM } from '@/lib/sync/service';
import { type FakeClock, fakeClock, fakeContext, systemClock } from '@/test/support/background';
import { fillDb, makeFeatures } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
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
      soundnet: { keySet: true, rejected: false },
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
    expect(state.soundnet).toEqual({ keySet: false, rejected: false });
    expect(state.calibration.state).toBe('none');
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
