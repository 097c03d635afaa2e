import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/e2e/fakes/catalog';
import { fakeFetch, hangingFetch, jsonResponse, rejectionOf, sharedPayloads } from '@/test/support/audio-features';
import { sharedFile } from '@/test/support/shared-data';
import { createReccoBeats, parseReccoBeatsBody, parseReccoBeatsItem, spotifyIdFromHref } from './reccobeats';
import { type FeatureOutcome, ProviderError } from './types';

const A = '0VjIjW4GlUZAMYd2vXMi3b';
const B = '1Rezzt36ybaT2ZbDZpv83D';
const C = '4uLU6hMCjMI75M1A2tKUQC';

/** A content item in ReccoBeats' shape, for the track `id`. */
function item(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id: '25c8ca63-5895-4572-84eb-a7040bc08c4d',
    href: `https://open.spotify.com/track/${id}`,
    acousticness: 0.00143,
    danceability: 0.513,
    energy: 0.73,
    instrumentalness: 0.0000954,
    key: 1,
    liveness: 0.0897,
    loudness: -5.94,
    mode: 1,
    speechiness: 0.0598,
    tempo: 171.001,
    valence: 0.334,
    ...overrides,
  };
}

function reccoBeatsAnswering(answer: (request: Request) => Response | Promise<Response>) {
  const fake = fakeFetch(answer);
  return { ...fake, source: createReccoBeats({ fetch: fake.fetch }) };
}

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).provider).toBe('reccobeats');
  return error as ProviderError;
}

const kinds = (outcomes: Map<string, FeatureOutcome>) =>
  Object.fromEntries([...outcomes].map(([id, outcome]) => [id, outcome.kind]));

describe('ReccoBeats parsing', () => {
  it('reads the Spotify id from href', () => {
    expect(spotifyIdFromHref(`https://open.spotify.com/track/${A}`)).toBe(A);
    expect(spotifyIdFromHref(`https://open.spotify.com/track/${A}?si=abc`)).toBe(A);
    expect(spotifyIdFromHref(`spotify:track:${A}`)).toBe(A);
    expect(spotifyIdFromHref(`https://open.spotify.com/artist/${A}`)).toBeNull();
    expect(spotifyIdFromHref('')).toBeNull();
  });

  it('keeps 0–1 values and BPM as they are', () => {
    expect(parseReccoBeatsItem(item(A))).toEqual({
      kind: 'ok',
      features: {
        valence: 0.334,
        energy: 0.73,
        tempo: 171.001,
        danceability: 0.513,
        acousticness: 0.00143,
        instrumentalness: 0.0000954,
        liveness: 0.0897,
        speechiness: 0.0598,
        loudness: -5.94,
      },
    });
  });

  it('fills missing optional values with null, and needs valence, energy and tempo', () => {
    const outcome = parseReccoBeatsItem({ valence: 0.1, energy: 0.2, tempo: 90 });
    expect(outcome).toMatchObject({ kind: 'ok', features: { danceability: null, loudness: null } });
    expect(parseReccoBeatsItem(item(A, { valence: undefined }))).toEqual({
      kind: 'invalid',
      reason: 'ReccoBeats sent an unexpected item: valence: missing',
    });
    expect(parseReccoBeatsItem(item(A, { energy: 73 })).kind).toBe('invalid');
  });
});

