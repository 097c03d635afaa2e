import { beforeEach, describe, expect, it } from 'vitest';
import { createSoundNet } from '@/lib/audio-features/soundnet';
import type { FeatureOutcome, FeatureSource, NormalisedFeatures } from '@/lib/audio-features/types';
import { ProviderError } from '@/lib/audio-features/types';
import { db } from '@/lib/db/schema';
import { fakeFetch, jsonResponse } from '@/test/support/audio-features';
import { backoffMs, drainQueue, type QueueDeps, UNKNOWN_RETRY_MS } from './feature-queue';
import { enqueueMissingFeatures } from './library';
import { queueState, resetSoundNet, setQueuePaused } from './queue-state';

const database = db();
let clock = 0;
const MINUTE = 60_000;

const features = (valence: number): NormalisedFeatures => ({
  valence,
  energy: 0.5,
  tempo: 120,
  danceability: 0.5,
  acousticness: 0.1,
  instrumentalness: 0,
  liveness: 0.1,
  speechiness: 0.05,
  loudness: -6,
});

type Script = (ids: readonly string[]) => Map<string, FeatureOutcome> | ProviderError;

/** A fake provider: answers by script, counting requests per id. */
function fakeSource(name: 'soundnet' | 'reccobeats', script: Script): FeatureSource & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    name,
    maxBatch: name === 'soundnet' ? 1 : 40,
    asked,
    async fetch(ids) {
      asked.push([...ids]);
      const answer = script(ids);
      if (answer instanceof ProviderError) throw answer;
      return answer;
    },
  };
}

const allOk: Script = (ids) => new Map(ids.map((id) => [id, { kind: 'ok', features: features(0.7) }]));

function deps(overrides: Partial<QueueDeps>): QueueDeps {
  return {
    db: database,
    soundnet: null,
    reccobeats: fakeSource('reccobeats', allOk),
    limits: { dailyBudget: 1000, perMinute: 60 },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    random: () => 0.5,
    ...overrides,
  };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);

beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
  clock = Date.UTC(2026, 10, 24, 12);
});

