import ky, { TimeoutError } from 'ky';
import type { z } from 'zod';
import { ProviderError, type ProviderName } from './types';

export interface HttpOptions {
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One GET with no retry. `retry: 0` matters: the scheduler owns pacing and budgets, and a hidden retry would spend
 * the user's tiny RapidAPI quota. HTTP error statuses come back as responses; only transport faults throw.
 */
export async function get(provider: ProviderName, label: string, url: string, options: HttpOptions): Promise<Response> {
  try {
    return await ky.get(url, {
      headers: { accept: 'application/json', ...options.headers },
      fetch: options.fetch,
      timeout: options.timeoutMs,
      signal: options.signal,
      retry: 0,
      throwHttpErrors: false,
    });
  } catch (error) {
    throw transportError(provider, label, error, options);
  }
}

function transportError(provider: ProviderName, label: string, error: unknown, options: HttpOptions): unknown {
  if (error instanceof TimeoutError) {
    return new ProviderError(
      provider,
      'timeout',
      `${label} did not answer within ${options.timeoutMs / 1000} s`,
      null,
      null,
      {
        cause: error,
      },
    );
  }
  // The caller's own abort is not a provider fault: pass it on unchanged.
  if (options.signal?.aborted) return error;
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new ProviderError(provider, 'network', `${label} could not be reached${detail}`, null, null, { cause: error });
}

/** The faults every provider shares: 429 (with Retry-After) and 5xx. Null for any other status. */
export function commonFault(
  provider: ProviderName,
  label: string,
  response: Response,
  detail: string,
  now = Date.now(),
): ProviderError | null {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  if (response.status === 429) {
    const wait = retryAfterMs === null ? '' : ` It asks to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new ProviderError(
      provider,
      'rate-limited',
      `${label} rate limit reached${detail}.${wait}`,
      429,
      retryAfterMs,
    );
  }
  if (response.status >= 500) {
    return new ProviderError(
      provider,
      'server',
      `${label} had a server error (HTTP ${response.status})${detail}`,
      response.status,
      retryAfterMs,
    );
  }
  return null;
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP dates always name the weekday and month; this keeps V8's lenient Date.parse from reading "-3" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export type Body = { ok: true; value: unknown } | { ok: false; reason: string };

/** Reads a body as JSON. A body that is not JSON is a per-track problem (`invalid`), not a thrown fault. */
export async function readJson(
  provider: ProviderName,
  label: string,
  response: Response,
  options: HttpOptions,
): Promise<Body> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(provider, label, error, options);
  }
  if (text.trim() === '') return { ok: false, reason: `${label} sent an empty body` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const type = response.headers.get('content-type')?.split(';')[0]?.trim();
    const html = /^\s*</.test(text) ? ' (an HTML page)' : type ? ` (${type})` : '';
    return { ok: false, reason: `${label} sent a body that is not JSON${html}` };
  }
}

/** A one-line summary of what did not match, e.g. "happiness: missing; energy: Too big: expected number to be <=100". */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** Rejects batches over `maxBatch`: that is a bug in the caller, so it is not a ProviderError. */
export function checkBatch(label: string, ids: readonly string[], maxBatch: number): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > maxBatch) {
    throw new RangeError(`${label} takes at most ${maxBatch} track id(s) per call; got ${unique.length}`);
  }
  return unique;
}