const features = sharedPayloads('reccobeats-');
describe.skipIf(!features)('ReccoBeats real payloads (shared/payloads/audio-features)', () => {
  const named = (name: string) => {
    const payload = features?.find((candidate) => candidate.name.startsWith(name));
    if (!payload) throw new Error(`no shared payload named ${name}*`);
    return JSON.parse(payload.text) as unknown;
  };

  it('accepts the recorded /v1/audio-features answer (with isrc)', () => {
    expect(parseReccoBeatsBody([A], named('reccobeats-audio-features__nl-usage-notes-live'))).toEqual(
      new Map([[A, parseReccoBeatsItem(item(A))]]),
    );
  });

  it('accepts the single content item from playlister-web', () => {
    const single = named('reccobeats-audio-features-item__playlister-web');
    expect(parseReccoBeatsBody([B], { content: [single] }).get(B)).toMatchObject({
      kind: 'ok',
      features: { valence: 0.44, energy: 0.455, tempo: 168.081, loudness: -11.221 },
    });
  });

  it('reads the analysis endpoint’s bare features (no id, no href)', () => {
    expect(parseReccoBeatsItem(named('reccobeats-analysis-audio-features'))).toMatchObject({
      kind: 'ok',
      features: { valence: 0.2747, energy: 0.6899, tempo: 147.7849 },
    });
  });

  it('does not mistake a /v1/track answer for features', () => {
    for (const name of ['reccobeats-track__nl-usage-notes-live', 'reccobeats-track__reccobeats-docs']) {
      const body = named(name);
      const wrapped = typeof body === 'object' && body !== null && 'content' in body ? body : { content: [body] };
      const outcome = parseReccoBeatsBody(['0VjIjW4GlUZAMYd2vXMi3b', '00aqkszH1FdUiJJWvX6iEl'], wrapped);
      expect([...outcome.values()].some((value) => value.kind === 'invalid')).toBe(true);
      expect([...outcome.values()].some((value) => value.kind === 'ok')).toBe(false);
    }
  });

  it('accepts every row of real ReccoBeats values in the taylor table', () => {
    const path = sharedFile('payloads/audio-features/reccobeats-values-table__taylor-r-package.csv');
    if (!path) return;
    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
    const column = (row: string[], name: string) => row[header?.indexOf(name) ?? -1] ?? 'NA';
    const numeric = ['danceability', 'energy', 'loudness', 'speechiness', 'acousticness', 'instrumentalness'];
    const items = rows
      .filter((row) => column(row, 'valence') !== 'NA' && column(row, 'spotify_track_uri') !== 'NA')
      .map((row) => ({
        href: `https://open.spotify.com/track/${column(row, 'spotify_track_uri')}`,
        ...Object.fromEntries(
          [...numeric, 'liveness', 'valence', 'tempo', 'key', 'mode'].map((name) => [name, Number(column(row, name))]),
        ),
      }));
    expect(items.length).toBeGreaterThan(150);
    const ids = items.map((row) => spotifyIdFromHref(row.href) ?? '');
    const outcomes = parseReccoBeatsBody(ids, { content: items });
    const invalid = [...outcomes].filter(([, outcome]) => outcome.kind !== 'ok');
    expect(invalid).toEqual([]);
  });
});

