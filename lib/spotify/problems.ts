import { z } from 'zod';
import { describeError } from '@/lib/errors/report';
import { QUEUE_ENDPOINT, SpotifyAuthError, SpotifyError } from './errors';
import { refusalFor } from './gate';

/*
 * A Spotify failure as the person meets it: one typed problem, decided by the error's kind (never by its
 * words), for the DJ, the sync and "Save as playlist" alike. The live state carries the problem as data;
 * the page chooses its words (`lib/ui/problem-text.ts`). To add a kind: add its shape here, its facts in
 * `FACTS`, where `spotifyProblem` finds it, and its words in `problemText` (the last two checked by the compiler).
 */

/** The most characters of an error's own text a problem quotes (`detail`). */
export const PROBLEM_DETAIL_MAX = 500;
export const problemDetailSchema = z.string().max(PROBLEM_DETAIL_MAX);

/** Each problem's shape: `kind`, plus what its words need. Every field is bounded, the state is broadcast. */
export const SPOTIFY_PROBLEM_SHAPES = [
  /** Spotify refused the sign-in (revoked, expired): connect again. */
  z.object({ kind: z.literal('reconnect') }),
  /** The token lacks a scope MoodDJ now asks for; a refresh keeps the old scopes, only a new sign-in grants it. */
  z.object({ kind: z.literal('permissions-missing') }),
  /** Never connected, or disconnected on purpose. */
  z.object({ kind: z.literal('not-connected') }),
  /** The account is not among the users of the person's Spotify app (Developer Dashboard → User Management). */
  z.object({ kind: z.literal('not-registered') }),
  /** 403 for another reason, e.g. an endpoint Spotify closed to apps in development mode. */
  z.object({ kind: z.literal('forbidden') }),
  /** Player commands need Premium; the fallback is a playlist. */
  z.object({ kind: z.literal('premium') }),
  /** No device to queue on; `stale` when Spotify no longer knows the one MoodDJ used (the web player reloaded). */
  z.object({ kind: z.literal('no-device'), stale: z.boolean() }),
  /** A write answered 5xx or timed out and may have been applied; `queue` when it was queueing a track. */
  z.object({ kind: z.literal('maybe-applied'), queue: z.boolean() }),
  /** The app's daily quota is spent; Spotify is asked nothing before `retryAt` (epoch ms, from Retry-After). */
  z.object({ kind: z.literal('quota'), retryAt: z.number().finite().nonnegative().nullable() }),
  /** The app owner's Premium lapsed; requests come back a few hours after it changes. Tried again at `retryAt`. */
  z.object({ kind: z.literal('owner-premium'), retryAt: z.number().finite().nonnegative().nullable() }),
  /** Spotify refused this one track for this account ("Restriction violated"); the others can still go. */
  z.object({ kind: z.literal('restricted') }),
  /** 429; `retryAt` (epoch ms) when Spotify said how long to wait (Retry-After). */
  z.object({ kind: z.literal('rate-limited'), retryAt: z.number().finite().nonnegative().nullable() }),
  /** No answer: offline, DNS, timeout. */
  z.object({ kind: z.literal('offline'), detail: problemDetailSchema }),
  /** 5xx after the retries, or another status MoodDJ did not expect. */
  z.object({ kind: z.literal('server'), detail: problemDetailSchema }),
  /** An answer without the shape MoodDJ needs. */
  z.object({ kind: z.literal('invalid-response'), detail: problemDetailSchema }),
  /** Anything else, Spotify's or MoodDJ's own. */
  z.object({ kind: z.literal('unknown'), detail: problemDetailSchema }),
] as const;

export const spotifyProblemSchema = z.discriminatedUnion('kind', SPOTIFY_PROBLEM_SHAPES);
export type SpotifyProblem = z.infer<typeof spotifyProblemSchema>;
export type SpotifyProblemKind = SpotifyProblem['kind'];

/** What a problem means for whoever schedules the work, decided once per kind. */
export interface ProblemFacts {
  /**
   * It passes on its own (offline, 429, 5xx), so trying again later may work: the library alarm tries again in a
   * minute. A refusal (not registered, forbidden, signed out) would fail the same way every minute.
   */
  retry: boolean;
  /** The sign-in is no longer usable: the connection shows "connect again". */
  signedOut: boolean;
  /** A fault of Spotify's or MoodDJ's, worth a log line; the others are the person's to fix. */
  report: boolean;
}

