import { describe, expect, it } from 'vitest';
import { fakeFetch, json, rejectionOf } from '@/test/support/spotify';
import { createSpotifyClient } from './client';
import { SpotifyError } from './errors';
import { createSpotifyGate, type Refusal, refusalFor } from './gate';
import { spotifyProblem } from './problems';
import { createRequestLog, SLOT_MS, summarise, type Usage } from './usage';

/*
 * Spotify's refusals as it words them in late 2026 (PLATFORM.md, "Real API behaviour worth a fake of its own"),
 * each sent verbatim, and what MoodDJ makes of them: its own kind, its own advice, and no further calls while
 * Spotify says no.
 */

const tokens = { accessToken: async () => 'token-1', forceRefresh: async () => 'token-2' };
const QUOTA_BODY = { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } };
const NOT_REGISTERED = 'Check settings on developer.spotify.com/dashboard, the user may not be registered.';
const OWNER_PREMIUM =
  'Active premium subscription required for the owner of the app. When the subscription status changes, it can take a few hours before requests are allowed again.';
const OWNER_BLOCKED =
  'Your application is blocked from accessing the Web API since you do not have a Spotify Premium subscription. Please upgrade your subscription.';
const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain' } });
const spotifyError = (status: number, message: string, reason?: string) =>
  json(status, { error: { status, message, ...(reason ? { reason } : {}) } });

function memoryGate(start = 1_000_000) {
  const clock = { now: start };
  let stored: Refusal | null = null;
  const gate = createSpotifyGate({
    store: {
      get: async () => stored,
      set: async (value) => {
        stored = value;
      },
    },
    now: () => clock.now,
  });
  return { gate, clock, stored: () => stored };
}

function client(answer: (request: Request) => Response, gate = memoryGate()) {
  const { fetch, calls } = fakeFetch(answer);
  let counted = 0;
  const spotify = createSpotifyClient({
    tokens,
    fetch,
    retryDelayMs: () => 0,
    now: () => gate.clock.now,
    gate: gate.gate,
    onRequest: () => void counted++,
  });
  return { spotify, calls, gate, counted: () => counted };
}

const errorOf = async (promise: Promise<unknown>) => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(SpotifyError);
  return error as SpotifyError;
};

describe('Spotify’s refusals, each its own kind', () => {
  it('the quota (429 QUOTA_EXCEEDED, Retry-After of hours): quota-exceeded, one request, never retried', async () => {
    const { spotify, calls } = client(() => json(429, QUOTA_BODY, { 'retry-after': '48925' }));
    const error = await errorOf(spotify.me());
    expect(error.kind).toBe('quota-exceeded');
    expect(error.retryAfterMs).toBe(48_925_000);
    expect(calls).toHaveLength(1);
    expect(spotifyProblem(error, 0)).toEqual({ kind: 'quota', retryAt: 48_925_000 });
  });

  it('a quota 429 with a short Retry-After is not retried either (each retry counts against it)', async () => {
    const { spotify, calls } = client(() => json(429, QUOTA_BODY, { 'retry-after': '2' }));
    expect((await errorOf(spotify.devices())).kind).toBe('quota-exceeded');
    expect(calls).toHaveLength(1);
  });

  it('403 "the user may not be registered" (the current wording): not-registered, not forbidden', async () => {
    const { spotify } = client(() => spotifyError(403, NOT_REGISTERED));
    const error = await errorOf(spotify.me());
    expect(error.kind).toBe('not-registered');
    expect(spotifyProblem(error, 0)).toEqual({ kind: 'not-registered' });
  });

  it('403 "Insufficient client scope": the sign-in lacks a scope, so reconnect', async () => {
    const { spotify, calls } = client(() => spotifyError(403, 'Insufficient client scope'));
    const error = await errorOf(spotify.savedTracks({ offset: 0 }));
    expect(error.kind).toBe('insufficient-scope');
    expect(calls).toHaveLength(1);
    expect(spotifyProblem(error, 0)).toEqual({ kind: 'permissions-missing' });
  });

  it('the owner without Premium, in both wordings (plain text): owner-premium, tried again in an hour', async () => {
    for (const words of [OWNER_PREMIUM, OWNER_BLOCKED]) {
      const { spotify } = client(() => text(403, words));
      const error = await errorOf(spotify.me());
      expect(error.kind, words).toBe('owner-premium');
      expect(spotifyProblem(error, 10)).toEqual({ kind: 'owner-premium', retryAt: 10 + 60 * 60_000 });
    }
  });

  it('403 "Player command failed: Restriction violated" on a queue call: restricted, that track only', async () => {
    const { spotify } = client(() =>
      json(403, { error: { status: 403, message: 'Player command failed: Restriction violated', reason: 'UNKNOWN' } }),
    );
    const error = await errorOf(spotify.queue('spotify:track:4uLU6hMCjMI75M1A2tKUQC', 'dev'));
    expect(error.kind).toBe('restricted');
    expect(spotifyProblem(error, 0)).toEqual({ kind: 'restricted' });
    expect(refusalFor(error, 0)).toBeNull();
  });

  it('a removed endpoint (a bare 403 Forbidden) stays forbidden', async () => {
    const { spotify } = client(() => spotifyError(403, 'Forbidden'));
    expect((await errorOf(spotify.me())).kind).toBe('forbidden');
  });
});

