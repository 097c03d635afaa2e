import { describe, expect, it } from 'vitest';
import { fakeFetch, hangingFetch, jsonResponse, rejectionOf, sharedPayloads } from '@/test/support/audio-features';
import { createSoundNet, parseLoudness, parseSoundNetBody, testSoundNetKey } from './soundnet';
import { ProviderError } from './types';

const KEY = 'sekret-rapidapi-key-0123456789';
const ID = '0VjIjW4GlUZAMYd2vXMi3b';
/** The RapidAPI example for "Respect" (shared/payloads/audio-features, migration doc §8.2). */
const RESPECT = {
  id: 'a396e5ef3e08c870041b67c0d0e7863d',
  name: 'Respect',
  key: 'C',
  mode: 'major',
  camelot: '8B',
  tempo: 115,
  duration: '2:27',
  popularity: 77,
  energy: 56,
  danceability: 81,
  happiness: 97,
  acousticness: 16,
  instrumentalness: 0,
  liveness: 5,
  speechiness: 4,
  loudness: '-5 dB',
};

/** RapidAPI's answer to a spent plan, verbatim (PLATFORM.md): a 429 with no Retry-After. */
const MONTHLY_QUOTA = {
  message:
    'You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/soundnet-soundnet-default/api/track-analysis',
};
/** RapidAPI's burst limit: a 429 that says how long to wait. */
const BURST = { message: 'You have exceeded the rate limit per second for your plan, BASIC, by the API provider' };

/** Every ProviderError message a test saw, to check the key never leaks. */
const messages: string[] = [];

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderError);
  const providerError = error as ProviderError;
  messages.push(providerError.message, String(providerError.stack));
  expect(providerError.provider).toBe('soundnet');
  return providerError;
}

function soundNetAnswering(answer: (request: Request) => Response | Promise<Response>) {
  const fake = fakeFetch(answer);
  return { ...fake, source: createSoundNet({ apiKey: KEY, fetch: fake.fetch }) };
}