describe('drainQueue', () => {
  it('batches ReccoBeats 40 ids a request at the configured rate, and stores every feature', async () => {
    await enqueueMissingFeatures(database, ids(100), clock);
    const recco = fakeSource('reccobeats', allOk);
    const started = clock;
    const result = await drainQueue(
      deps({ reccobeats: recco, limits: { dailyBudget: 1000, perMinute: 30 } }),
      clock + 10 * MINUTE,
    );
    expect(recco.asked.map((b) => b.length)).toEqual([40, 40, 20]);
    expect(result.stoppedBy).toBe('empty');
    expect(await database.features.count()).toBe(100);
    expect(await database.featureQueue.count()).toBe(0);
    // 30 a minute: 2 s apart.
    expect(clock - started).toBe(3 * 2000);
  });

  it('asks SoundNet one track at a time first, and ReccoBeats for the ones SoundNet does not know', async () => {
    await enqueueMissingFeatures(database, ids(3), clock);
    const soundnet = fakeSource(
      'soundnet',
      (asked) =>
        new Map(asked.map((id) => [id, id === 'id1' ? { kind: 'unknown' } : { kind: 'ok', features: features(0.9) }])),
    );
    const recco = fakeSource('reccobeats', allOk);
    await drainQueue(deps({ soundnet, reccobeats: recco }), clock + MINUTE);
    expect(soundnet.asked).toEqual([['id0'], ['id1'], ['id2']]);
    expect(recco.asked).toEqual([['id1']]);
    expect((await database.features.get('id0'))?.provider).toBe('soundnet');
    expect((await database.features.get('id1'))?.provider).toBe('reccobeats');
  });

  it('marks a track both providers do not know and leaves it for 30 days', async () => {
    await enqueueMissingFeatures(database, ['lost'], clock);
    const soundnet = fakeSource('soundnet', (asked) => new Map(asked.map((id) => [id, { kind: 'unknown' }])));
    const recco = fakeSource('reccobeats', () => new Map());
    await drainQueue(deps({ soundnet, reccobeats: recco }), clock + MINUTE);
    const row = await database.featureQueue.get('lost');
    expect(row).toMatchObject({ status: 'unknown', unknownTo: ['soundnet', 'reccobeats'] });
    expect(row?.nextAttemptAt).toBe(clock - 1000 + UNKNOWN_RETRY_MS);
    soundnet.asked.length = 0;
    await drainQueue(deps({ soundnet, reccobeats: recco }), clock + 10 * MINUTE);
    expect(soundnet.asked).toEqual([]);
  });

  it('honours Retry-After on 429: it waits, then goes on, without spinning', async () => {
    await enqueueMissingFeatures(database, ids(80), clock);
    let calls = 0;
    const recco = fakeSource('reccobeats', (asked) =>
      ++calls === 1 ? new ProviderError('reccobeats', 'rate-limited', '429', 429, 20_000) : allOk(asked),
    );
    const started = clock;
    await drainQueue(deps({ reccobeats: recco }), clock + 5 * MINUTE);
    expect(recco.asked).toHaveLength(3);
    expect(await database.features.count()).toBe(80);
    // Blocked for Retry-After (20 s) plus up to 1 s of jitter, never earlier.
    expect(clock - started).toBeGreaterThanOrEqual(20_000);
  });

  it('stops the run when the Retry-After reaches past its deadline, and says when to resume', async () => {
    await enqueueMissingFeatures(database, ids(5), clock);
    const recco = fakeSource('reccobeats', () => new ProviderError('reccobeats', 'rate-limited', '429', 429, 120_000));
    const started = clock;
    const result = await drainQueue(deps({ reccobeats: recco }), clock + 25_000);
    expect(result.stoppedBy).toBe('blocked');
    expect(result.resumeAt).toBeGreaterThanOrEqual(started + 120_000);
    expect(clock).toBe(started);
    expect(recco.asked).toHaveLength(1);
    // The kind is stored, so nothing has to find "429" in a sentence.
    expect((await queueState.get(database)).lastFault).toEqual({ kind: 'rate-limited', provider: 'reccobeats' });
  });

  it('backs off exponentially on 5xx and network faults', async () => {
    expect(backoffMs(0, () => 0.5)).toBe(5000);
    expect(backoffMs(3, () => 0.5)).toBe(40_000);
    expect(backoffMs(20, () => 0.5)).toBe(600_000);
    await enqueueMissingFeatures(database, ids(2), clock);
    const recco = fakeSource('reccobeats', () => new ProviderError('reccobeats', 'server', 'HTTP 503', 503, null));
    await drainQueue(deps({ reccobeats: recco }), clock + 60_000);
    // 0 s, +5 s, +10 s, +20 s: then the next wait (40 s) passes the deadline.
    expect(recco.asked).toHaveLength(4);
    expect((await queueState.get(database)).lastError).toContain('HTTP 503');
    expect((await queueState.get(database)).lastFault).toEqual({ kind: 'failed', provider: 'reccobeats' });
  });

  it('stops SoundNet on 403 and carries on with ReccoBeats', async () => {
    await enqueueMissingFeatures(database, ids(3), clock);
    const soundnet = fakeSource('soundnet', () => new ProviderError('soundnet', 'key-rejected', '403', 403, null));
    const recco = fakeSource('reccobeats', allOk);
    await drainQueue(deps({ soundnet, reccobeats: recco }), clock + MINUTE);
    expect(soundnet.asked).toHaveLength(1);
    expect(recco.asked).toEqual([['id0', 'id1', 'id2']]);
    expect((await queueState.get(database)).soundnetRejected).toBe(true);
  });

  it('marks a malformed answer failed with its reason, keeps going, and never overwrites good features', async () => {
    await enqueueMissingFeatures(database, ['bad', 'good'], clock);
    await database.features.put({ trackId: 'old', provider: 'soundnet', fetchedAt: 1, ...features(0.2) });
    const recco = fakeSource(
      'reccobeats',
      (asked) =>
        new Map(
          asked.map((id): [string, FeatureOutcome] => [
            id,
            id === 'bad'
              ? { kind: 'invalid', reason: 'ReccoBeats sent a body that is not JSON' }
              : { kind: 'ok', features: features(0.6) },
          ]),
        ),
    );
    await drainQueue(deps({ reccobeats: recco }), clock + 30_000);
    expect(await database.featureQueue.get('bad')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'ReccoBeats sent a body that is not JSON',
    });
    expect(await database.features.get('bad')).toBeUndefined();
    expect((await database.features.get('old'))?.valence).toBe(0.2);
    expect((await database.features.get('good'))?.valence).toBe(0.6);
  });

  it('keeps within the daily budget and resumes the next day', async () => {
    await enqueueMissingFeatures(database, ids(10), clock);
    const soundnet = fakeSource('soundnet', allOk);
    const result = await drainQueue(
      deps({ soundnet, limits: { dailyBudget: 4, perMinute: 600 } }),
      clock + 10 * MINUTE,
    );
    expect(soundnet.asked).toHaveLength(4);
    expect(result.stoppedBy).toBe('budget');
    clock = result.resumeAt ?? 0;
    await drainQueue(deps({ soundnet, limits: { dailyBudget: 4, perMinute: 600 } }), clock + 10 * MINUTE);
    expect(soundnet.asked).toHaveLength(8);
  });

  it('does nothing while paused', async () => {
    await enqueueMissingFeatures(database, ids(3), clock);
    await setQueuePaused(database, true, clock);
    const recco = fakeSource('reccobeats', allOk);
    expect((await drainQueue(deps({ reccobeats: recco }), clock + MINUTE)).stoppedBy).toBe('paused');
    expect(recco.asked).toEqual([]);
  });

  it('resumes after a stop mid-run without asking for a fetched track again', async () => {
    await enqueueMissingFeatures(database, ids(120), clock);
    const recco = fakeSource('reccobeats', allOk);
    let sleeps = 0;
    const dying = deps({
      reccobeats: recco,
      sleep: async (ms) => {
        clock += ms;
        if (++sleeps === 2) throw new Error('service worker stopped');
      },
    });
    await expect(drainQueue(dying, clock + 10 * MINUTE)).rejects.toThrow('stopped');
    await drainQueue(deps({ reccobeats: recco }), clock + 10 * MINUTE);
    const asked = recco.asked.flat();
    expect(asked).toHaveLength(120);
    expect(new Set(asked).size).toBe(120);
    expect(await database.features.count()).toBe(120);
  });
});

