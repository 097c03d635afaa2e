import { describe, expect, it } from 'vitest';
import {
  QUEUE_ENDPOINT,
  SpotifyAuthError,
  type SpotifyAuthErrorKind,
  SpotifyError,
  type SpotifyErrorKind,
} from './errors';
import {
  PROBLEM_DETAIL_MAX,
  problemFacts,
  retryAt,
  type SpotifyProblem,
  type SpotifyProblemKind,
  spotifyProblem,
  spotifyProblemSchema,
} from './problems';

const NOW = 1_700_000_000_000;

describe('spotifyProblem', () => {
  it.each<[SpotifyErrorKind, SpotifyProblem]>([
    ['reconnect', { kind: 'reconnect' }],
    ['permissions-missing', { kind: 'permissions-missing' }],
    ['not-connected', { kind: 'not-connected' }],
    ['not-registered', { kind: 'not-registered' }],
    ['forbidden', { kind: 'forbidden' }],
    ['premium-required', { kind: 'premium' }],
    ['no-active-device', { kind: 'no-device', stale: false }],
    ['device-not-found', { kind: 'no-device', stale: true }],
    ['maybe-applied', { kind: 'maybe-applied', queue: false }],
    ['rate-limited', { kind: 'rate-limited', retryAt: null }],
    ['network', { kind: 'offline', detail: 'words of network' }],
    ['server', { kind: 'server', detail: 'words of server' }],
    ['invalid-response', { kind: 'invalid-response', detail: 'words of invalid-response' }],
    ['not-found', { kind: 'unknown', detail: 'words of not-found' }],
  ])('maps a SpotifyError %s by its kind', (kind, problem) => {
    expect(spotifyProblem(new SpotifyError(kind, `words of ${kind}`), NOW)).toEqual(problem);
  });

  it('never reads the words: a "premium" message of another kind stays that kind', () => {
    expect(spotifyProblem(new SpotifyError('forbidden', 'Premium required, User not registered'), NOW)).toEqual({
      kind: 'forbidden',
    });
  });

  it('tells a maybe-queued track from another maybe-applied write by the endpoint', () => {
    const queued = new SpotifyError('maybe-applied', 'x', { endpoint: QUEUE_ENDPOINT });
    const playlist = new SpotifyError('maybe-applied', 'x', { endpoint: 'POST /me/playlists' });
    expect(spotifyProblem(queued, NOW)).toEqual({ kind: 'maybe-applied', queue: true });
    expect(spotifyProblem(playlist, NOW)).toEqual({ kind: 'maybe-applied', queue: false });
  });

  it('turns Retry-After into the epoch ms the wait ends', () => {
    const limited = new SpotifyError('rate-limited', '429', { retryAfterMs: 20_000 });
    expect(spotifyProblem(limited, NOW)).toEqual({ kind: 'rate-limited', retryAt: NOW + 20_000 });
    const auth = new SpotifyAuthError('rate-limited', '429', { retryAfterMs: 5_000 });
    expect(spotifyProblem(auth, NOW)).toEqual({ kind: 'rate-limited', retryAt: NOW + 5_000 });
  });

  it.each<[SpotifyAuthErrorKind, SpotifyProblemKind]>([
    ['reconnect', 'reconnect'],
    ['not-connected', 'not-connected'],
    ['network', 'offline'],
    ['server', 'server'],
    ['invalid-response', 'invalid-response'],
    ['cancelled', 'unknown'],
    ['access-denied', 'unknown'],
    ['state-mismatch', 'unknown'],
  ])('maps a SpotifyAuthError %s to %s', (kind, problem) => {
    expect(spotifyProblem(new SpotifyAuthError(kind, 'x'), NOW).kind).toBe(problem);
  });

  it('keeps anything else as unknown, its text scrubbed of secrets and bounded', () => {
    const token = 'A'.repeat(120);
    const problem = spotifyProblem(new TypeError(`Bearer ${token} ${'word '.repeat(400)}`), NOW);
    expect(problem.kind).toBe('unknown');
    const detail = problem.kind === 'unknown' ? problem.detail : '';
    expect(detail).not.toContain(token);
    expect(detail).toMatch(/^Bearer \[redacted\]/);
    expect(detail).toHaveLength(PROBLEM_DETAIL_MAX);
    expect(spotifyProblem('plain string', NOW)).toEqual({ kind: 'unknown', detail: 'plain string' });
  });

  it('yields only problems the live state accepts', () => {
    const errors = [
      new SpotifyError('server', 'x'.repeat(5000)),
      new SpotifyError('rate-limited', 'x', { retryAfterMs: 1000 }),
      new SpotifyError('device-not-found', 'x'),
      new Error('y'),
    ];
    for (const error of errors) expect(spotifyProblemSchema.safeParse(spotifyProblem(error, NOW)).success).toBe(true);
  });
});

describe('problemFacts', () => {
  const kinds = spotifyProblemSchema.options.map((shape) => shape.shape.kind.value);
  const where = (fact: 'retry' | 'signedOut' | 'report') => kinds.filter((kind) => problemFacts({ kind })[fact]);

  it('retries only what passes on its own', () => {
    expect(where('retry')).toEqual(['quota', 'owner-premium', 'rate-limited', 'offline', 'server', 'unknown']);
  });

  it('signs out only when Spotify no longer takes the sign-in', () => {
    expect(where('signedOut')).toEqual(['reconnect', 'permissions-missing']);
  });

  it('reports faults, not what the person can fix', () => {
    expect(where('report')).toEqual(['server', 'invalid-response', 'unknown']);
  });

  it('has none for no problem and for a feature’s own kinds', () => {
    const none = { retry: false, signedOut: false, report: false };
    expect(problemFacts(null)).toEqual(none);
    expect(problemFacts({ kind: 'not-synced' })).toEqual(none);
    expect(problemFacts({ kind: 'toString' })).toEqual(none);
  });
});

describe('retryAt', () => {
  const earliest = NOW + 60_000;

  it('is null for a problem that does not pass on its own', () => {
    expect(retryAt({ kind: 'not-registered' }, earliest)).toBeNull();
    expect(retryAt({ kind: 'reconnect' }, earliest)).toBeNull();
  });

  it('waits at least until `earliest`, and longer when Spotify asked', () => {
    expect(retryAt({ kind: 'offline', detail: '' }, earliest)).toBe(earliest);
    expect(retryAt({ kind: 'rate-limited', retryAt: null }, earliest)).toBe(earliest);
    expect(retryAt({ kind: 'rate-limited', retryAt: NOW + 1000 }, earliest)).toBe(earliest);
    expect(retryAt({ kind: 'rate-limited', retryAt: NOW + 300_000 }, earliest)).toBe(NOW + 300_000);
  });
});
