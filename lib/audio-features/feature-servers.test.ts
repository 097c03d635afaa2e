// Contract test: the real clients against the e2e fakes (e2e/fakes/feature-servers.ts), so the fakes keep answering
// in shapes the clients read. It lives here because vitest only collects lib/, components/ and scripts/.
import { describe, expect, it } from 'vitest';
import type { CatalogTrack } from '@/e2e/fakes/catalog';
import { createFeatureFakes, type FeatureFakes, soundNetTrack } from '@/e2e/fakes/feature-servers';
import { db } from '@/lib/db/schema';
import { drainQueue, type QueueDeps, UNKNOWN_RETRY_MS } from '@/lib/sync/feature-queue';
import { enqueueMissingFeatures } from '@/lib/sync/library';
import { rejectionOf } from '@/test/support/audio-features';
import { createReccoBeats } from './reccobeats';
import { createSoundNet, testSoundNetKey } from './soundnet';
import { type FeatureOutcome, ProviderError } from './types';

function track(id: string, overrides: Partial<CatalogTrack> = {}): CatalogTrack {
  return {
    id,
    name: `Track ${id}`,
    artists: ['Someone'],
    album: 'Album',
    durationMs: 147_000,
    valence: 0.974,
    energy: 0.561,
    tempo: 114.9,
    danceability: 0.81,
    acousticness: 0.16,
    instrumentalness: 0,
    speechiness: 0.04,
    liveness: 0.05,
    loudness: -5.3,
    key: 0,
    mode: 1,
    genre: 'soul',
    ...overrides,
  };
}

const A = '0VjIjW4GlUZAMYd2vXMi3b';
const B = '1Rezzt36ybaT2ZbDZpv83D';
const C = '7ouMYWpwJ422jRcDASZB7P';
const CATALOG = [track(A), track(B, { valence: 0.2, key: 9, mode: 0 }), track(C)];

/** A fetch served by the fakes' pure handler, honouring `slowMs` and aborts like the Playwright adapter does. */
function fetchFrom(fakes: FeatureFakes): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const answer = fakes.handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    });
    if (fakes.slowMs > 0) {
      await new Promise((resolve, reject) => {
        setTimeout(resolve, fakes.slowMs);
        request.signal.addEventListener('abort', () => reject(request.signal.reason));
      });
    }
    if ('abort' in answer) throw new TypeError('Failed to fetch');
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

function setUp(options?: Parameters<typeof createFeatureFakes>[1]) {
  const fakes = createFeatureFakes(CATALOG, options);
  const fetch = fetchFrom(fakes);
  return {
    fakes,
    soundNet: createSoundNet({ apiKey: 'test-rapidapi-key', fetch, timeoutMs: 200 }),
    reccoBeats: createReccoBeats({ fetch, timeoutMs: 200 }),
    fetch,
  };
}

const kinds = (outcomes: Map<string, FeatureOutcome>) =>
  Object.fromEntries([...outcomes].map(([id, outcome]) => [id, outcome.kind]));