describe('the gate: nothing is asked while Spotify refuses', () => {
  it('after the quota 429, no request goes out for 13.6 h; then one probe, and its answer opens the gate', async () => {
    let answer = () => json(429, QUOTA_BODY, { 'retry-after': '48925' });
    const setup = client(() => answer());
    const { spotify, calls, gate } = setup;
    await errorOf(spotify.currentlyPlaying());
    expect(calls).toHaveLength(1);
    const changes: (Refusal | null)[] = [];
    gate.gate.onChange((refusal) => changes.push(refusal));
    for (let minute = 0; minute < 815; minute += 5) {
      gate.clock.now += 5 * 60_000;
      const refused = await errorOf(spotify.currentlyPlaying());
      expect(refused.kind).toBe('quota-exceeded');
      expect(spotifyProblem(refused, gate.clock.now)).toEqual({ kind: 'quota', retryAt: 1_000_000 + 48_925_000 });
    }
    expect(calls).toHaveLength(1);
    expect(gate.stored()).toMatchObject({ reason: 'quota', until: 1_000_000 + 48_925_000 });
    gate.clock.now = 1_000_000 + 48_925_000;
    answer = () => new Response(null, { status: 204 });
    expect(await spotify.currentlyPlaying()).toBeNull();
    expect(calls).toHaveLength(2);
    expect(gate.stored()).toBeNull();
    expect(changes).toEqual([null]);
    await spotify.currentlyPlaying();
    expect(calls).toHaveLength(3);
  });

  it('a probe refused again closes the gate for the new time; while it is out, the others wait their turn', async () => {
    const setup = client(() => json(429, QUOTA_BODY, { 'retry-after': '600' }));
    await errorOf(setup.spotify.me());
    setup.gate.clock.now += 600_000;
    const [probe, other] = await Promise.allSettled([setup.spotify.me(), setup.spotify.devices()]);
    expect(probe.status).toBe('rejected');
    expect(other.status).toBe('rejected');
    expect(setup.calls).toHaveLength(2);
    expect(setup.gate.stored()?.until).toBe(setup.gate.clock.now + 600_000);
  });

  it('the refusal survives a restart: a new gate on the same store still refuses', async () => {
    let stored: Refusal | null = { reason: 'quota', since: 0, until: 5_000 };
    const gate = createSpotifyGate({
      store: {
        get: async () => stored,
        set: async (value) => {
          stored = value;
        },
      },
      now: () => 1_000,
    });
    await expect(gate.admit('GET /me')).rejects.toMatchObject({ kind: 'quota-exceeded', retryAfterMs: 4_000 });
  });

  it('a new sign-in or "Sync now" probes at once after not-registered, but never cuts a quota short', async () => {
    const { gate, clock } = memoryGate();
    await gate.record({ error: new SpotifyError('not-registered', 'x', { status: 403 }) });
    await expect(gate.admit('GET /me')).rejects.toBeInstanceOf(SpotifyError);
    await gate.retryNow();
    await expect(gate.admit('GET /me')).resolves.toBeUndefined();
    await gate.record({ error: new SpotifyError('quota-exceeded', 'x', { status: 429, retryAfterMs: 60_000 }) });
    await gate.retryNow();
    await expect(gate.admit('GET /me')).rejects.toMatchObject({ kind: 'quota-exceeded' });
    clock.now += 60_000;
    await expect(gate.admit('GET /me')).resolves.toBeUndefined();
  });

  it('forget() drops a refusal and tells the surfaces (a refused sign-in that was not kept)', async () => {
    const { gate } = memoryGate();
    const seen: (Refusal | null)[] = [];
    gate.onChange((refusal) => seen.push(refusal));
    await gate.record({ error: new SpotifyError('owner-premium', 'x', { status: 403 }) });
    await gate.forget();
    expect(await gate.current()).toBeNull();
    expect(seen.map((refusal) => refusal?.reason ?? null)).toEqual(['owner-premium', null]);
    await expect(gate.admit('GET /me')).resolves.toBeUndefined();
  });

  it('an unreachable network does not open the gate or close it', async () => {
    const { gate, clock } = memoryGate();
    await gate.record({ error: new SpotifyError('owner-premium', 'x', { status: 403 }) });
    clock.now += 60 * 60_000;
    await gate.admit('GET /me');
    await gate.record({ error: new SpotifyError('network', 'offline') });
    expect(await gate.current()).toMatchObject({ reason: 'owner-premium' });
    await expect(gate.admit('GET /me')).resolves.toBeUndefined();
  });
});

describe('the request log', () => {
  it('counts every request that goes out, the retries included', async () => {
    let n = 0;
    const setup = client(() => (n++ < 2 ? new Response('', { status: 503 }) : json(200, { id: 'u', type: 'user' })));
    await setup.spotify.me();
    expect(setup.counted()).toBe(3);
  });

  it('says how many went in the last hour and the last 24 hours, and forgets older ones', async () => {
    const hour = 60 * 60_000;
    const now = 100 * 24 * hour;
    const usage: Usage = {
      slots: [
        [now - 30 * hour, 50],
        [now - 20 * hour, 7],
        [now - 2 * hour, 3],
        [now - (now % SLOT_MS) - SLOT_MS, 2],
      ],
    };
    expect(summarise(usage, now)).toEqual({ lastHour: 2, lastDay: 12 });
    let stored: Usage = { slots: [] };
    const timers: (() => void)[] = [];
    const log = createRequestLog({
      store: {
        get: async () => stored,
        set: async (value) => {
          stored = value;
        },
      },
      now: () => now,
      setTimeout: (run) => timers.push(run),
      report: (error) => {
        throw error;
      },
    });
    log.count();
    log.count();
    expect(await log.summary()).toEqual({ lastHour: 2, lastDay: 2 });
    expect(timers).toHaveLength(1);
    timers[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(summarise(stored, now)).toEqual({ lastHour: 2, lastDay: 2 });
  });
});
