import { describe, expect, it } from 'vitest';
import type { FeatureOutcome, FeatureSource } from '@/lib/audio-features/types';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { type FakeContext, fakeContext, fakeSettings } from '@/test/support/background';
import { OK_FEATURES as ok } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { fakeHostAccess } from '@/test/support/host-access';
import { enqueueMissingFeatures } from './library';
import { queueState } from './queue-state';
import { createSyncService, SYNC_TICK_ALARM, type SyncService } from './service';
import type { SyncSources } from './sources';

const KEY = 'good-key-good-key-good-key-0001';

/**
 * The sync service with SoundNet's host granted (or not) by a fake browser. SoundNet knows every track; ReccoBeats
 * none, so each track here can only be served by SoundNet, and waits when SoundNet cannot be asked.
 */
function setUp(granted: boolean) {
  const settings = fakeSettings({ ...DEFAULT_SETTINGS, features: { ...DEFAULT_SETTINGS.features, perMinute: 600 } });
  const ctx = fakeContext({ settings });
  const host = fakeHostAccess(granted);
  const soundnetAsked: string[] = [];
  const keysTested: string[] = [];
  const soundnet = (apiKey: string): FeatureSource => ({
    name: 'soundnet',
    maxBatch: 1,
    async fetch(ids) {
      soundnetAsked.push(...ids.map((id) => `${id}@${apiKey}`));
      return new Map(ids.map((id): [string, FeatureOutcome] => [id, ok]));
    },
  });
  const reccobeats: FeatureSource = {
    name: 'reccobeats',
    maxBatch: 40,
    fetch: async (ids) => new Map(ids.map((id): [string, FeatureOutcome] => [id, { kind: 'unknown' }])),
  };
  const sources: SyncSources = {
    soundnet,
    reccobeats: () => reccobeats,
    testKey: async (apiKey) => {
      keysTested.push(apiKey);
      return 'works';
    },
  };
  const sync = createSyncService(ctx, { sources, random: () => 0.5, access: host.access });
  return { ctx, host, sources, sync, soundnetAsked, keysTested, handlers: handlersOf(sync) };
}

/** Moves the fake clock until `done` holds, letting IndexedDB work in between; fails when it never does. */
async function until(ctx: FakeContext, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let step = 0; step < 3000; step++) {
    if (await done()) return;
    await new Promise((resolve) => setImmediate(resolve));
    await ctx.clock.advance(100);
  }
  throw new Error(`never got there: ${JSON.stringify((await ctx.live.get()).soundnet)}`);
}

/** Until the runs started in the background are over (the tick alarm fired as Chrome would, then cleared). */
async function quiet(ctx: FakeContext, sync: SyncService): Promise<void> {
  await until(ctx, async () => {
    const alarm = ctx.alarms.all.get(SYNC_TICK_ALARM);
    if (alarm && alarm.scheduledTime <= ctx.clock.now()) void sync.alarms?.[SYNC_TICK_ALARM]?.();
    return !ctx.alarms.all.has(SYNC_TICK_ALARM) && (await ctx.live.get()).sync.phase !== 'analysing';
  });
}

const soundnetState = async (ctx: FakeContext) => (await ctx.live.get()).soundnet;
const waiting = (ctx: FakeContext) => ctx.db.featureQueue.count();

