import { z } from 'zod';
import { checkBatch, commonFault, describeIssues, get, readJson } from './http';
import { type FeatureOutcome, type FeatureSource, type NormalisedFeatures, ProviderError } from './types';

const HOST = 'track-analysis.p.rapidapi.com';
const LABEL = 'SoundNet';
/** A track every catalogue knows (Spotify's own API examples use it), for the settings page's key check. */
const WELL_KNOWN_TRACK = '4uLU6hMCjMI75M1A2tKUQC';

export interface SoundNetOptions {
  /** The user's RapidAPI key. Surrounding whitespace from pasting is trimmed (a newline would make fetch throw). */
  apiKey: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 15000 */
  timeoutMs?: number;
  /** Epoch ms, to date a spent plan's reset. @default Date.now */
  now?: () => number;
}

const missing = (issue: { input: unknown }) => (issue.input === undefined ? 'missing' : undefined);
const percent = z.number({ error: missing }).min(0).max(100);

/**
 * `GET /pktx/spotify/{id}`. Scores are integers 0–100 and loudness a string like "-5 dB" (see the RapidAPI examples in
 * shared/payloads/audio-features). `id` is SoundNet's own 32-hex id, not the Spotify id, so it is not checked.
 * Only valence (`happiness`), energy and tempo are required; real answers may lack the rest.
 */
export const soundNetTrackSchema = z.object({
  happiness: percent,
  energy: percent,
  tempo: z.number({ error: missing }).min(0).max(1000),
  danceability: percent.nullish(),
  acousticness: percent.nullish(),
  instrumentalness: percent.nullish(),
  liveness: percent.nullish(),
  speechiness: percent.nullish(),
  loudness: z.unknown(),
});

const toUnit = (value: number | null | undefined) => (value == null ? null : value / 100);

/** SoundNet's answer in our units. */
export function normaliseSoundNet(track: z.infer<typeof soundNetTrackSchema>): NormalisedFeatures {
  return {
    valence: track.happiness / 100,
    energy: track.energy / 100,
    tempo: track.tempo,
    danceability: toUnit(track.danceability),
    acousticness: toUnit(track.acousticness),
    instrumentalness: toUnit(track.instrumentalness),
    liveness: toUnit(track.liveness),
    speechiness: toUnit(track.speechiness),
    loudness: parseLoudness(track.loudness),
  };
}

/**
 * Loudness in dB from "-5 dB", "-5.2 dB", "-5dB", "−5,2 dB" or a plain number. Anything else is null: loudness is
 * optional, so an odd value must not cost the whole track.
 */
export function parseLoudness(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*([+\-\u2212]?\d+(?:[.,]\d+)?)\s*(?:db)?\s*$/i.exec(value);
  if (!match?.[1]) return null;
  return Number(match[1].replace('\u2212', '-').replace(',', '.'));
}

/** SoundNet's 200 that is really a refusal: `{"error":"Failed to pull track data"}`. */
const errorBodySchema = z.object({ error: z.string() });
/** The three features MoodDJ needs; a body with none of them is a stub, not a changed format. */
const REQUIRED = ['happiness', 'energy', 'tempo'] as const;

/**
 * Reads one SoundNet body into an outcome. SoundNet sometimes answers 200 with an error object or a stub that
 * carries the track's name but no features (PLATFORM.md): that track is `unavailable` from SoundNet, so it goes
 * to ReccoBeats and SoundNet's quota is not spent on it again. A body with only some features missing stays
 * `invalid`, since that looks like a changed format a person should hear about.
 */
export function parseSoundNetBody(body: unknown): FeatureOutcome {
  const refusal = errorBodySchema.safeParse(body);
  if (refusal.success) {
    return {
      kind: 'unavailable',
      reason: `${LABEL} could not analyse this track ("${refusal.data.error.slice(0, 100)}")`,
    };
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (REQUIRED.every((field) => record[field] == null)) {
      return { kind: 'unavailable', reason: `${LABEL} sent a stub without audio features for this track` };
    }
  }
  const parsed = soundNetTrackSchema.safeParse(body);
  if (!parsed.success)
    return { kind: 'invalid', reason: `${LABEL} sent an unexpected answer: ${describeIssues(parsed.error)}` };
  return { kind: 'ok', features: normaliseSoundNet(parsed.data) };
}

