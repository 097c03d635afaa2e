import { HTTPError, TimeoutError } from 'ky';
import type { z } from 'zod';
import { t } from '@/lib/i18n';
import {
  parseRetryAfter,
  QUEUE_ENDPOINT,
  SpotifyAuthError,
  type SpotifyAuthErrorKind,
  SpotifyError,
  type SpotifyErrorKind,
} from './errors';
import { firstIssue, readErrorBody } from './schemas';

/**
 * How the Spotify client turns what went wrong (ky's HTTPError and TimeoutError, a failed fetch, an auth error)
 * into one typed `SpotifyError`, reading Spotify's real error bodies: JSON, plain text, empty or HTML.
 */

const authKinds: Record<SpotifyAuthErrorKind, SpotifyErrorKind> = {
  'state-mismatch': 'reconnect',
  'access-denied': 'reconnect',
  'authorize-error': 'reconnect',
  'redirect-uri': 'reconnect',
  'invalid-client': 'reconnect',
  'missing-code': 'reconnect',
  cancelled: 'reconnect',
  'not-connected': 'not-connected',
  reconnect: 'reconnect',
  'rate-limited': 'rate-limited',
  server: 'server',
  network: 'network',
  'invalid-response': 'invalid-response',
};

/** Spotify's 401 for a token without a scope the endpoint needs. */
export const PERMISSIONS_MISSING = /permissions missing/i;

export function isRetryAfter429(error: unknown): boolean {
  return error instanceof HTTPError && error.response.status === 429 && error.response.headers.has('retry-after');
}

export async function readText(label: string, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new SpotifyError('network', `${label}: the answer was cut off`, { status: response.status, cause: error });
  }
}

export function parseBody<T>(label: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const what = text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
    throw new SpotifyError('invalid-response', `${label} answered with ${what}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new SpotifyError('invalid-response', `${label} answered an unexpected shape (${firstIssue(parsed.error)})`);
  }
  return parsed.data;
}

export async function toSpotifyError(
  label: string,
  error: unknown,
  timeoutMs: number,
  now: () => number,
  isPost: boolean,
): Promise<unknown> {
  if (error instanceof SpotifyError) return error;
  if (error instanceof SpotifyAuthError) {
    return new SpotifyError(authKinds[error.kind], error.message, {
      status: error.status,
      retryAfterMs: error.retryAfterMs,
      reason: error.reason,
      cause: error,
    });
  }
  if (error instanceof TimeoutError) {
    // The request went out: a POST may have been applied before the answer was lost.
    if (isPost) return maybeApplied(label, null, `no answer within ${timeoutMs / 1000} s`, error);
    return new SpotifyError('network', `${label}: Spotify did not answer within ${timeoutMs / 1000} s`, {
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    if (isPost && error.response.status >= 500) return maybeApplied(label, error.response.status, null, error);
    return httpError(label, error.response, now());
  }
  if (error instanceof TypeError || (error instanceof DOMException && error.name === 'AbortError')) {
    return new SpotifyError('network', `${label}: Spotify could not be reached (${error.message})`, { cause: error });
  }
  return error;
}

function maybeApplied(label: string, status: number | null, detail: string | null, cause: unknown): SpotifyError {
  const what = detail ?? `HTTP ${status}`;
  const text = label === QUEUE_ENDPOINT ? t('spotify_error_maybe_queued') : t('spotify_error_maybe_applied');
  return new SpotifyError('maybe-applied', `${text} (${label}: ${what})`, { status, endpoint: label, cause });
}

async function httpError(label: string, response: Response, now: number): Promise<SpotifyError> {
  const { status } = response;
  const raw = await response.text().catch(() => '');
  // Empty (a 429 can come with Content-Length 0), HTML (a 502 from a proxy) or plain text (the 403 "User not
  // registered in the Developer Dashboard"): only short plain text is worth quoting.
  const body = readErrorBody(raw) ?? plainText(raw);
  const message = body?.message ?? '';
  const reason = body?.reason ?? null;
  const said = message ? `: ${message.slice(0, 200)}` : '';
  const details = {
    status,
    reason,
    endpoint: label,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
  };
  const kind = kindFor(status, reason, message);
  const text: Record<SpotifyErrorKind, string> = {
    reconnect: `${label}: Spotify refused the sign-in (HTTP 401)${said}. Connect Spotify again`,
    'not-connected': `${label}: Spotify is not connected. Connect it in the options`,
    'premium-required': `${label}: Spotify says this needs Premium${said}`,
    'no-active-device': `${label}: no active Spotify device. Start playing in Spotify (the web player counts), then try again`,
    forbidden: `${t('spotify_error_forbidden')} (${label}, HTTP 403${said})`,
    'not-registered': `${t('spotify_error_not_registered')} (${label}, HTTP 403)`,
    'insufficient-scope': `${label}: Spotify says the sign-in lacks a permission (HTTP 403)${said}`,
    'owner-premium': `${label}: Spotify requires the app owner's Premium subscription (HTTP 403)${said}`,
    restricted: `${label}: Spotify refused this track for this account (HTTP 403)${said}`,
    'quota-exceeded': `${label}: the Spotify app's daily quota is used up${details.retryAfterMs === null ? '' : `; Spotify asks to wait ${Math.ceil(details.retryAfterMs / 1000)} s`}`,
    'permissions-missing': `${t('spotify_error_permissions_missing')} (${label}, HTTP 401)`,
    'device-not-found': `${t('spotify_error_device_not_found')} (${label}, HTTP 404)`,
    'maybe-applied': `${t('spotify_error_maybe_applied')} (${label}, HTTP ${status})`,
    'not-found': `${label}: Spotify found nothing there (HTTP 404)${said}`,
    'rate-limited': `${label}: Spotify rate limit reached${details.retryAfterMs === null ? '' : `; it asks to wait ${Math.ceil(details.retryAfterMs / 1000)} s`}`,
    server: `${label}: Spotify failed (HTTP ${status})${said}`,
    network: `${label}: Spotify could not be reached`,
    'invalid-response': `${label}: unexpected answer (HTTP ${status})${said}`,
  };
  return new SpotifyError(kind, text[kind], details);
}