describe('feature fakes', () => {
  it('serve SoundNet’s shape, which the client reads back close to the catalogue', async () => {
    const { soundNet } = setUp();
    expect(soundNetTrack(track(A))).toMatchObject({ key: 'C', mode: 'major', camelot: '8B', duration: '2:27' });
    expect(soundNetTrack(track(B, { key: 9, mode: 0 }))).toMatchObject({ key: 'A', mode: 'minor', camelot: '8A' });
    expect(soundNetTrack(track(B, { key: 1, mode: 0 }))).toMatchObject({ camelot: '12A' });
    expect(soundNetTrack(track(A))).toMatchObject({ happiness: 97, energy: 56, loudness: '-5 dB', tempo: 115 });
    expect((await soundNet.fetch([A])).get(A)).toEqual({
      kind: 'ok',
      features: {
        valence: 0.97,
        energy: 0.56,
        tempo: 115,
        danceability: 0.81,
        acousticness: 0.16,
        instrumentalness: 0,
        liveness: 0.05,
        speechiness: 0.04,
        loudness: -5,
      },
    });
  });

  it('serve ReccoBeats’ shape with exact catalogue values, leaving out unknown ids', async () => {
    const { fakes, reccoBeats } = setUp({ unknownTo: { reccobeats: [C] } });
    const outcomes = await reccoBeats.fetch([A, B, C, 'notInCatalog']);
    expect(kinds(outcomes)).toEqual({ [A]: 'ok', [B]: 'ok', [C]: 'unknown', notInCatalog: 'unknown' });
    expect(outcomes.get(B)).toMatchObject({ features: { valence: 0.2, energy: 0.561, tempo: 114.9, loudness: -5.3 } });
    expect(fakes.requests).toEqual({ soundnet: 0, reccobeats: 1 });
    expect(fakes.log).toEqual([{ provider: 'reccobeats', ids: [A, B, C, 'notInCatalog'], status: 200 }]);
  });

  it('answer 404 from SoundNet for unknown ids and count requests per id', async () => {
    const { fakes, soundNet, reccoBeats } = setUp({ unknownTo: { soundnet: [B] } });
    expect(kinds(await soundNet.fetch([B]))).toEqual({ [B]: 'unknown' });
    fakes.unknown.soundnet.delete(B);
    expect(kinds(await soundNet.fetch([B]))).toEqual({ [B]: 'ok' });
    await reccoBeats.fetch([A, B]);
    expect(fakes.requests).toEqual({ soundnet: 2, reccobeats: 1 });
    expect(fakes.requestsFor(B)).toBe(3);
    expect(fakes.requestsFor(B, 'soundnet')).toBe(2);
    expect(fakes.requestsFor(A, 'soundnet')).toBe(0);
    expect(fakes.log.map((entry) => entry.status)).toEqual([404, 200, 200]);
  });

  it('reject a missing or wrong RapidAPI key, and every key while the key is set invalid', async () => {
    const { fakes, fetch, soundNet } = setUp({ validKey: 'right' });
    expect(await rejectionOf(soundNet.fetch([A]))).toMatchObject({ kind: 'key-rejected', status: 403 });
    const right = createSoundNet({ apiKey: 'right', fetch });
    expect(kinds(await right.fetch([A]))).toEqual({ [A]: 'ok' });
    expect(await testSoundNetKey({ apiKey: 'right', fetch })).toBe('works');
    expect(await testSoundNetKey({ apiKey: '', fetch })).toBe('rejected');
    fakes.setKeyValid(false);
    expect(await testSoundNetKey({ apiKey: 'right', fetch })).toBe('rejected');
    fakes.setKeyValid(true);
    expect(await testSoundNetKey({ apiKey: 'right', fetch })).toBe('works');
    expect(fakes.requests.soundnet).toBe(6);
  });

  it('run queued faults in order, per provider or for either', async () => {
    const { fakes, soundNet, reccoBeats } = setUp();
    fakes.fail.next(2, 'status429', { provider: 'soundnet', retryAfterSeconds: 7 });
    fakes.fail.next(1, 'status500');
    expect(await rejectionOf(reccoBeats.fetch([A]))).toMatchObject({ kind: 'server', status: 500 });
    expect(await rejectionOf(soundNet.fetch([A]))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
    expect(await rejectionOf(soundNet.fetch([A]))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
    expect(kinds(await soundNet.fetch([A]))).toEqual({ [A]: 'ok' });

    fakes.fail.next(1, 'status429');
    expect(await rejectionOf(reccoBeats.fetch([A]))).toMatchObject({ kind: 'rate-limited', retryAfterMs: null });
    fakes.fail.next(1, 'malformed', { provider: 'reccobeats' });
    expect(await reccoBeats.fetch([A, B])).toEqual(
      new Map([
        [A, { kind: 'invalid', reason: 'ReccoBeats sent a body that is not JSON (an HTML page)' }],
        [B, { kind: 'invalid', reason: 'ReccoBeats sent a body that is not JSON (an HTML page)' }],
      ]),
    );
    fakes.fail.next(1, 'status403');
    expect(await rejectionOf(soundNet.fetch([A]))).toMatchObject({ kind: 'key-rejected' });
    expect(() => fakes.fail.next(1, 'status403', { provider: 'reccobeats' })).toThrow(/no status403 fault/);
    fakes.fail.next(1, 'network');
    expect(await rejectionOf(soundNet.fetch([A]))).toMatchObject({ kind: 'network' });
    expect(fakes.log.at(-1)).toEqual({ provider: 'soundnet', ids: [A], status: 'aborted' });
    fakes.fail.next(5, 'status500');
    fakes.fail.clear();
    expect(kinds(await reccoBeats.fetch([A]))).toEqual({ [A]: 'ok' });
  });

  it('send RapidAPI’s spent plan on request, which the client reads as plan-used-up and Test key words so', async () => {
    const { fakes, fetch, soundNet, reccoBeats } = setUp();
    fakes.fail.next(2, 'planUsedUp');
    expect(await rejectionOf(soundNet.fetch([A]))).toMatchObject({ kind: 'plan-used-up', status: 429 });
    expect(await testSoundNetKey({ apiKey: 'test-rapidapi-key', fetch })).toBe('plan-used-up');
    expect(kinds(await reccoBeats.fetch([A]))).toEqual({ [A]: 'ok' });
    expect(fakes.log.map((entry) => entry.status)).toEqual([429, 429, 200]);
  });

  it('with the queue: a spent plan parks SoundNet and ReccoBeats analyses every track', async () => {
    const database = db();
    await Promise.all(database.tables.map((table) => table.clear()));
    const { fakes, soundNet, reccoBeats } = setUp();
    let clock = Date.UTC(2026, 10, 24, 12);
    const deps: QueueDeps = {
      db: database,
      soundnet: soundNet,
      reccobeats: reccoBeats,
      limits: { dailyBudget: 100, perMinute: 600 },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      random: () => 0.5,
    };
    await enqueueMissingFeatures(database, [A, B, C], clock);
    fakes.fail.next(1, 'planUsedUp');
    await drainQueue(deps, clock + 60_000);
    expect(fakes.log).toEqual([
      { provider: 'soundnet', ids: [A], status: 429 },
      { provider: 'reccobeats', ids: [A, B, C], status: 200 },
    ]);
    expect(await database.featureQueue.count()).toBe(0);
  });

  it('answer SoundNet’s 200 refusals on request, which the client reads as unavailable', async () => {
    const { fakes, soundNet } = setUp();
    fakes.fail.next(1, 'pullFailed');
    fakes.fail.next(1, 'stub');
    expect(kinds(await soundNet.fetch([A]))).toEqual({ [A]: 'unavailable' });
    expect(kinds(await soundNet.fetch([B]))).toEqual({ [B]: 'unavailable' });
    expect(kinds(await soundNet.fetch([C]))).toEqual({ [C]: 'ok' });
    expect(fakes.log.map((entry) => entry.status)).toEqual([200, 200, 200]);
    expect(() => fakes.fail.next(1, 'stub', { provider: 'reccobeats' })).toThrow(/no stub fault/);
  });

  it('with the queue: a SoundNet refusal goes to ReccoBeats and SoundNet is never asked for that track again', async () => {
    const database = db();
    await Promise.all(database.tables.map((table) => table.clear()));
    // ReccoBeats does not know B either, so B waits out the long retry and is asked again after it.
    const { fakes, soundNet, reccoBeats } = setUp({ unknownTo: { reccobeats: [B] } });
    let clock = Date.UTC(2026, 10, 24, 12);
    const deps: QueueDeps = {
      db: database,
      soundnet: soundNet,
      reccobeats: reccoBeats,
      limits: { dailyBudget: 100, perMinute: 600 },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      random: () => 0.5,
    };
    await enqueueMissingFeatures(database, [A, B], clock);
    fakes.fail.next(1, 'pullFailed');
    fakes.fail.next(1, 'stub');
    await drainQueue(deps, clock + 60_000);
    expect((await database.features.get(A))?.provider).toBe('reccobeats');
    expect(await database.featureQueue.get(B)).toMatchObject({ status: 'unknown', neverAsk: ['soundnet'] });

    clock += UNKNOWN_RETRY_MS + 1;
    fakes.unknown.reccobeats.delete(B);
    await drainQueue(deps, clock + 60_000);
    expect((await database.features.get(B))?.provider).toBe('reccobeats');
    expect(fakes.requestsFor(A, 'soundnet')).toBe(1);
    expect(fakes.requestsFor(B, 'soundnet')).toBe(1);
    expect(fakes.requestsFor(B, 'reccobeats')).toBe(2);
  });

  it('answer slowly on request, so clients time out', async () => {
    const { fakes, reccoBeats } = setUp();
    fakes.slowMs = 1000;
    const error = await rejectionOf(reccoBeats.fetch([A]));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'timeout' });
  });

  it('refuse ReccoBeats batches over 40, as the real service is reported to', () => {
    const { fakes } = setUp();
    const ids = Array.from({ length: 41 }, (_, index) => `id${index}`).join(',');
    const answer = fakes.handle({
      method: 'GET',
      url: `https://api.reccobeats.com/v1/audio-features?ids=${ids}`,
      headers: {},
    });
    expect(answer).toMatchObject({ status: 400 });
  });

  it('reset counts, faults, key and delay but keep unknown ids', async () => {
    const { fakes, soundNet } = setUp({ unknownTo: { soundnet: [A] } });
    await soundNet.fetch([A]);
    fakes.fail.next(1, 'status500');
    fakes.setKeyValid(false);
    fakes.slowMs = 50;
    fakes.reset();
    expect(fakes.requests).toEqual({ soundnet: 0, reccobeats: 0 });
    expect(fakes.requestsFor(A)).toBe(0);
    expect(fakes.log).toEqual([]);
    expect(fakes.slowMs).toBe(0);
    expect(kinds(await soundNet.fetch([A]))).toEqual({ [A]: 'unknown' });
  });
});