/** SoundNet Track Analysis on RapidAPI: one track per call, and every call counts against a tiny monthly quota. */
export function createSoundNet(options: SoundNetOptions): FeatureSource {
  const apiKey = options.apiKey.trim();
  const timeoutMs = options.timeoutMs ?? 15_000;
  // RapidAPI's error messages are safe to show, but never let one echo the key back.
  const redact = (text: string) => (apiKey ? text.split(apiKey).join('***') : text);

  async function fetchOne(id: string, signal: AbortSignal | undefined): Promise<FeatureOutcome> {
    const http = {
      headers: { 'x-rapidapi-key': apiKey, 'x-rapidapi-host': HOST },
      fetch: options.fetch,
      timeoutMs,
      signal,
    };
    const response = await get('soundnet', LABEL, `https://${HOST}/pktx/spotify/${encodeURIComponent(id)}`, http);
    if (response.ok) {
      const body = await readJson('soundnet', LABEL, response, http);
      return body.ok ? parseSoundNetBody(body.value) : { kind: 'invalid', reason: body.reason };
    }
    const detail = await rapidApiMessage(response, redact);
    if (response.status === 404) return { kind: 'unknown' };
    // RapidAPI answers 401 for a missing or wrong key and 403 for "not subscribed": both need the user to fix the key.
    if (response.status === 401 || response.status === 403) {
      throw new ProviderError(
        'soundnet',
        'key-rejected',
        `RapidAPI rejected the SoundNet key (HTTP ${response.status})${detail}. Check the key and the SoundNet subscription in settings.`,
        response.status,
        null,
      );
    }
    if (response.status === 429) {
      const resetAfterMs = planResetAfterMs(response, detail, (options.now ?? Date.now)());
      if (resetAfterMs !== null) {
        throw new ProviderError(
          'soundnet',
          'plan-used-up',
          `The RapidAPI plan for SoundNet is used up${detail}`,
          429,
          resetAfterMs,
        );
      }
    }
    const fault = commonFault('soundnet', LABEL, response, detail);
    if (fault) throw fault;
    if (response.status === 400)
      return { kind: 'invalid', reason: `${LABEL} refused this track id (HTTP 400)${detail}` };
    throw new ProviderError(
      'soundnet',
      'server',
      `${LABEL} answered HTTP ${response.status}${detail}`,
      response.status,
      null,
    );
  }

  return {
    name: 'soundnet',
    maxBatch: 1,
    async fetch(ids, fetchOptions) {
      const unique = checkBatch(LABEL, ids, 1);
      const outcomes = new Map<string, FeatureOutcome>();
      for (const id of unique) outcomes.set(id, await fetchOne(id, fetchOptions?.signal));
      return outcomes;
    },
  };
}

/**
 * RapidAPI's spent plan: a 429 whose message says a quota was exceeded ("You have exceeded the MONTHLY quota for
 * Requests on your current plan, BASIC. Upgrade your plan at …", PLATFORM.md), unlike its burst limit's 429, which
 * sends Retry-After. Matched on the wording because the status is the same; `detail` is `rapidApiMessage`'s text.
 */
const PLAN_USED_UP = /exceeded the (\w+) quota/i;
const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

/**
 * How long until a spent plan resets (ms from `now`), or null when this 429 is not a spent plan. RapidAPI's proxy
 * sends `x-ratelimit-requests-reset` (seconds until the plan's quota resets, docs.rapidapi.com "Response Headers"),
 * which follows the subscription's own billing period; without it, `planResetAt` estimates.
 */
function planResetAfterMs(response: Response, detail: string, now: number): number | null {
  const period = PLAN_USED_UP.exec(detail)?.[1];
  if (!period) return null;
  const header = Number(response.headers.get('x-ratelimit-requests-reset') ?? Number.NaN);
  // More than a month and a day is not a monthly plan's reset: a misread header, so estimate instead.
  if (Number.isFinite(header) && header > 0 && header * SECOND <= 32 * DAY) return Math.round(header * SECOND);
  return planResetAt(now, period) - now;
}

/**
 * When a spent RapidAPI plan can answer again, as epoch ms: the start of the next UTC day for a DAILY quota, else
 * (MONTHLY, and any wording we do not know) the start of the next calendar month in UTC. That is an estimate:
 * RapidAPI counts a plan's month from the subscription date and does not say which day that was unless it sends
 * `x-ratelimit-requests-reset`; the month's start is the best guess we have, and one request then tells.
 */
export function planResetAt(now: number, period = 'MONTHLY'): number {
  const d = new Date(now);
  if (period.toUpperCase() === 'DAILY') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** RapidAPI's `{"message": "..."}` error text, as " (…)", or "" when there is none. */
async function rapidApiMessage(response: Response, redact: (text: string) => string): Promise<string> {
  const parsed = z.object({ message: z.string().min(1) }).safeParse(await response.json().catch(() => null));
  if (!parsed.success) return '';
  const message = redact(parsed.data.message.trim()).slice(0, 200).replace(/\.$/, '');
  return `: ${message}`;
}

export type KeyCheck = 'works' | 'rejected' | 'rate-limited' | 'plan-used-up' | 'unreachable';

/**
 * Checks a RapidAPI key with exactly one SoundNet call for a well-known track. Any answer past the key check
 * (even 404 or an odd body) means the key works; a burst 429 means it works but asks to slow down, and the
 * MONTHLY-quota 429 that it works but the plan is used up until it resets.
 */
export async function testSoundNetKey(options: {
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<KeyCheck> {
  try {
    await createSoundNet(options).fetch([WELL_KNOWN_TRACK]);
    return 'works';
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.kind === 'key-rejected') return 'rejected';
    if (error.kind === 'rate-limited') return 'rate-limited';
    if (error.kind === 'plan-used-up') return 'plan-used-up';
    return 'unreachable';
  }
}