describe('queue state written by the person during a drain', () => {
  it('keeps a pause made while a request is in flight, and stops after that request', async () => {
    await enqueueMissingFeatures(database, ids(80), clock);
    const recco = fakeSource('reccobeats', (asked) => allOk(asked));
    const pausing: FeatureSource = {
      ...recco,
      async fetch(asked) {
        // The person presses Pause while the answer is on its way.
        await setQueuePaused(database, true, clock);
        return recco.fetch(asked);
      },
    };
    const result = await drainQueue(deps({ reccobeats: pausing }), clock + 10 * MINUTE);
    expect(result.stoppedBy).toBe('paused');
    expect(recco.asked).toHaveLength(1);
    const state = await queueState.get(database);
    expect(state.paused).toBe(true);
    // The drain's own counters are still counted.
    expect(state.usedToday).toBe(1);
    expect(await database.features.count()).toBe(40);
  });

  it('keeps a new RapidAPI key set while a request with the old one is rejected, and stops using the old one', async () => {
    await enqueueMissingFeatures(database, ids(3), clock);
    const soundnet = fakeSource('soundnet', () => {
      throw new Error('unreachable');
    });
    soundnet.fetch = async (asked) => {
      soundnet.asked.push([...asked]);
      // The person saves a new key while the old one's request is out; then the old key is refused.
      await resetSoundNet(database, clock);
      throw new ProviderError('soundnet', 'key-rejected', '403', 403, null);
    };
    const recco = fakeSource('reccobeats', allOk);
    const result = await drainQueue(deps({ soundnet, reccobeats: recco }), clock + MINUTE);
    expect(result).toMatchObject({ stoppedBy: 'key-changed', resumeAt: clock });
    const state = await queueState.get(database);
    expect(state.soundnetRejected).toBe(false);
    expect(state.keyEpoch).toBe(1);
    expect(state.usedToday).toBe(1);
    // No request went out with the stale key after the change.
    expect(soundnet.asked).toHaveLength(1);
    expect(recco.asked).toEqual([]);
  });

  it('still marks the key rejected when it was not changed meanwhile', async () => {
    await enqueueMissingFeatures(database, ids(1), clock);
    const soundnet = fakeSource('soundnet', () => new ProviderError('soundnet', 'key-rejected', '403', 403, null));
    await drainQueue(deps({ soundnet }), clock + MINUTE);
    expect((await queueState.get(database)).soundnetRejected).toBe(true);
  });

  it('reads a queue state stored before keyEpoch existed without resetting its counters', async () => {
    const { keyEpoch: _, ...old } = await queueState.get(database);
    await database.syncState.put({ key: queueState.key, value: { ...old, usedToday: 7 }, updatedAt: clock });
    expect(await queueState.get(database)).toMatchObject({ usedToday: 7, keyEpoch: 0 });
  });
});

