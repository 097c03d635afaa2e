import { z } from 'zod';
import { SpotifyError, type SpotifyErrorKind } from './errors';

/*
 * The one owner of "Spotify is refusing until T, because R". Every request of the Web API client asks the gate
 * first; while a refusal holds, the request fails at once with the refusal's own error and Spotify is not asked
 * at all, so a spent quota costs no further calls (each one would count against it). When the time is up, one
 * request goes through as a probe: its answer opens the gate or closes it again.
 */

export const REFUSAL_REASONS = ['quota', 'rate-limited', 'owner-premium', 'not-registered'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const epochMs = z.number().finite().nonnegative();
export const refusalSchema = z.strictObject({ reason: z.enum(REFUSAL_REASONS), since: epochMs, until: epochMs });
/** Spotify refuses MoodDJ's requests until `until` (epoch ms), because of `reason`. */
export type Refusal = z.infer<typeof refusalSchema>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How long to hold when Spotify gave no Retry-After. A quota is counted over a rolling day, so an hour is the
 * earliest a probe is worth it; the owner's Premium takes "a few hours" to count again (Spotify's words); an
 * account added to the app's users works at once, but the person has to do it first: an hour, or sooner when
 * they sign in again or ask for a sync.
 */
const HOLD_WITHOUT_TIME: Record<RefusalReason, number> = {
  quota: HOUR,
  'rate-limited': MINUTE,
  'owner-premium': HOUR,
  'not-registered': HOUR,
};

const REASON_OF: Partial<Record<SpotifyErrorKind, RefusalReason>> = {
  'quota-exceeded': 'quota',
  'rate-limited': 'rate-limited',
  'owner-premium': 'owner-premium',
  'not-registered': 'not-registered',
};

const KIND_OF: Record<RefusalReason, SpotifyErrorKind> = {
  quota: 'quota-exceeded',
  'rate-limited': 'rate-limited',
  'owner-premium': 'owner-premium',
  'not-registered': 'not-registered',
};

/** The refusal an error means for every request, or null when it concerns this request alone. */
export function refusalFor(error: unknown, now: number): Refusal | null {
  if (!(error instanceof SpotifyError)) return null;
  const reason = REASON_OF[error.kind];
  if (!reason) return null;
  return { reason, since: now, until: now + (error.retryAfterMs ?? HOLD_WITHOUT_TIME[reason]) };
}

/** The error a request gets while the gate holds: the refusal's kind, with the time left as Retry-After. */
export function refusedError(refusal: Refusal, label: string, now: number): SpotifyError {
  const left = Math.max(0, refusal.until - now);
  return new SpotifyError(
    KIND_OF[refusal.reason],
    `${label}: not asked; Spotify refuses MoodDJ's requests (${refusal.reason}) for ${Math.ceil(left / 1000)} s more`,
    { retryAfterMs: left, endpoint: label },
  );
}

/** Where the refusal is kept so a restarted worker still respects it (IndexedDB in the worker). */
export interface RefusalStore {
  get(): Promise<Refusal | null>;
  set(refusal: Refusal | null): Promise<void>;
}

export interface SpotifyGate {
  /** Resolves when `label` may go to Spotify; throws the refusal's error (without asking Spotify) while it holds. */
  admit(label: string): Promise<void>;
  /** What an answer said: a refusal closes the gate; any other answer from Spotify opens it. */
  record(outcome: { error: unknown } | { ok: true }): Promise<void>;
  /** The refusal in effect, if any (also after its time is up, until a probe answers). */
  current(): Promise<Refusal | null>;
  /**
   * The person acted (a new sign-in, "Sync now", "Queue", "Save as playlist"), maybe after fixing what they could:
   * a refusal that waits on them (the account not registered, the owner's Premium) gives way to one probe now. A
   * quota or a rate limit keeps its time.
   */
  retryNow(): Promise<void>;
  /**
   * A sign-in Spotify refused at once (the owner without Premium, an account not on the app's users) was not kept:
   * with no connection there is nothing to wait out or probe, and the next Connect asks again anyway.
   */
  forget(): Promise<void>;
  /** Called with each change of the refusal in effect (for the live state). */
  onChange(listener: (refusal: Refusal | null) => void): void;
}

export function createSpotifyGate(deps: { store: RefusalStore; now: () => number }): SpotifyGate {
  const listeners: ((refusal: Refusal | null) => void)[] = [];
  let loaded: Promise<Refusal | null> | null = null;
  let refusal: Refusal | null = null;
  /** A probe is out: the others wait for its answer rather than all going to Spotify at once. */
  let probing = false;

  const load = () => {
    loaded ??= deps.store.get().then((stored) => {
      refusal = stored;
      return stored;
    });
    return loaded;
  };

  async function set(next: Refusal | null): Promise<void> {
    probing = false;
    if (next === null && refusal === null) return;
    refusal = next;
    await deps.store.set(next);
    for (const listener of listeners) listener(next);
  }

  return {
    async admit(label) {
      await load();
      if (!refusal) return;
      const now = deps.now();
      if (now < refusal.until || probing) throw refusedError(refusal, label, now);
      probing = true;
    },
    async record(outcome) {
      await load();
      if ('ok' in outcome) return set(null);
      const next = refusalFor(outcome.error, deps.now());
      if (next) return set(next);
      // Spotify answered something else (a 404, a 5xx): it is not refusing MoodDJ any more.
      if (outcome.error instanceof SpotifyError && outcome.error.status !== null) return set(null);
      // No answer at all (offline): a probe that never reached Spotify proves nothing; the next may try.
      probing = false;
    },
    async current() {
      await load();
      return refusal;
    },
    async retryNow() {
      await load();
      if (refusal && (refusal.reason === 'not-registered' || refusal.reason === 'owner-premium')) {
        await set({ ...refusal, until: Math.min(refusal.until, deps.now()) });
      }
    },
    async forget() {
      await load();
      await set(null);
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

/** A gate that never refuses: for clients outside the worker (benches, tests that do not care). */
export const OPEN_GATE: SpotifyGate = {
  admit: async () => undefined,
  record: async () => undefined,
  current: async () => null,
  retryNow: async () => undefined,
  forget: async () => undefined,
  onChange: () => undefined,
};