describe('ReccoBeats requests', () => {
  it('asks for a batch with one GET, ids joined by literal commas', async () => {
    const { source, calls } = reccoBeatsAnswering(() => jsonResponse(200, { content: [item(A), item(B)] }));
    expect(source.name).toBe('reccobeats');
    expect(source.maxBatch).toBe(40);
    const outcomes = await source.fetch([A, B, A]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('GET');
    expect(calls[0]?.url).toBe(`https://api.reccobeats.com/v1/audio-features?ids=${A},${B}`);
    expect(kinds(outcomes)).toEqual({ [A]: 'ok', [B]: 'ok' });
  });

  it('maps items back by href, whatever their order, and ignores ids not asked for', async () => {
    const { source } = reccoBeatsAnswering(() =>
      jsonResponse(200, { content: [item(B, { valence: 0.9 }), item('7ouMYWpwJ422jRcDASZB7P'), item(A)] }),
    );
    const outcomes = await source.fetch([A, B]);
    expect(outcomes.get(B)).toMatchObject({ kind: 'ok', features: { valence: 0.9 } });
    expect(outcomes.get(A)).toMatchObject({ kind: 'ok', features: { valence: 0.334 } });
    expect(outcomes.size).toBe(2);
  });

  it('answers unknown for ids missing from the answer', async () => {
    const { source } = reccoBeatsAnswering(() => jsonResponse(200, { content: [item(A)] }));
    expect(kinds(await source.fetch([A, B, C]))).toEqual({ [A]: 'ok', [B]: 'unknown', [C]: 'unknown' });
  });

  it('lets one bad item invalidate only its own id', async () => {
    const { source } = reccoBeatsAnswering(() =>
      jsonResponse(200, { content: [item(A), item(B, { energy: 'high' }), item(C)] }),
    );
    const outcomes = await source.fetch([A, B, C]);
    expect(kinds(outcomes)).toEqual({ [A]: 'ok', [B]: 'invalid', [C]: 'ok' });
    expect(outcomes.get(B)).toEqual({
      kind: 'invalid',
      reason: 'ReccoBeats sent an unexpected item: energy: Invalid input: expected number, received string',
    });
  });

  it('marks unmatched ids invalid, not unknown, when an item has no Spotify link', async () => {
    const { source } = reccoBeatsAnswering(() => jsonResponse(200, { content: [item(A), item(B, { href: null })] }));
    expect(kinds(await source.fetch([A, B, C]))).toEqual({ [A]: 'ok', [B]: 'invalid', [C]: 'invalid' });
  });

  it('rejects batches over 40 before calling, and makes no call for none', async () => {
    const { source, calls } = reccoBeatsAnswering(() => jsonResponse(200, { content: [] }));
    const ids = Array.from({ length: 41 }, (_, index) => `id${index}`);
    await expect(source.fetch(ids)).rejects.toThrow(
      new RangeError('ReccoBeats takes at most 40 track id(s) per call; got 41'),
    );
    expect(await source.fetch([])).toEqual(new Map());
    expect(calls).toHaveLength(0);
    expect((await source.fetch(ids.slice(0, 40))).size).toBe(40);
    expect(calls).toHaveLength(1);
  });

  it('throws rate-limited on 429 with Retry-After: 7', async () => {
    const { source } = reccoBeatsAnswering(() => new Response(null, { status: 429, headers: { 'Retry-After': '7' } }));
    expect(await providerError(source.fetch([A]))).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 7000,
      message: 'ReccoBeats rate limit reached. It asks to wait 7 s.',
    });
  });

  it('throws server on 500, keeping a Retry-After if sent', async () => {
    const { source } = reccoBeatsAnswering(
      () => new Response('oops', { status: 503, headers: { 'retry-after': '60' } }),
    );
    expect(await providerError(source.fetch([A]))).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 60_000 });
  });

  it.each([401, 403, 404])('throws server (not key-rejected: there is no key) on %d', async (status) => {
    const { source } = reccoBeatsAnswering(() => new Response(null, { status }));
    expect(await providerError(source.fetch([A]))).toMatchObject({ kind: 'server', status });
  });

  it('marks every id invalid on 400', async () => {
    const { source } = reccoBeatsAnswering(() => jsonResponse(400, { error: 'Bad Request' }));
    expect(await source.fetch([A, B])).toEqual(
      new Map([
        [A, { kind: 'invalid', reason: 'ReccoBeats refused the request (HTTP 400)' }],
        [B, { kind: 'invalid', reason: 'ReccoBeats refused the request (HTTP 400)' }],
      ]),
    );
  });

  it('throws network when fetch fails, and timeout when it hangs', async () => {
    const { source } = reccoBeatsAnswering(() => {
      throw new TypeError('fetch failed');
    });
    expect(await providerError(source.fetch([A]))).toMatchObject({ kind: 'network', status: null });
    const slow = createReccoBeats({ fetch: hangingFetch(), timeoutMs: 10 });
    expect(await providerError(slow.fetch([A]))).toMatchObject({ kind: 'timeout', status: null });
  });

  it.each([
    ['not json', 'ReccoBeats sent a body that is not JSON (application/json)'],
    ['<html>Cloudflare</html>', 'ReccoBeats sent a body that is not JSON (an HTML page)'],
    [
      '{"items": []}',
      'ReccoBeats sent an unexpected answer: content: Invalid input: expected array, received undefined',
    ],
    ['null', 'ReccoBeats sent an unexpected answer: Invalid input: expected object, received null'],
  ])('marks every id invalid for the body %j', async (body, reason) => {
    const { source } = reccoBeatsAnswering(
      () => new Response(body, { headers: { 'content-type': 'application/json' } }),
    );
    expect(await source.fetch([A, B])).toEqual(
      new Map([
        [A, { kind: 'invalid', reason }],
        [B, { kind: 'invalid', reason }],
      ]),
    );
  });
});
