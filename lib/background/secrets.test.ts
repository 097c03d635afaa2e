import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/schema';
import { createTokenProvider } from '@/lib/spotify/auth';
import type { SpotifyAuthError } from '@/lib/spotify/errors';
import { fakeFetch, json, rejectionOf, tokens } from '@/test/support/spotify';
import { spotifyTokenStore } from './secrets';

const revoked = () => json(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
const refreshed = () =>
  json(200, { access_token: 'A2', token_type: 'Bearer', expires_in: 3600, refresh_token: 'R2', scope: 's' });

/** A fetch that answers only once `release()` is called. */
function gatedFetch(answer: () => Response) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const fake = fakeFetch(async () => {
    await gate;
    return answer();
  });
  return { ...fake, release };
}

beforeEach(async () => {
  await db().secrets.clear();
});

describe('spotifyTokenStore (IndexedDB)', () => {
  it('remembers a refused refresh token across a worker restart, and a new connection clears it', async () => {
    await spotifyTokenStore.set(tokens({ expiresAt: 0 }));
    const { fetch, calls } = fakeFetch(revoked);
    const first = createTokenProvider({ store: spotifyTokenStore, fetch, now: () => 100_000 });
    expect(((await rejectionOf(first.accessToken())) as SpotifyAuthError).kind).toBe('reconnect');
    expect(calls).toHaveLength(1);

    // A restarted worker has nothing in memory: only IndexedDB remembers.
    const restarted = createTokenProvider({ store: spotifyTokenStore, fetch, now: () => 200_000 });
    for (let heartbeat = 0; heartbeat < 3; heartbeat++) {
      expect(((await rejectionOf(restarted.accessToken())) as SpotifyAuthError).kind).toBe('reconnect');
    }
    expect(calls).toHaveLength(1);

    // Connecting again stores fresh tokens through `set`, which carries no refusal.
    await spotifyTokenStore.set(tokens({ accessToken: 'A-new', refreshToken: 'R-new', expiresAt: 10_000_000 }));
    expect(await restarted.accessToken()).toBe('A-new');
  });

  it('a refresh that finishes after Disconnect leaves no tokens', async () => {
    await spotifyTokenStore.set(tokens({ expiresAt: 0 }));
    const { fetch, calls, release } = gatedFetch(refreshed);
    const provider = createTokenProvider({ store: spotifyTokenStore, fetch, now: () => 100_000 });
    const pending = rejectionOf(provider.accessToken());
    await expect.poll(() => calls.length).toBe(1);
    await spotifyTokenStore.clear();
    release();
    expect(((await pending) as SpotifyAuthError).kind).toBe('not-connected');
    expect(await spotifyTokenStore.get()).toBeNull();
    expect(await db().secrets.count()).toBe(0);
  });

  it('a refresh that finishes after Delete everything leaves no tokens', async () => {
    await spotifyTokenStore.set(tokens({ expiresAt: 0 }));
    const { fetch, calls, release } = gatedFetch(refreshed);
    const provider = createTokenProvider({ store: spotifyTokenStore, fetch, now: () => 100_000 });
    const pending = rejectionOf(provider.forceRefresh());
    await expect.poll(() => calls.length).toBe(1);
    // What Delete everything does to the database: every table emptied in one transaction.
    const database = db();
    await database.transaction('rw', database.tables, () => Promise.all(database.tables.map((t) => t.clear())));
    release();
    expect(((await pending) as SpotifyAuthError).kind).toBe('not-connected');
    expect(await db().secrets.count()).toBe(0);
  });

  it('replace() writes only over the expected tokens', async () => {
    const old = tokens();
    await spotifyTokenStore.set(old);
    expect(await spotifyTokenStore.replace(old, tokens({ accessToken: 'A2' }))).toBe(true);
    expect(await spotifyTokenStore.replace(old, tokens({ accessToken: 'A3' }))).toBe(false);
    expect((await spotifyTokenStore.get())?.accessToken).toBe('A2');
    await spotifyTokenStore.clear();
    expect(await spotifyTokenStore.replace(tokens({ accessToken: 'A2' }), tokens({ accessToken: 'A4' }))).toBe(false);
    expect(await spotifyTokenStore.get()).toBeNull();
  });
});