describe('rows no provider can serve', () => {
  /** Rows ReccoBeats did not know while SoundNet (then with a key) had not been asked yet. */
  async function waitingForSoundNet(n: number): Promise<void> {
    await database.featureQueue.bulkAdd(
      Array.from({ length: n }, (_, i) => ({
        trackId: `only-soundnet-${String(i).padStart(3, '0')}`,
        status: 'pending' as const,
        nextAttemptAt: clock - 1000,
        attempts: 0,
        lastError: null,
        unknownTo: ['reccobeats' as const],
      })),
    );
  }

  it.each([
    ['no key', false],
    ['a rejected key', true],
  ])('become unknown with %s instead of blocking the rows behind them', async (_name, rejected) => {
    await waitingForSoundNet(45);
    await enqueueMissingFeatures(database, ids(3), clock);
    if (rejected) await queueState.update(database, (s) => ({ ...s, soundnetRejected: true }));
    const soundnet = fakeSource('soundnet', allOk);
    const recco = fakeSource('reccobeats', allOk);
    const result = await drainQueue(deps({ soundnet: rejected ? soundnet : null, reccobeats: recco }), clock + MINUTE);
    expect(recco.asked).toEqual([['id0', 'id1', 'id2']]);
    expect(soundnet.asked).toEqual([]);
    expect(
      await database.featureQueue
        .where('[status+nextAttemptAt]')
        .between(['unknown', 0], ['unknown', Infinity])
        .count(),
    ).toBe(45);
    // Nothing is due until the long retry: the worker is not woken for them.
    expect(result.stoppedBy).toBe('empty');
    expect(result.resumeAt).toBeGreaterThan(clock + UNKNOWN_RETRY_MS - MINUTE);
    expect((await queueState.get(database)).usedToday).toBe(1);
  });

  it('are due again at once when a new key is saved', async () => {
    await waitingForSoundNet(2);
    await drainQueue(deps({ soundnet: null }), clock + MINUTE);
    await resetSoundNet(database, clock, true);
    const soundnet = fakeSource('soundnet', allOk);
    await drainQueue(deps({ soundnet }), clock + MINUTE);
    expect(soundnet.asked).toEqual([['only-soundnet-000'], ['only-soundnet-001']]);
    expect(await database.featureQueue.count()).toBe(0);
  });

  it('an empty queue has nothing to resume', async () => {
    const result = await drainQueue(deps({}), clock + MINUTE);
    expect(result).toEqual({ sent: 0, stoppedBy: 'empty', resumeAt: null });
  });
});

