import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import type { FeatureOutcome, FeatureSource } from '@/lib/audio-features/types';
import { db } from '@/lib/db/schema';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { SETTINGS_KEY } from '@/lib/settings/store';
import { queueState, UNKNOWN_RETRY_MS } from '@/lib/sync/feature-queue';
import { enqueueMissingFeatures } from '@/lib/sync/library';
import { createLiveStateStore } from '../live-state/store';
import { createSyncController, nextTickAt, SYNC_TICK_ALARM } from './sync-controller';

const database = db();
const DAY = 24 * 60 * 60 * 1000;

/** ReccoBeats that knows every track; `hold` makes the next answer wait for `release()`. */
function reccoBeats() {
  let gate: Promise<void> | null = null;
  let open = (): void => undefined;
  let started = (): void => undefined;
  const fake = {
    asked: [] as string[][],
    hold(): Promise<void> {
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return new Promise((resolve) => {
        started = resolve;
      });
    },
    release: () => {
      gate = null;
      open();
    },
    source: {
      name: 'reccobeats',
      maxBatch: 40,
      async fetch(ids) {
        fake.asked.push([...ids]);
        if (gate) {
          started();
          await gate;
        }
        const features = { valence: 0.5, energy: 0.5, tempo: 120 };
        const none = { danceability: null, acousticness: null, instrumentalness: null, liveness: null };
        return new Map(
          ids.map((id): [string, FeatureOutcome] => [
            id,
            { kind: 'ok', features: { ...features, ...none, speechiness: null, loudness: null } },
          ]),
        );
      },
    } satisfies FeatureSource,
  };
  return fake;
}

function setUp() {
  const live = createLiveStateStore(() => []);
  const recco = reccoBeats();
  const sync = createSyncController(live, () => undefined, {
    soundnet: () => {
      throw new Error('no RapidAPI key in these tests');
    },
    reccobeats: () => recco.source,
  });
  return { live, recco, sync };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await Promise.all(database.tables.map((table) => table.clear()));
  await storage.setItem(SETTINGS_KEY, {
    ...DEFAULT_SETTINGS,
    features: { ...DEFAULT_SETTINGS.features, perMinute: 600 },
  });
});

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
  it('is cleared when a run finds the queue empty', async () => {
    const { sync } = setUp();
    await sync.onAlarm(SYNC_TICK_ALARM);
    expect(await fakeBrowser.alarms.get(SYNC_TICK_ALARM)).toBeUndefined();
  });

  it('is cleared once a queue is drained, and sends nothing more', async () => {
    const { recco, sync } = setUp();
    await enqueueMissingFeatures(database, ['a', 'b'], Date.now());
    await sync.onAlarm(SYNC_TICK_ALARM);
    expect(recco.asked).toEqual([['a', 'b']]);
    expect(await fakeBrowser.alarms.get(SYNC_TICK_ALARM)).toBeUndefined();
  });

  it('waits the long retry, not 30 s, when only tracks no provider knows are left', async () => {
    const { recco, sync } = setUp();
    // ReccoBeats did not know this track while a RapidAPI key was set; the key is gone now.
    await database.featureQueue.add({
      trackId: 'orphan',
      status: 'pending',
      nextAttemptAt: 0,
      attempts: 0,
      lastError: null,
      unknownTo: ['reccobeats'],
    });
    const before = Date.now();
    await sync.onAlarm(SYNC_TICK_ALARM);
    expect(recco.asked).toEqual([]);
    expect(await database.featureQueue.get('orphan')).toMatchObject({ status: 'unknown' });
    const alarm = await fakeBrowser.alarms.get(SYNC_TICK_ALARM);
    expect(alarm?.scheduledTime).toBeGreaterThanOrEqual(before + UNKNOWN_RETRY_MS);
  });

  it('is not left behind by a listing that could not start (not connected)', async () => {
    const { live, sync } = setUp();
    await sync.start(false);
    await vi.waitFor(async () => {
      const state = await live.get();
      expect(state.sync.problem?.kind).toBe('not-connected');
      expect(state.sync.phase).toBe('idle');
      expect(await fakeBrowser.alarms.get(SYNC_TICK_ALARM)).toBeUndefined();
    });
  });
});

describe('a pause during an in-flight request', () => {
  it('stays paused: the answer is stored, nothing more is sent, and no alarm wakes the worker', async () => {
    const { live, recco, sync } = setUp();
    await enqueueMissingFeatures(
      database,
      Array.from({ length: 60 }, (_, i) => `t${i}`),
      Date.now(),
    );
    const inFlight = recco.hold();
    const running = sync.onAlarm(SYNC_TICK_ALARM);
    await inFlight;
    await sync.setPaused(true);
    recco.release();
    await running;
    expect(recco.asked).toHaveLength(1);
    expect(await database.features.count()).toBe(40);
    expect((await queueState.get(database)).paused).toBe(true);
    expect(await fakeBrowser.alarms.get(SYNC_TICK_ALARM)).toBeUndefined();
    expect((await live.get()).sync.phase).toBe('paused');
  });
});