const NONE: ProblemFacts = { retry: false, signedOut: false, report: false };
const PASSES: ProblemFacts = { retry: true, signedOut: false, report: false };
const SIGNED_OUT: ProblemFacts = { retry: false, signedOut: true, report: false };

const FACTS: Record<SpotifyProblemKind, ProblemFacts> = {
  reconnect: SIGNED_OUT,
  'permissions-missing': SIGNED_OUT,
  'not-connected': NONE,
  'not-registered': NONE,
  forbidden: NONE,
  premium: NONE,
  'no-device': NONE,
  'maybe-applied': NONE,
  'rate-limited': PASSES,
  quota: PASSES,
  'owner-premium': PASSES,
  restricted: NONE,
  offline: PASSES,
  server: { retry: true, signedOut: false, report: true },
  'invalid-response': { retry: false, signedOut: false, report: true },
  unknown: { retry: true, signedOut: false, report: true },
};

/** The facts of a problem's kind; no problem, and a feature's own kinds (not Spotify's), have none. */
export function problemFacts(problem: { readonly kind: string } | null): ProblemFacts {
  return problem && Object.hasOwn(FACTS, problem.kind) ? FACTS[problem.kind as SpotifyProblemKind] : NONE;
}

/** When trying again can work: not before `earliest`, nor before Spotify's Retry-After; null if it cannot. */
export function retryAt(problem: SpotifyProblem, earliest: number): number | null {
  if (!problemFacts(problem).retry) return null;
  const wait = 'retryAt' in problem ? problem.retryAt : null;
  return wait !== null ? Math.max(earliest, wait) : earliest;
}

/** An error's own text, scrubbed of secrets and bounded, for a problem's `detail`. */
export function problemDetail(error: unknown): string {
  return describeError(error).slice(0, PROBLEM_DETAIL_MAX);
}

/** The problem a failed Spotify call (or anything else thrown on the way) is for the person, by the error's kind. */
export function spotifyProblem(error: unknown, now: number): SpotifyProblem {
  if (!(error instanceof SpotifyError || error instanceof SpotifyAuthError)) {
    return { kind: 'unknown', detail: problemDetail(error) };
  }
  switch (error.kind) {
    case 'reconnect':
      return { kind: 'reconnect' };
    // Spotify's 403 "Insufficient client scope" is the same problem as the 401 "Permissions missing".
    case 'permissions-missing':
    case 'insufficient-scope':
      return { kind: 'permissions-missing' };
    // When the gate lets the next request through (`./gate.ts`), also without a Retry-After.
    case 'quota-exceeded':
      return { kind: 'quota', retryAt: refusalFor(error, now)?.until ?? null };
    case 'owner-premium':
      return { kind: 'owner-premium', retryAt: refusalFor(error, now)?.until ?? null };
    case 'restricted':
      return { kind: 'restricted' };
    case 'not-connected':
      return { kind: 'not-connected' };
    case 'not-registered':
      return { kind: 'not-registered' };
    case 'forbidden':
      return { kind: 'forbidden' };
    case 'premium-required':
      return { kind: 'premium' };
    case 'no-active-device':
      return { kind: 'no-device', stale: false };
    case 'device-not-found':
      return { kind: 'no-device', stale: true };
    case 'maybe-applied':
      return { kind: 'maybe-applied', queue: error instanceof SpotifyError && error.endpoint === QUEUE_ENDPOINT };
    case 'rate-limited':
      return { kind: 'rate-limited', retryAt: error.retryAfterMs === null ? null : now + error.retryAfterMs };
    case 'network':
      return { kind: 'offline', detail: problemDetail(error) };
    case 'server':
      return { kind: 'server', detail: problemDetail(error) };
    case 'invalid-response':
      return { kind: 'invalid-response', detail: problemDetail(error) };
    // A 404 on a known endpoint, and sign-in failures (which only the connect command meets, and throws).
    case 'not-found':
    case 'state-mismatch':
    case 'access-denied':
    case 'authorize-error':
    case 'redirect-uri':
    case 'invalid-client':
    case 'missing-code':
    case 'cancelled':
      return { kind: 'unknown', detail: problemDetail(error) };
  }
}