describe('stopping at a safe point', () => {
  it('finishes the request in flight, stores its answer, and sends no other', async () => {
    await enqueueMissingFeatures(database, ids(120), clock);
    let stop = false;
    const recco = fakeSource('reccobeats', (asked) => {
      stop = true;
      return allOk(asked);
    });
    const result = await drainQueue(deps({ reccobeats: recco, shouldStop: () => stop }), clock + 10 * MINUTE);
    expect(result.stoppedBy).toBe('stopped');
    expect(recco.asked).toHaveLength(1);
    expect(await database.features.count()).toBe(40);
  });

  it('stores nothing for a row that left the queue while its request was out', async () => {
    await enqueueMissingFeatures(database, ids(2), clock);
    const recco = fakeSource('reccobeats', (asked) => allOk(asked));
    const deleting: FeatureSource = {
      ...recco,
      async fetch(asked) {
        await database.featureQueue.clear();
        await database.tracks.clear();
        return recco.fetch(asked);
      },
    };
    await drainQueue(deps({ reccobeats: deleting }), clock + MINUTE);
    expect(await database.features.count()).toBe(0);
    expect(await database.featureQueue.count()).toBe(0);
  });
});

/** RapidAPI's spent plan, verbatim (PLATFORM.md): 429 with no Retry-After. */
const MONTHLY_QUOTA = {
  message:
    'You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/soundnet-soundnet-default/api/track-analysis',
};
/** RapidAPI's burst limit, which says how long to wait. */
const BURST = { message: 'You have exceeded the rate limit per second for your plan, BASIC, by the API provider' };
/** A SoundNet answer in RapidAPI's shape. */
const SOUNDNET_TRACK = { tempo: 115, energy: 56, happiness: 97, danceability: 81, loudness: '-5 dB' };

/** The real SoundNet client on a fake fetch: `answer` gets the asked track id and the call's number (from 1). */
function realSoundNet(answer: (id: string, call: number) => Response) {
  const fake = fakeFetch((request) => answer(request.url.split('/').at(-1) ?? '', fake.calls.length));
  const source = createSoundNet({ apiKey: 'k'.repeat(30), fetch: fake.fetch, now: () => clock });
  return { source, asked: () => fake.calls.map((request) => request.url.split('/').at(-1)) };
}

/** Rows ReccoBeats did not know, waiting for SoundNet. */
async function onlySoundNet(...trackIds: string[]): Promise<void> {
  await database.featureQueue.bulkAdd(
    trackIds.map((trackId) => ({
      trackId,
      status: 'pending' as const,
      nextAttemptAt: clock,
      attempts: 0,
      lastError: null,
      unknownTo: ['reccobeats' as const],
    })),
  );
}

