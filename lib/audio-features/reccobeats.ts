import { z } from 'zod';
import { checkBatch, commonFault, describeIssues, get, readJson } from './http';
import { type FeatureOutcome, type FeatureSource, type NormalisedFeatures, ProviderError } from './types';

const LABEL = 'ReccoBeats';
/** "Batches of about 40 ids are reported to work" (PLATFORM.md). */
const MAX_BATCH = 40;

export interface ReccoBeatsOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 15000 */
  timeoutMs?: number;
}

const missing = (issue: { input: unknown }) => (issue.input === undefined ? 'missing' : undefined);
const unit = z.number({ error: missing }).min(0).max(1);

/**
 * One `content[]` item: Spotify-style 0–1 values. Its `id` is ReccoBeats' own UUID; the Spotify id is only in `href`.
 * Extra fields (`isrc`, `key`, `mode`, …) are ignored.
 */
export const reccoBeatsFeaturesSchema = z.object({
  valence: unit,
  energy: unit,
  tempo: z.number({ error: missing }).min(0).max(1000),
  danceability: unit.nullish(),
  acousticness: unit.nullish(),
  instrumentalness: unit.nullish(),
  liveness: unit.nullish(),
  speechiness: unit.nullish(),
  loudness: z.number().nullish(),
});

const answerSchema = z.object({ content: z.array(z.unknown()) });
const linkSchema = z.object({ href: z.string() });

/** The Spotify track id in `https://open.spotify.com/track/<id>` (or a `spotify:track:<id>` URI), else null. */
export function spotifyIdFromHref(href: string): string | null {
  return /(?:\/track\/|^spotify:track:)([A-Za-z0-9]+)(?:[/?#]|$)/.exec(href)?.[1] ?? null;
}

/** One item's features in our units (already our units: this only fills in nulls). */
export function parseReccoBeatsItem(item: unknown): FeatureOutcome {
  const parsed = reccoBeatsFeaturesSchema.safeParse(item);
  if (!parsed.success) {
    return { kind: 'invalid', reason: `${LABEL} sent an unexpected item: ${describeIssues(parsed.error)}` };
  }
  const { valence, energy, tempo, danceability, acousticness, instrumentalness, liveness, speechiness, loudness } =
    parsed.data;
  const features: NormalisedFeatures = {
    valence,
    energy,
    tempo,
    danceability: danceability ?? null,
    acousticness: acousticness ?? null,
    instrumentalness: instrumentalness ?? null,
    liveness: liveness ?? null,
    speechiness: speechiness ?? null,
    loudness: loudness ?? null,
  };
  return { kind: 'ok', features };
}

/**
 * Maps a `{content: [...]}` body back to the requested ids. A bad item costs only its own id. Requested ids with no
 * item are `unknown`, unless some item had no readable Spotify link: then we cannot tell which track it was, so the
 * unmatched ids are `invalid` (worth asking again) rather than `unknown` (not worth asking again).
 */
export function parseReccoBeatsBody(ids: readonly string[], body: unknown): Map<string, FeatureOutcome> {
  const outcomes = new Map<string, FeatureOutcome>();
  const answer = answerSchema.safeParse(body);
  if (!answer.success) {
    const reason = `${LABEL} sent an unexpected answer: ${describeIssues(answer.error)}`;
    for (const id of ids) outcomes.set(id, { kind: 'invalid', reason });
    return outcomes;
  }
  const wanted = new Set(ids);
  let unlinked = 0;
  for (const item of answer.data.content) {
    const link = linkSchema.safeParse(item);
    const id = link.success ? spotifyIdFromHref(link.data.href) : null;
    if (id === null) unlinked++;
    // Ids we did not ask for (e.g. a relinked track) are dropped; a duplicate keeps the first readable answer.
    if (id === null || !wanted.has(id) || outcomes.get(id)?.kind === 'ok') continue;
    outcomes.set(id, parseReccoBeatsItem(item));
  }
  const rest: FeatureOutcome =
    unlinked > 0
      ? { kind: 'invalid', reason: `${LABEL} sent ${unlinked} item(s) without a Spotify track link` }
      : { kind: 'unknown' };
  for (const id of ids) if (!outcomes.has(id)) outcomes.set(id, rest);
  return outcomes;
}

/** ReccoBeats (keyless): up to 40 tracks per call; ids it does not know are left out of the answer. */
export function createReccoBeats(options: ReccoBeatsOptions = {}): FeatureSource {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    name: 'reccobeats',
    maxBatch: MAX_BATCH,
    async fetch(ids, fetchOptions) {
      const unique = checkBatch(LABEL, ids, MAX_BATCH);
      if (unique.length === 0) return new Map();
      const http = { fetch: options.fetch, timeoutMs, signal: fetchOptions?.signal };
      // Literal commas: the documented form is `ids=a,b,c`, and Spotify ids are base62 anyway.
      const url = `https://api.reccobeats.com/v1/audio-features?ids=${unique.map(encodeURIComponent).join(',')}`;
      const response = await get('reccobeats', LABEL, url, http);
      const fault = commonFault('reccobeats', LABEL, response, '');
      if (fault) throw fault;
      if (response.status === 400) {
        const reason = `${LABEL} refused the request (HTTP 400)`;
        return new Map(unique.map((id) => [id, { kind: 'invalid', reason }]));
      }
      // Unknown ids are reported by omission, so any other status (including 404) means the endpoint itself failed.
      if (!response.ok) {
        throw new ProviderError(
          'reccobeats',
          'server',
          `${LABEL} answered HTTP ${response.status}`,
          response.status,
          null,
        );
      }
      const body = await readJson('reccobeats', LABEL, response, http);
      if (!body.ok) return new Map(unique.map((id) => [id, { kind: 'invalid', reason: body.reason }]));
      return parseReccoBeatsBody(unique, body.value);
    },
  };
}
