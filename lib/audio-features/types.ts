import type { FeaturesRow, FeatureProvider as ProviderName } from '@/lib/db/schema';

export type { ProviderName };

/** Features as stored: valence and energy 0–1, tempo in BPM, the others 0–1 or null, loudness in dB or null. */
export type NormalisedFeatures = Omit<FeaturesRow, 'trackId' | 'provider' | 'fetchedAt'>;

/**
 * What a provider said about one track. `unknown`: the provider has no features for it (ask another).
 * `unavailable`: it answered 200 but says it cannot serve this track (SoundNet's `{"error":"Failed to pull track
 * data"}` or a stub without features): ask another, and never this provider again for it, since each ask costs quota.
 * `invalid`: it answered, but with something we could not read; `reason` says what, for a person.
 */
export type FeatureOutcome =
  | { kind: 'ok'; features: NormalisedFeatures }
  | { kind: 'unknown' }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'invalid'; reason: string };

/** One audio-feature provider. Each call is one HTTP request, so the scheduler can count and budget them. */
export interface FeatureSource {
  readonly name: ProviderName;
  /** The most ids one `fetch` accepts; more is a programming error (RangeError), not a provider fault. */
  readonly maxBatch: number;
  /**
   * Fetches features for up to `maxBatch` ids with a single request and no retry. The map has an outcome for
   * every requested id. Call-level faults (rate limit, rejected key, 5xx, network, timeout) throw `ProviderError`;
   * an abort through `signal` rejects with the signal's own reason.
   */
  fetch(ids: readonly string[], options?: { signal?: AbortSignal }): Promise<Map<string, FeatureOutcome>>;
}

/**
 * `rate-limited`: a burst limit, worth trying again after `retryAfterMs` (Retry-After) or a backoff.
 * `plan-used-up`: the plan's quota is spent (RapidAPI's 429 "You have exceeded the MONTHLY quota…"), so nothing
 * succeeds before the plan resets; `retryAfterMs` is the time until then, when the provider said or it can be estimated.
 */
export type ProviderErrorKind = 'rate-limited' | 'plan-used-up' | 'key-rejected' | 'server' | 'network' | 'timeout';

/** A provider call that failed as a whole. Messages are meant for people and never contain the API key. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    /** The HTTP status, or null when no response arrived. */
    readonly status: number | null,
    /** From `Retry-After` (seconds or an HTTP date), or null when the provider did not say. */
    readonly retryAfterMs: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