/** A short plain-text body, as Spotify's gateway sends for an account not on the app's user list. */
function plainText(text: string): { message: string; reason: null } | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('<') || trimmed.length > 300) return null;
  return { message: trimmed, reason: null };
}

/** The app owner's Premium lapsed: Spotify's two wordings (PLATFORM.md, "Real API behaviour"). */
const OWNER_PREMIUM = /premium subscription required for the owner|blocked from accessing the web api/i;

export function kindFor(status: number, reason: string | null, message: string): SpotifyErrorKind {
  if (status === 401) return PERMISSIONS_MISSING.test(message) ? 'permissions-missing' : 'reconnect';
  if (status === 403) {
    // The owner's subscription first: its words also say "premium".
    if (OWNER_PREMIUM.test(message)) return 'owner-premium';
    if (reason === 'PREMIUM_REQUIRED' || /premium required/i.test(message)) return 'premium-required';
    if (/insufficient client scope/i.test(message)) return 'insufficient-scope';
    if (/restriction violated/i.test(message)) return 'restricted';
    // "the user may not be registered" (2026) and "User not registered in the Developer Dashboard" (older).
    return /not (be )?registered/i.test(message) ? 'not-registered' : 'forbidden';
  }
  if (status === 404) {
    if (reason === 'NO_ACTIVE_DEVICE' || /no active device found/i.test(message)) return 'no-active-device';
    return /device not found/i.test(message) ? 'device-not-found' : 'not-found';
  }
  if (status === 429) return reason === 'QUOTA_EXCEEDED' ? 'quota-exceeded' : 'rate-limited';
  // 400 and other 4xx mean a request we built wrong; nothing the user can do beyond retrying later.
  return 'server';
}
