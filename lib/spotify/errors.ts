/*
 * The two error types of the Spotify layer. Their messages are meant for people: they name the
 * endpoint and what to do, and never contain a token, a refresh token, a code or a verifier.
 */

/** The queue call's label, as `SpotifyError.endpoint` names it: a failed queue is "maybe queued", not "maybe applied". */
export const QUEUE_ENDPOINT = 'POST /me/player/queue';

export type SpotifyAuthErrorKind =
  /** The redirect did not answer our request. */
  | 'state-mismatch'
  /** The user pressed "Cancel" on Spotify's consent page. */
  | 'access-denied'
  /** /authorize answered with another `error`, or the sign-in window failed to load. */
  | 'authorize-error'
  /**
   * Spotify's sign-in page said "INVALID_CLIENT: Invalid redirect URI": the app does not list MoodDJ's redirect URI,
   * so Spotify never redirects and the sign-in window cannot finish (`./sign-in-probe.ts` reads why).
   */
  | 'redirect-uri'
  /** Spotify's sign-in page said "INVALID_CLIENT: Invalid client": no Spotify app has this Client ID. */
  | 'invalid-client'
  | 'missing-code'
  /** The sign-in window was closed. */
  | 'cancelled'
  /** No tokens stored: the user never connected (or disconnected). */
  | 'not-connected'
  /** The refresh token was refused (revoked, expired, app deleted): the user must connect again. */
  | 'reconnect'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'invalid-response';

export class SpotifyAuthError extends Error {
  override name = 'SpotifyAuthError';
  readonly kind: SpotifyAuthErrorKind;
  readonly status: number | null;
  /** Spotify's error code (`invalid_grant`, `access_denied`, …) when it sent one. */
  readonly reason: string | null;
  readonly retryAfterMs: number | null;

  constructor(
    kind: SpotifyAuthErrorKind,
    message: string,
    details: { status?: number | null; reason?: string | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status ?? null;
    this.reason = details.reason ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

export type SpotifyErrorKind =
  /** Sign in again (tokens refused twice, refresh token revoked, the sign-in failed). */
  | 'reconnect'
  /** Never connected, or disconnected on purpose: connect in the options. Not a failure to report. */
  | 'not-connected'
  /** 403 for another reason, e.g. an endpoint Spotify removed for development-mode apps (`403 Forbidden`). */
  | 'forbidden'
  /**
   * 403 "Check settings on developer.spotify.com/dashboard, the user may not be registered." (older: plain-text
   * "User not registered in the Developer Dashboard"): the app owner adds the account to the app's users.
   */
  | 'not-registered'
  /** 403 "Insufficient client scope": Spotify's usual answer to a missing scope; only a new sign-in grants it. */
  | 'insufficient-scope'
  /**
   * 403 "Active premium subscription required for the owner of the app…" (also "Your application is blocked from
   * accessing the Web API since you do not have a Spotify Premium subscription…"): the app's owner, not this
   * listener, lacks Premium; requests come back a few hours after the subscription changes.
   */
  | 'owner-premium'
  /** 403 "Player command failed: Restriction violated": Spotify will not queue this track for this account. */
  | 'restricted'
  /**
   * 429 with reason QUOTA_EXCEEDED: the development-mode daily quota, counted per developer account over a
   * rolling day, is spent; Retry-After is hours.
   */
  | 'quota-exceeded'
  /** 401 "Permissions missing": the token lacks a scope MoodDJ now asks for. A refresh keeps the old scopes. */
  | 'permissions-missing'
  /** 404 "Device not found" (no reason): the device id is stale (the web player's changes on every reload). */
  | 'device-not-found'
  /**
   * A POST (queue, create playlist, add items) answered 5xx or timed out. Spotify may have applied it anyway,
   * so it is not retried and must not be reported as a sure failure.
   */
  | 'maybe-applied'
  /** 403 PREMIUM_REQUIRED: player commands need Premium, which cannot be checked up front any more. */
  | 'premium-required'
  /** 404 NO_ACTIVE_DEVICE: open Spotify somewhere (the web player counts) and try again. */
  | 'no-active-device'
  | 'not-found'
  /** 429 after the retries, or with a Retry-After longer than we are willing to wait. */
  | 'rate-limited'
  /** 5xx after the retries, or any other unexpected status. */
  | 'server'
  /** No answer: offline, DNS, timeout. */
  | 'network'
  /** An answer whose body does not have the shape we need. */
  | 'invalid-response';

export class SpotifyError extends Error {
  override name = 'SpotifyError';
  readonly kind: SpotifyErrorKind;
  readonly status: number | null;
  /** How long Spotify asked us to wait (429 Retry-After), if it said. */
  readonly retryAfterMs: number | null;
  /** Spotify's `error.reason` (e.g. "PREMIUM_REQUIRED"), if it sent one. */
  readonly reason: string | null;
  /**
   * The call that failed (e.g. `POST /me/player/queue`, `QUEUE_ENDPOINT` above), so a caller can tell "maybe
   * queued" from "maybe applied" without reading the message.
   */
  readonly endpoint: string | null;

  constructor(
    kind: SpotifyErrorKind,
    message: string,
    details: {
      status?: number | null;
      retryAfterMs?: number | null;
      reason?: string | null;
      endpoint?: string | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.reason = details.reason ?? null;
    this.endpoint = details.endpoint ?? null;
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Replaces every occurrence of the given secrets; for text that came from a server. */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