describe('SoundNet normalisation', () => {
  it('turns 0–100 scores into 0–1, keeps tempo in BPM and reads "-5 dB"', () => {
    expect(parseSoundNetBody(RESPECT)).toEqual({
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

  it.each([
    ['-5 dB', -5],
    ['-5.2 dB', -5.2],
    ['-5dB', -5],
    [' -11 db ', -11],
    ['-5', -5],
    ['\u22125,2 dB', -5.2],
    ['+1 dB', 1],
    [-7.25, -7.25],
    [0, 0],
  ])('reads loudness %j as %d dB', (input, expected) => {
    expect(parseLoudness(input)).toBe(expected);
  });

  it.each([['loud'], [''], ['dB'], ['-5 LUFS'], [null], [undefined], [Number.NaN], [{ value: -5 }]])(
    'reads loudness %j as null',
    (input) => {
      expect(parseLoudness(input)).toBeNull();
    },
  );

  it('keeps a track whose optional fields are missing, null or unreadable', () => {
    const outcome = parseSoundNetBody({ happiness: 40, energy: 70, tempo: 128.5, danceability: null, loudness: 'n/a' });
    expect(outcome).toEqual({
      kind: 'ok',
      features: {
        valence: 0.4,
        energy: 0.7,
        tempo: 128.5,
        danceability: null,
        acousticness: null,
        instrumentalness: null,
        liveness: null,
        speechiness: null,
        loudness: null,
      },
    });
  });

  it('needs happiness, energy and tempo, and says which is missing', () => {
    const { happiness: _, ...withoutHappiness } = RESPECT;
    const outcome = parseSoundNetBody(withoutHappiness);
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.reason).toBe('SoundNet sent an unexpected answer: happiness: missing');
    expect(parseSoundNetBody({ ...RESPECT, tempo: null }).kind).toBe('invalid');
    expect(parseSoundNetBody({ ...RESPECT, energy: '56' }).kind).toBe('invalid');
  });

  it('rejects scores outside 0–100', () => {
    expect(parseSoundNetBody({ ...RESPECT, energy: 156 }).kind).toBe('invalid');
    expect(parseSoundNetBody({ ...RESPECT, speechiness: -1 }).kind).toBe('invalid');
  });
});

const payloads = sharedPayloads('soundnet-');
describe.skipIf(!payloads)('SoundNet real payloads (shared/payloads/audio-features)', () => {
  it.each(payloads?.map((payload) => [payload.name, payload.text]) ?? [])('accepts %s', async (_name, text) => {
    const { source } = soundNetAnswering(() => new Response(text, { headers: { 'content-type': 'application/json' } }));
    const outcome = (await source.fetch([ID])).get(ID);
    expect(outcome).toMatchObject({ kind: 'ok', features: { valence: 0.97, energy: 0.56, tempo: 115, loudness: -5 } });
  });
});

describe('SoundNet requests', () => {
  it('makes one GET to /pktx/spotify/{id} with the RapidAPI headers and a trimmed key', async () => {
    const fake = fakeFetch(() => jsonResponse(200, RESPECT));
    const source = createSoundNet({ apiKey: `  ${KEY}\n`, fetch: fake.fetch });
    expect(source.name).toBe('soundnet');
    expect(source.maxBatch).toBe(1);
    await source.fetch([ID]);
    expect(fake.calls).toHaveLength(1);
    const [request] = fake.calls;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(`https://track-analysis.p.rapidapi.com/pktx/spotify/${ID}`);
    expect(request?.headers.get('x-rapidapi-key')).toBe(KEY);
    expect(request?.headers.get('x-rapidapi-host')).toBe('track-analysis.p.rapidapi.com');
  });

  it('rejects batches over maxBatch before calling, and makes no call for none', async () => {
    const { source, calls } = soundNetAnswering(() => jsonResponse(200, RESPECT));
    await expect(source.fetch([ID, '4uLU6hMCjMI75M1A2tKUQC'])).rejects.toThrow(
      new RangeError('SoundNet takes at most 1 track id(s) per call; got 2'),
    );
    expect(await source.fetch([])).toEqual(new Map());
    expect((await source.fetch([ID, ID])).size).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('reads a 200 with {"error":"Failed to pull track data"} as unavailable from SoundNet, not a format problem', async () => {
    const { source } = soundNetAnswering(() => jsonResponse(200, { error: 'Failed to pull track data' }));
    expect(await source.fetch([ID])).toEqual(
      new Map([
        [ID, { kind: 'unavailable', reason: 'SoundNet could not analyse this track ("Failed to pull track data")' }],
      ]),
    );
  });

  it.each([
    ['without feature fields', { id: RESPECT.id, name: 'Respect', album: 'I Never Loved a Man', duration: '2:27' }],
    ['with null features', { ...RESPECT, happiness: null, energy: null, tempo: null, danceability: null }],
  ])('reads a 200 stub %s as unavailable', async (_name, stub) => {
    const { source } = soundNetAnswering(() => jsonResponse(200, stub));
    expect(await source.fetch([ID])).toEqual(
      new Map([[ID, { kind: 'unavailable', reason: 'SoundNet sent a stub without audio features for this track' }]]),
    );
  });

  it('keeps a body with only some features missing invalid, since that looks like a changed format', () => {
    const { tempo: _, ...withoutTempo } = RESPECT;
    expect(parseSoundNetBody(withoutTempo).kind).toBe('invalid');
    expect(parseSoundNetBody([]).kind).toBe('invalid');
    expect(parseSoundNetBody('Failed to pull track data').kind).toBe('invalid');
  });

  it('answers unknown on 404', async () => {
    const { source } = soundNetAnswering(() => jsonResponse(404, { message: 'Track not found' }));
    expect(await source.fetch([ID])).toEqual(new Map([[ID, { kind: 'unknown' }]]));
  });

  it.each([401, 403])('throws key-rejected on %d, with RapidAPI’s message', async (status) => {
    const { source } = soundNetAnswering(() =>
      jsonResponse(status, { message: 'You are not subscribed to this API.' }),
    );
    const error = await providerError(source.fetch([ID]));
    expect(error).toMatchObject({ kind: 'key-rejected', status, retryAfterMs: null });
    expect(error.message).toBe(
      `RapidAPI rejected the SoundNet key (HTTP ${status}): You are not subscribed to this API. Check the key and the SoundNet subscription in settings.`,
    );
  });

  it('never repeats the key, even when the server echoes it', async () => {
    const { source } = soundNetAnswering(() => jsonResponse(403, { message: `Key ${KEY} is not valid` }));
    const error = await providerError(source.fetch([ID]));
    expect(error.message).toContain('Key *** is not valid');
  });

  it('throws rate-limited on 429 with Retry-After in seconds or as a date', async () => {
    const seconds = soundNetAnswering(() =>
      jsonResponse(429, { message: 'Too many requests' }, { 'retry-after': '7' }),
    );
    const error = await providerError(seconds.source.fetch([ID]));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 7000 });
    expect(error.message).toBe('SoundNet rate limit reached: Too many requests. It asks to wait 7 s.');

    const at = new Date(Date.now() + 60_000).toUTCString();
    const dated = soundNetAnswering(() => new Response('', { status: 429, headers: { 'retry-after': at } }));
    const datedError = await providerError(dated.source.fetch([ID]));
    expect(datedError.retryAfterMs).toBeGreaterThan(55_000);
    expect(datedError.retryAfterMs).toBeLessThanOrEqual(60_000);

    const bare = soundNetAnswering(() => new Response(null, { status: 429 }));
    expect(await providerError(bare.source.fetch([ID]))).toMatchObject({ kind: 'rate-limited', retryAfterMs: null });
  });

  it('throws plan-used-up on the MONTHLY-quota 429, until the next month (UTC) when RapidAPI does not say', async () => {
    const now = Date.UTC(2026, 10, 24, 12);
    const fake = fakeFetch(() => jsonResponse(429, MONTHLY_QUOTA));
    const source = createSoundNet({ apiKey: KEY, fetch: fake.fetch, now: () => now });
    const error = await providerError(source.fetch([ID]));
    expect(error).toMatchObject({ kind: 'plan-used-up', status: 429, retryAfterMs: Date.UTC(2026, 11, 1) - now });
    expect(error.message).toBe(
      'The RapidAPI plan for SoundNet is used up: You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/soundnet-soundnet-default/api/track-analysis',
    );
    expect(fake.calls).toHaveLength(1);
  });

  it('dates a spent plan’s reset by RapidAPI’s x-ratelimit-requests-reset when it is sent', async () => {
    const headers = { 'x-ratelimit-requests-reset': '86400', 'x-ratelimit-requests-remaining': '0' };
    const { source } = soundNetAnswering(() => jsonResponse(429, MONTHLY_QUOTA, headers));
    expect(await providerError(source.fetch([ID]))).toMatchObject({ kind: 'plan-used-up', retryAfterMs: 86_400_000 });
    // A DAILY quota resets at the next UTC midnight.
    const now = Date.UTC(2026, 0, 31, 23);
    const daily = createSoundNet({
      apiKey: KEY,
      fetch: fakeFetch(() => jsonResponse(429, { message: MONTHLY_QUOTA.message.replace('MONTHLY', 'DAILY') })).fetch,
      now: () => now,
    });
    expect(await providerError(daily.fetch([ID]))).toMatchObject({ kind: 'plan-used-up', retryAfterMs: 3_600_000 });
  });

  it('keeps the burst 429 with Retry-After rate-limited, not a spent plan', async () => {
    const { source } = soundNetAnswering(() => jsonResponse(429, BURST, { 'retry-after': '2' }));
    expect(await providerError(source.fetch([ID]))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 2000 });
  });

  it.each([500, 502, 503])('throws server on %d', async (status) => {
    const { source } = soundNetAnswering(() => new Response('<html>oops</html>', { status }));
    expect(await providerError(source.fetch([ID]))).toMatchObject({ kind: 'server', status });
  });

  it('throws server on an unexpected status such as 418', async () => {
    const { source } = soundNetAnswering(() => new Response(null, { status: 418 }));
    expect(await providerError(source.fetch([ID]))).toMatchObject({ kind: 'server', status: 418 });
  });

  it('marks the id invalid on 400', async () => {
    const { source } = soundNetAnswering(() => jsonResponse(400, { message: 'Bad id' }));
    expect((await source.fetch(['nope'])).get('nope')).toEqual({
      kind: 'invalid',
      reason: 'SoundNet refused this track id (HTTP 400): Bad id',
    });
  });

  it('throws network when fetch fails', async () => {
    const { source } = soundNetAnswering(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await providerError(source.fetch([ID]));
    expect(error).toMatchObject({
      kind: 'network',
      status: null,
      message: 'SoundNet could not be reached: Failed to fetch',
    });
  });

  it('throws timeout when the server does not answer in time', async () => {
    const source = createSoundNet({ apiKey: KEY, fetch: hangingFetch(), timeoutMs: 20 });
    expect(await providerError(source.fetch([ID]))).toMatchObject({
      kind: 'timeout',
      message: 'SoundNet did not answer within 0.02 s',
    });
  });

  it('passes the caller’s abort on unchanged', async () => {
    const source = createSoundNet({ apiKey: KEY, fetch: hangingFetch() });
    const controller = new AbortController();
    const pending = source.fetch([ID], { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it.each([
    ['{"happiness": 9', 'application/json', 'SoundNet sent a body that is not JSON (application/json)'],
    ['<!DOCTYPE html><title>Bad gateway</title>', 'text/html', 'SoundNet sent a body that is not JSON (an HTML page)'],
    ['', 'application/json', 'SoundNet sent an empty body'],
    ['[]', 'application/json', 'SoundNet sent an unexpected answer: Invalid input: expected object, received array'],
  ])('marks the id invalid for the body %j', async (body, type, reason) => {
    const { source } = soundNetAnswering(() => new Response(body, { headers: { 'content-type': type } }));
    expect(await source.fetch([ID])).toEqual(new Map([[ID, { kind: 'invalid', reason }]]));
  });

  it('never puts the key in a thrown message', () => {
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) expect(message).not.toContain(KEY);
  });
});

describe('testSoundNetKey', () => {
  it.each([
    ['works', () => jsonResponse(200, RESPECT)],
    ['works', () => jsonResponse(404, { message: 'Track not found' })],
    ['works', () => new Response('<html></html>')],
    ['rejected', () => jsonResponse(403, { message: 'You are not subscribed to this API.' })],
    ['rejected', () => jsonResponse(401, { message: 'Invalid API key.' })],
    ['rate-limited', () => new Response(null, { status: 429, headers: { 'retry-after': '30' } })],
    ['rate-limited', () => jsonResponse(429, BURST, { 'retry-after': '1' })],
    ['plan-used-up', () => jsonResponse(429, MONTHLY_QUOTA)],
    ['unreachable', () => new Response(null, { status: 503 })],
    [
      'unreachable',
      () => {
        throw new TypeError('Failed to fetch');
      },
    ],
  ] as const)('answers %s with exactly one call', async (expected, answer) => {
    const fake = fakeFetch(answer);
    expect(await testSoundNetKey({ apiKey: KEY, fetch: fake.fetch })).toBe(expected);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.url).toBe('https://track-analysis.p.rapidapi.com/pktx/spotify/4uLU6hMCjMI75M1A2tKUQC');
  });
});