describe("SoundNet's host, asked for when a key is saved", () => {
  it('granted: the key is used, SoundNet is asked, and Options shows no missing access', async () => {
    const { ctx, sync, handlers, soundnetAsked } = setUp(true);
    await enqueueMissingFeatures(ctx.db, ['t0', 't1'], ctx.clock.now());
    await handlers.setRapidApiKey(KEY, 'extension-page');
    await quiet(ctx, sync);
    expect(soundnetAsked.sort()).toEqual([`t0@${KEY}`, `t1@${KEY}`]);
    expect(await waiting(ctx)).toBe(0);
    expect(await soundnetState(ctx)).toEqual({ keySet: true, rejected: false, needsAccess: false });
  });

  it('not granted: a stored key is not used, nothing is sent to SoundNet, Options says access is needed', async () => {
    const { ctx, sync, handlers, soundnetAsked, keysTested } = setUp(false);
    await enqueueMissingFeatures(ctx.db, ['t0'], ctx.clock.now());
    await handlers.setRapidApiKey(KEY, 'extension-page');
    await quiet(ctx, sync);
    expect(soundnetAsked).toEqual([]);
    expect(await soundnetState(ctx)).toEqual({ keySet: true, rejected: false, needsAccess: true });
    // "Test key" sends nothing either: the browser would not let the request through.
    expect(await handlers.testRapidApiKey(null, 'extension-page')).toBe('no-access');
    expect(keysTested).toEqual([]);
    // The track is kept, waiting for SoundNet, not dropped.
    expect(await waiting(ctx)).toBe(1);
  });

  it('taken back later: SoundNet stops, Options asks for access, the waiting tracks go out once it is granted again', async () => {
    const { ctx, sync, host, handlers, soundnetAsked } = setUp(true);
    await handlers.setRapidApiKey(KEY, 'extension-page');
    await quiet(ctx, sync);

    // The person takes the host back in the browser's extension settings (permissions.onRemoved).
    host.set(false);
    await until(ctx, async () => (await soundnetState(ctx)).needsAccess);
    expect(await soundnetState(ctx)).toEqual({ keySet: true, rejected: false, needsAccess: true });
    await enqueueMissingFeatures(ctx.db, ['saved-later'], ctx.clock.now());
    let ticked = false;
    void sync.alarms?.[SYNC_TICK_ALARM]?.().then(() => {
      ticked = true;
    });
    await until(ctx, () => ticked);
    expect(soundnetAsked).toEqual([]);
    // Waiting (unknown to ReccoBeats, asked again later), not lost.
    expect(await ctx.db.featureQueue.get('saved-later')).toMatchObject({ status: 'unknown' });

    // "Grant access" in Options: the browser grants it (permissions.onAdded), the page asks the background to check.
    host.set(true);
    expect(await handlers.checkSoundNetAccess(undefined, 'extension-page')).toBe(true);
    await quiet(ctx, sync);
    expect(soundnetAsked).toEqual([`saved-later@${KEY}`]);
    expect(await waiting(ctx)).toBe(0);
    expect(await soundnetState(ctx)).toEqual({ keySet: true, rejected: false, needsAccess: false });
  });

  it('a worker that starts after the grant was taken back shows it at once', async () => {
    const { ctx, sources } = setUp(true);
    await ctx.secrets.rapidApiKey.set(KEY);
    const restarted = createSyncService(ctx, { sources, access: fakeHostAccess(false).access });
    await restarted.start?.();
    expect(await soundnetState(ctx)).toEqual({ keySet: true, rejected: false, needsAccess: true });
    expect((await queueState.get(ctx.db)).soundnetAccess).toBe(false);
  });

  it('"Remove key" gives the host back, and no access is asked for without a key', async () => {
    const { ctx, sync, host, handlers } = setUp(true);
    await handlers.setRapidApiKey(KEY, 'extension-page');
    await quiet(ctx, sync);
    expect(host.released).toBe(0);

    await handlers.setRapidApiKey(null, 'extension-page');
    expect(host.released).toBe(1);
    expect(host.granted).toBe(false);
    expect(await soundnetState(ctx)).toEqual({ keySet: false, rejected: false, needsAccess: false });
    expect(await handlers.testRapidApiKey(null, 'extension-page')).toBe('no-key');
  });

  it('"Test key" with no key saved gives back the host it asked for; with a key saved, keeps it', async () => {
    const { ctx, sync, host, handlers, keysTested } = setUp(true);
    expect(await handlers.testRapidApiKey(KEY, 'extension-page')).toBe('works');
    expect(keysTested).toEqual([KEY]);
    expect(host.released).toBe(1);
    expect(host.granted).toBe(false);

    host.set(true);
    await handlers.setRapidApiKey(KEY, 'extension-page');
    await quiet(ctx, sync);
    expect(await handlers.testRapidApiKey('another-key-another-key-00002', 'extension-page')).toBe('works');
    expect(host.released).toBe(1);
    expect(host.granted).toBe(true);
  });

  it('"Delete everything" gives the host back too', async () => {
    const { ctx, sync, host, handlers } = setUp(true);
    await handlers.setRapidApiKey(KEY, 'extension-page');
    await quiet(ctx, sync);
    ctx.events.emit('dataReset', 'delete');
    await ctx.events.idle();
    expect(host.released).toBe(1);
  });
});