describe('quotas per provider', () => {
  /** 24 Nov 2026 12:00 UTC (the suite's clock): the next calendar month starts on 1 Dec, UTC. */
  const PLAN_RESET = Date.UTC(2026, 11, 1);

  it('a spent SoundNet plan parks SoundNet until the next month, and ReccoBeats takes the waiting tracks at once', async () => {
    await enqueueMissingFeatures(database, ids(3), clock);
    const soundnet = realSoundNet(() => jsonResponse(429, MONTHLY_QUOTA));
    const recco = fakeSource('reccobeats', allOk);
    const started = clock;
    await drainQueue(deps({ soundnet: soundnet.source, reccobeats: recco }), clock + MINUTE);
    expect(soundnet.asked()).toEqual(['id0']);
    // The head track too: nothing waits for SoundNet's month, and no queue-wide wait came first.
    expect(recco.asked).toEqual([['id0', 'id1', 'id2']]);
    expect(clock - started).toBeLessThan(2000);
    expect((await database.features.toArray()).map((row) => row.provider)).toEqual(Array(3).fill('reccobeats'));
    const state = await queueState.get(database);
    expect(state.parks).toEqual({ soundnet: { until: PLAN_RESET, why: 'plan-used-up' }, reccobeats: null });
    expect(state.blockedUntil).toBe(0);
  });

  it('the park survives a restarted worker: SoundNet is not asked before the plan resets, then it is', async () => {
    const first = realSoundNet(() => jsonResponse(429, MONTHLY_QUOTA));
    await onlySoundNet('s0', 's1');
    await enqueueMissingFeatures(database, ['r0'], clock);
    const recco = fakeSource('reccobeats', allOk);
    const result = await drainQueue(deps({ soundnet: first.source, reccobeats: recco }), clock + MINUTE);
    expect(first.asked()).toEqual(['r0']);
    expect(recco.asked).toEqual([['r0']]);
    // Tracks only SoundNet can serve wait for its plan, set aside so they hold up nothing, and the worker is
    // woken then, not before.
    expect(result).toMatchObject({ stoppedBy: 'blocked', resumeAt: PLAN_RESET });
    expect(await database.featureQueue.get('s0')).toMatchObject({ status: 'pending', nextAttemptAt: PLAN_RESET });

    // A new worker: new clients, the same database. Asking now would only earn another 429.
    const second = realSoundNet(() => jsonResponse(200, SOUNDNET_TRACK));
    await enqueueMissingFeatures(database, ['r1'], clock);
    clock += 3 * 24 * 60 * MINUTE;
    await drainQueue(deps({ soundnet: second.source, reccobeats: recco }), clock + MINUTE);
    expect(second.asked()).toEqual([]);
    expect(recco.asked.at(-1)).toEqual(['r1']);

    clock = PLAN_RESET;
    await drainQueue(deps({ soundnet: second.source, reccobeats: recco }), clock + MINUTE);
    expect(second.asked()).toEqual(['s0', 's1']);
    expect((await database.features.get('s1'))?.provider).toBe('soundnet');
    expect(await database.featureQueue.count()).toBe(0);
  });

  it('a burst 429 with Retry-After parks SoundNet for that long only, while ReccoBeats goes on', async () => {
    await enqueueMissingFeatures(database, ['a', 'b'], clock);
    await onlySoundNet('c');
    const soundnet = realSoundNet((_id, call) =>
      call === 1 ? jsonResponse(429, BURST, { 'retry-after': '2' }) : jsonResponse(200, SOUNDNET_TRACK),
    );
    const recco = fakeSource('reccobeats', allOk);
    const started = clock;
    let askedReccoAt = 0;
    const timed: FeatureSource = {
      ...recco,
      fetch(asked) {
        askedReccoAt = clock;
        return recco.fetch(asked);
      },
    };
    await drainQueue(deps({ soundnet: soundnet.source, reccobeats: timed }), clock + MINUTE);
    expect(recco.asked).toEqual([['a', 'b']]);
    expect(askedReccoAt - started).toBeLessThan(2000);
    // SoundNet is back after its Retry-After (plus up to 1 s of jitter) for the track only it can serve.
    expect(soundnet.asked()).toEqual(['a', 'c']);
    expect((await database.features.get('c'))?.provider).toBe('soundnet');
    const { parks, blockedUntil } = await queueState.get(database);
    expect(parks.soundnet).toEqual({ until: started + 2000 + 500, why: 'rate-limited' });
    expect(parks.reccobeats).toBeNull();
    expect(blockedUntil).toBe(0);
  });

  it('a ReccoBeats 429 parks only ReccoBeats: SoundNet goes on with the tracks it can serve', async () => {
    await database.featureQueue.bulkAdd(
      ['r1', 'r2'].map((trackId) => ({
        trackId,
        status: 'pending' as const,
        nextAttemptAt: clock,
        attempts: 0,
        lastError: null,
        unknownTo: ['soundnet' as const],
      })),
    );
    await enqueueMissingFeatures(database, ['s1', 's2'], clock);
    const recco = fakeSource('reccobeats', () => new ProviderError('reccobeats', 'rate-limited', '429', 429, 60_000));
    const soundnet = fakeSource('soundnet', allOk);
    const started = clock;
    const result = await drainQueue(deps({ soundnet, reccobeats: recco }), clock + 30_000);
    expect(recco.asked).toEqual([['r1', 'r2', 's1', 's2']]);
    expect(soundnet.asked).toEqual([['s1'], ['s2']]);
    expect(result).toMatchObject({ stoppedBy: 'blocked', resumeAt: started + 60_500 });
    const { parks } = await queueState.get(database);
    expect(parks).toEqual({ soundnet: null, reccobeats: { until: started + 60_500, why: 'rate-limited' } });
  });

  it('keeps within SoundNet’s own daily budget, and ReccoBeats carries on past it', async () => {
    await enqueueMissingFeatures(database, ids(5), clock);
    const soundnet = fakeSource('soundnet', allOk);
    const recco = fakeSource('reccobeats', allOk);
    const limits = { dailyBudget: 100, perMinute: 600, soundnetDailyBudget: 2 };
    await drainQueue(deps({ soundnet, reccobeats: recco, limits }), clock + MINUTE);
    expect(soundnet.asked).toEqual([['id0'], ['id1']]);
    expect(recco.asked).toEqual([['id2', 'id3', 'id4']]);
    expect(await queueState.get(database)).toMatchObject({ usedToday: 3, soundnetUsedToday: 2 });
  });

  it('a new key clears SoundNet’s park and makes the tracks set aside for it due at once', async () => {
    await onlySoundNet('s0');
    const spent = realSoundNet(() => jsonResponse(429, MONTHLY_QUOTA));
    await drainQueue(deps({ soundnet: spent.source }), clock + MINUTE);
    expect((await queueState.get(database)).parks.soundnet?.why).toBe('plan-used-up');
    await resetSoundNet(database, clock, true);
    expect((await queueState.get(database)).parks.soundnet).toBeNull();
    const fresh = realSoundNet(() => jsonResponse(200, SOUNDNET_TRACK));
    await drainQueue(deps({ soundnet: fresh.source }), clock + MINUTE);
    expect(fresh.asked()).toEqual(['s0']);
  });

  it('reads parks back through their schema: a corrupt one is repaired to none, the rest kept', async () => {
    const stored = await queueState.get(database);
    const write = (parks: unknown) =>
      database.syncState.put({ key: queueState.key, value: { ...stored, usedToday: 7, parks }, updatedAt: clock });
    await write({ soundnet: { until: 'next month', why: 'plan-used-up' }, reccobeats: null });
    expect(await queueState.get(database)).toMatchObject({ usedToday: 7, parks: { soundnet: null, reccobeats: null } });
    await write({ soundnet: { until: PLAN_RESET, why: 'plan-used-up' }, reccobeats: null });
    expect((await queueState.get(database)).parks.soundnet).toEqual({ until: PLAN_RESET, why: 'plan-used-up' });
    // Stored before parks existed: none, and nothing else lost.
    const { parks: _, soundnetUsedToday: __, ...old } = stored;
    await database.syncState.put({ key: queueState.key, value: { ...old, usedToday: 7 }, updatedAt: clock });
    expect(await queueState.get(database)).toMatchObject({
      usedToday: 7,
      soundnetUsedToday: 0,
      parks: { soundnet: null },
    });
  });
});
