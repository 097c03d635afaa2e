import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/schema';
import type { FeatureOutcome, FeatureSource, NormalisedFeatures } from '@/lib/features/types';
import { ProviderError } from '@/lib/features/types';
import { backoffMs, drainQueue, type QueueDeps, queueState, setQueuePaused, UNKNOWN_RETRY_MS } from './feature-queue';
import { enqueueMissingFeatures } from './library';

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
