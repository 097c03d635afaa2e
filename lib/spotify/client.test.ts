import { describe, expect, it } from 'vitest';
import { createSpotifyFake, FAKE_DEVICE_ID, FAKE_USER_ID, fetchFor } from '@/e2e/fakes/spotify-server';
import { fakeFetch, json, rejectionOf, sequence } from '@/test/support/spotify';
import { createSpotifyClient, type SpotifyClientOptions, savedTrackRows } from './client';
import { SpotifyAuthError, SpotifyError } from './errors';
import type { SavedTrackItem } from './schemas';

/** A token provider whose tokens look like secrets, so tests can check they never reach a message. */
function fakeTokens(options: { refuseRefresh?: boolean } = {}) {
  let n = 1;
  const state = {
    refreshes: 0,
    accessToken: async () => `secret-token-${n}`,
    forceRefresh: async () => {
      state.refreshes++;
      if (options.refuseRefresh)
        throw new SpotifyAuthError('reconnect', 'Spotify refused the sign-in', { status: 400 });
      n++;
      return `secret-token-${n}`;
    },
  };
  return state;
}

const me = { id: 'user-1', display_name: 'Ada', type: 'user' };
const spotifyError = (status: number, message: string, reason?: string) =>
  json(status, { error: { status, message, ...(reason ? { reason } : {}) } });

function setup(
  answer: (request: Request, body: string) => Response | Promise<Response>,
  extra: Partial<SpotifyClientOptions> = {},
) {
  const tokens = fakeTokens();
  const { fetch, calls } = fakeFetch(answer);
  const client = createSpotifyClient({ tokens, fetch, retryDelayMs: () => 0, ...extra });
  return { client, calls, tokens };
}

async function spotifyErrorOf(promise: Promise<unknown>): Promise<SpotifyError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(SpotifyError);
  const spotify = error as SpotifyError;
  expect(spotify.message).not.toMatch(/secret-token/);
  return spotify;
}

describe('createSpotifyClient: requests', () => {
  it('sends the bearer token to api.spotify.com/v1 and validates /me', async () => {
    const { client, calls } = setup(() => json(200, me));
    expect(await client.me()).toMatchObject({ id: 'user-1', display_name: 'Ada' });
    expect(calls[0]?.request.url).toBe('https://api.spotify.com/v1/me');
    expect(calls[0]?.request.headers.get('authorization')).toBe('Bearer secret-token-1');
  });

  it('pages saved tracks with offset and limit ≤ 50', async () => {
    const page = { items: [], next: null, total: 0, offset: 100, limit: 50, href: 'x' };
    const { client, calls } = setup(() => json(200, page));
    expect(await client.savedTracks({ offset: 100 })).toMatchObject({ total: 0, offset: 100 });
    const url = new URL(calls[0]?.request.url ?? '');
    expect(url.pathname).toBe('/v1/me/tracks');
    expect(Object.fromEntries(url.searchParams)).toEqual({ offset: '100', limit: '50' });
    expect(() => client.savedTracks({ offset: 0, limit: 51 })).toThrow(RangeError);
    expect(() => client.savedTracks({ offset: -1 })).toThrow(RangeError);
  });

  it('reads "nothing playing" (204) as null, and asks for episodes too', async () => {
    const { client, calls } = setup(() => new Response(null, { status: 204 }));
    expect(await client.currentlyPlaying()).toBeNull();
    expect(new URL(calls[0]?.request.url ?? '').searchParams.get('additional_types')).toBe('track,episode');
  });

  it('lists devices', async () => {
    const { client } = setup(() =>
      json(200, { devices: [{ id: 'd1', is_active: true, name: 'Web Player (Chrome)', type: 'Computer' }] }),
    );
    expect(await client.devices()).toEqual([
      { id: 'd1', is_active: true, name: 'Web Player (Chrome)', type: 'Computer', is_restricted: false },
    ]);
  });

  it('queues with uri and device_id: 204 and 200-with-a-non-JSON-body both succeed', async () => {
    const { client, calls } = setup(
      sequence(
        () => new Response(null, { status: 204 }),
        () => new Response('5e2d6e7c-queued', { status: 200, headers: { 'content-type': 'text/plain' } }),
      ),
    );
    await client.queue('spotify:track:abc', 'dev-9');
    await client.queue('spotify:track:def');
    expect(calls.map((call) => call.request.method)).toEqual(['POST', 'POST']);
    const first = new URL(calls[0]?.request.url ?? '');
    expect(first.pathname).toBe('/v1/me/player/queue');
    expect(Object.fromEntries(first.searchParams)).toEqual({ uri: 'spotify:track:abc', device_id: 'dev-9' });
    expect(Object.fromEntries(new URL(calls[1]?.request.url ?? '').searchParams)).toEqual({ uri: 'spotify:track:def' });
  });

  it('creates a playlist kept off the profile (public: false) through POST /me/playlists', async () => {
    const { client, calls } = setup(() =>
      json(201, { id: 'pl1', uri: 'spotify:playlist:pl1', name: 'MoodDJ', snapshot_id: 's' }),
    );
    expect(await client.createPlaylist({ name: 'MoodDJ', description: 'calm' })).toMatchObject({ id: 'pl1' });
    expect(calls[0]?.request.url).toBe('https://api.spotify.com/v1/me/playlists');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({ name: 'MoodDJ', description: 'calm', public: false });
  });

  it('replaces playlist items through /items (never /tracks), 100 URIs a request', async () => {
    let n = 0;
    const { client, calls } = setup(() => json(n === 0 ? 200 : 201, { snapshot_id: `snap-${++n}` }));
    const uris = Array.from({ length: 250 }, (_, i) => `spotify:track:${i}`);
    expect(await client.replacePlaylistItems('pl/1', uris)).toBe('snap-3');
    expect(calls.map((call) => `${call.request.method} ${new URL(call.request.url).pathname}`)).toEqual([
      'PUT /v1/playlists/pl%2F1/items',
      'POST /v1/playlists/pl%2F1/items',
      'POST /v1/playlists/pl%2F1/items',
    ]);
    expect(calls.map((call) => (JSON.parse(call.body) as { uris: string[] }).uris.length)).toEqual([100, 100, 50]);
    expect(await client.addPlaylistItems('pl1', [])).toBeNull();
    expect(await client.addPlaylistItems('pl1', ['spotify:track:x'])).toBe('snap-4');
  });

  it('clears a playlist with an empty PUT', async () => {
    const { client, calls } = setup(() => json(200, { snapshot_id: 'empty' }));
    expect(await client.replacePlaylistItems('pl1', [])).toBe('empty');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({ uris: [] });
  });
});

describe('createSpotifyClient: 401 and refresh', () => {
  it('refreshes once on a 401 and repeats the request with the new token', async () => {
    const { client, calls, tokens } = setup(
      sequence(
        () => spotifyError(401, 'The access token expired'),
        () => json(200, me),
      ),
    );
    expect(await client.me()).toMatchObject({ id: 'user-1' });
    expect(tokens.refreshes).toBe(1);
    expect(calls.map((call) => call.request.headers.get('authorization'))).toEqual([
      'Bearer secret-token-1',
      'Bearer secret-token-2',
    ]);
  });

  it('repeats a POST with its body after the refresh', async () => {
    const { client, calls } = setup(
      sequence(
        () => spotifyError(401, 'The access token expired'),
        () => json(201, { snapshot_id: 'ok' }),
      ),
    );
    expect(await client.addPlaylistItems('pl1', ['spotify:track:a'])).toBe('ok');
    expect(calls.map((call) => call.body)).toEqual([
      JSON.stringify({ uris: ['spotify:track:a'] }),
      JSON.stringify({ uris: ['spotify:track:a'] }),
    ]);
  });

  it('gives up with reconnect on a second 401, after exactly one refresh', async () => {
    const { client, calls, tokens } = setup(() => spotifyError(401, 'Invalid access token'));
    const error = await spotifyErrorOf(client.me());
    expect(error.kind).toBe('reconnect');
    expect(error.status).toBe(401);
    expect(tokens.refreshes).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('turns a refused refresh into reconnect with no retry loop', async () => {
    const tokens = fakeTokens({ refuseRefresh: true });
    const { fetch, calls } = fakeFetch(() => spotifyError(401, 'The access token expired'));
    const client = createSpotifyClient({ tokens, fetch, retryDelayMs: () => 0 });
    const error = await spotifyErrorOf(client.devices());
    expect(error.kind).toBe('reconnect');
    expect(error.cause).toBeInstanceOf(SpotifyAuthError);
    expect(tokens.refreshes).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('maps a token provider that cannot give a token (never connected) to not-connected without a request', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, me));
    const client = createSpotifyClient({
      tokens: {
        accessToken: async () => {
          throw new SpotifyAuthError('not-connected', 'Spotify is not connected');
        },
        forceRefresh: async () => 'never',
      },
      fetch,
      retryDelayMs: () => 0,
    });
    expect((await spotifyErrorOf(client.me())).kind).toBe('not-connected');
    expect(calls).toHaveLength(0);
  });
});

describe('createSpotifyClient: retries and failures', () => {
  it('honours Retry-After on 429, then succeeds', async () => {
    const { client, calls } = setup(
      sequence(
        () => new Response('', { status: 429, headers: { 'Retry-After': '1' } }),
        () => json(200, me),
      ),
      // A backoff of 0 proves the wait came from Retry-After.
      { retryDelayMs: () => 0 },
    );
    const started = performance.now();
    expect(await client.me()).toMatchObject({ id: 'user-1' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toHaveLength(2);
  });

  it('fails at once with retryAfterMs when Retry-After is longer than a minute (Spotify has sent 19056 s)', async () => {
    const { client, calls } = setup(() => new Response('', { status: 429, headers: { 'Retry-After': '19056' } }));
    const error = await spotifyErrorOf(client.savedTracks({ offset: 0 }));
    expect([error.kind, error.status, error.retryAfterMs]).toEqual(['rate-limited', 429, 19_056_000]);
    expect(calls).toHaveLength(1);
  });

  it('maps a 429 that outlasts the retries to rate-limited', async () => {
    const { client, calls } = setup(
      () => json(429, { error: { status: 429, message: 'API rate limit exceeded' } }, { 'Retry-After': '0' }),
      { maxRetries: 2 },
    );
    const error = await spotifyErrorOf(client.me());
    expect([error.kind, error.retryAfterMs]).toEqual(['rate-limited', 0]);
    expect(calls).toHaveLength(3);
  });

  it('retries 5xx, then succeeds', async () => {
    const { client, calls } = setup(
      sequence(
        () => new Response('bad gateway', { status: 502 }),
        () => new Response('', { status: 503 }),
        () => json(200, me),
      ),
    );
    expect(await client.me()).toMatchObject({ id: 'user-1' });
    expect(calls).toHaveLength(3);
  });

  it('maps persistent 5xx on a GET to server after maxRetries', async () => {
    const { client, calls } = setup(() => spotifyError(500, 'Server error'));
    const error = await spotifyErrorOf(client.devices());
    expect([error.kind, error.status]).toEqual(['server', 500]);
    expect(error.message).toContain('GET /me/player/devices');
    expect(calls).toHaveLength(4);
  });

  it('maps 403 PREMIUM_REQUIRED to premium-required, and other 403s to forbidden', async () => {
    const premium = setup(() => spotifyError(403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED'));
    const error = await spotifyErrorOf(premium.client.queue('spotify:track:a'));
    expect([error.kind, error.status, error.reason]).toEqual(['premium-required', 403, 'PREMIUM_REQUIRED']);
    expect(premium.calls).toHaveLength(1);
    const other = setup(() => spotifyError(403, 'Forbidden'));
    expect((await spotifyErrorOf(other.client.me())).kind).toBe('forbidden');
  });

  it('maps 404 NO_ACTIVE_DEVICE (by reason or by message) to no-active-device, other 404s to not-found', async () => {
    const byReason = setup(() =>
      spotifyError(404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE'),
    );
    expect((await spotifyErrorOf(byReason.client.queue('spotify:track:a'))).kind).toBe('no-active-device');
    const byMessage = setup(() => spotifyError(404, 'Player command failed: No active device found'));
    expect((await spotifyErrorOf(byMessage.client.queue('spotify:track:a'))).kind).toBe('no-active-device');
    const missing = setup(() => spotifyError(404, 'Resource not found'));
    expect((await spotifyErrorOf(missing.client.replacePlaylistItems('gone', ['x']))).kind).toBe('not-found');
  });

  it('names the endpoint and the first bad path when a body has the wrong shape', async () => {
    const envelope = { next: null, total: 1, offset: 0, limit: 50 };
    const { client } = setup(() => json(200, { ...envelope, items: { 0: 'not a list' } }));
    const error = await spotifyErrorOf(client.savedTracks({ offset: 0 }));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('GET /me/tracks');
    expect(error.message).toMatch(/\(items: /);
    // A bad item is not a bad page: it is skipped and counted.
    const oneBad = setup(() =>
      json(200, { ...envelope, items: [{ added_at: '2026-01-01T00:00:00Z', track: { id: 1 } }] }),
    );
    expect(await oneBad.client.savedTracks({ offset: 0 })).toMatchObject({ items: [], unreadable: 1, total: 1 });
  });

  it('calls a 200 with a non-JSON body invalid-response where JSON is needed', async () => {
    const { client, calls } = setup(() => new Response('<html>oops</html>', { status: 200 }));
    const error = await spotifyErrorOf(client.devices());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('GET /me/player/devices');
    expect(calls).toHaveLength(1);
  });

  it('maps an unreachable network (after retries) and a timeout to network', async () => {
    const down = setup(() => {
      throw new TypeError('fetch failed');
    });
    expect((await spotifyErrorOf(down.client.me())).kind).toBe('network');
    expect(down.calls).toHaveLength(4);

    const slow = setup(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
      { timeoutMs: 50 },
    );
    const error = await spotifyErrorOf(slow.client.me());
    expect(error.kind).toBe('network');
    expect(error.message).toContain('0.05 s');
  });
});

describe('createSpotifyClient: retry policy per method', () => {
  const queued = () => new Response(null, { status: 204 });

  it('never retries a POST after a 5xx: one request, and "it may have queued it"', async () => {
    const { client, calls } = setup(() => spotifyError(500, 'Server error'));
    const error = await spotifyErrorOf(client.queue('spotify:track:a'));
    expect([error.kind, error.status]).toEqual(['maybe-applied', 500]);
    expect(error.message).toContain('may have queued the track anyway');
    expect(error.message).toContain('POST /me/player/queue');
    expect(calls).toHaveLength(1);
  });

  it('never retries creating a playlist or adding items after a 5xx', async () => {
    const create = setup(() => new Response('<html>502</html>', { status: 502 }));
    const error = await spotifyErrorOf(create.client.createPlaylist({ name: 'MoodDJ' }));
    expect(error.kind).toBe('maybe-applied');
    expect(error.message).toContain('may have made the change anyway');
    expect(create.calls).toHaveLength(1);
    const add = setup(() => spotifyError(503, 'Service unavailable'));
    expect((await spotifyErrorOf(add.client.addPlaylistItems('pl1', ['spotify:track:a']))).kind).toBe('maybe-applied');
    expect(add.calls).toHaveLength(1);
  });

  it('never retries a POST after a network failure, and calls a timed-out POST maybe-applied', async () => {
    const down = setup(() => {
      throw new TypeError('fetch failed');
    });
    expect((await spotifyErrorOf(down.client.queue('spotify:track:a'))).kind).toBe('network');
    expect(down.calls).toHaveLength(1);
    const slow = setup(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
      { timeoutMs: 50 },
    );
    expect((await spotifyErrorOf(slow.client.queue('spotify:track:a'))).kind).toBe('maybe-applied');
    expect(slow.calls).toHaveLength(1);
  });

  it('retries a POST after a 429 with Retry-After (nothing was done), but not after a 429 without it', async () => {
    const withAfter = setup(sequence(() => new Response('', { status: 429, headers: { 'Retry-After': '0' } }), queued));
    await withAfter.client.queue('spotify:track:a');
    expect(withAfter.calls).toHaveLength(2);
    const without = setup(sequence(() => new Response('', { status: 429 }), queued));
    expect((await spotifyErrorOf(without.client.queue('spotify:track:a'))).kind).toBe('rate-limited');
    expect(without.calls).toHaveLength(1);
  });

  it('keeps retrying GET and PUT (idempotent) after 5xx', async () => {
    const get = setup(
      sequence(
        () => spotifyError(500, 'Server error'),
        () => json(200, me),
      ),
    );
    await get.client.me();
    expect(get.calls).toHaveLength(2);
    const put = setup(
      sequence(
        () => new Response('', { status: 502 }),
        () => json(200, { snapshot_id: 's' }),
      ),
    );
    expect(await put.client.replacePlaylistItems('pl1', ['spotify:track:a'])).toBe('s');
    expect(put.calls.map((call) => call.request.method)).toEqual(['PUT', 'PUT']);
  });
});

describe('createSpotifyClient: 401 Permissions missing', () => {
  it('does not refresh (a refresh keeps the scopes) and asks to reconnect', async () => {
    const { client, calls, tokens } = setup(() => spotifyError(401, 'Permissions missing'));
    const error = await spotifyErrorOf(client.currentlyPlaying());
    expect([error.kind, error.status]).toEqual(['permissions-missing', 401]);
    expect(error.message).toContain('Reconnect Spotify');
    expect(tokens.refreshes).toBe(0);
    expect(calls).toHaveLength(1);
  });
});

describe('createSpotifyClient against the fake Spotify (real bodies)', () => {
  function againstFake() {
    // Retry-After: 0 keeps the 429 tests fast; the header is still there.
    const fake = createSpotifyFake({ tracks: [], retryAfterSec: 0 });
    const issued = fake.issueTokens();
    let refreshes = 0;
    const client = createSpotifyClient({
      tokens: {
        accessToken: async () => issued.accessToken,
        forceRefresh: async () => {
          refreshes++;
          return issued.accessToken;
        },
      },
      fetch: fetchFor(fake),
      retryDelayMs: () => 0,
    });
    return { fake, client, refreshes: () => refreshes };
  }
  const log = (fake: ReturnType<typeof againstFake>['fake']) =>
    fake.recorded.log.map((entry) => `${entry.method} ${entry.endpoint} ${entry.status}`);

  it('plain-text 403 "User not registered in the Developer Dashboard": says to add the account, no retry', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(1, 'notRegisteredPlainText');
    const error = await spotifyErrorOf(client.me());
    expect(error.kind).toBe('not-registered');
    expect(error.message).toContain('User Management');
    expect(log(fake)).toEqual(['GET me 403']);
  });

  it('403 "the user may not be registered" (the 2026 wording, JSON): not-registered too, no retry', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(1, 'notRegistered');
    const error = await spotifyErrorOf(client.me());
    expect(error.kind).toBe('not-registered');
    expect(log(fake)).toEqual(['GET me 403']);
  });

  it('each refusal from the fake, verbatim: its own kind (quota, owner without Premium, a restricted track)', async () => {
    const cases = [
      ['quotaExceeded', 'quota-exceeded'],
      ['ownerPremium', 'owner-premium'],
      ['ownerBlocked', 'owner-premium'],
      ['insufficientScope', 'insufficient-scope'],
      ['endpointRemoved', 'forbidden'],
    ] as const;
    for (const [fault, kind] of cases) {
      const { fake, client } = againstFake();
      fake.fail.next(1, fault);
      expect((await spotifyErrorOf(client.me())).kind, fault).toBe(kind);
      expect(log(fake), fault).toEqual([`GET me ${fault === 'quotaExceeded' ? '429' : '403'}`]);
    }
    const { fake, client } = againstFake();
    fake.fail.next(1, 'restrictionViolated', 'queue');
    expect((await spotifyErrorOf(client.queue('spotify:track:4uLU6hMCjMI75M1A2tKUQC', FAKE_DEVICE_ID))).kind).toBe(
      'restricted',
    );
  });

  it('empty-body 429 with Retry-After: waits and retries a GET and a POST', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(1, 'status429Empty', 'devices');
    fake.fail.next(1, 'status429Empty', 'queue');
    await client.devices();
    await client.queue('spotify:track:abc', FAKE_DEVICE_ID);
    expect(log(fake)).toEqual(['GET devices 429', 'GET devices 200', 'POST queue 429', 'POST queue 204']);
    expect(fake.recorded.queue).toHaveLength(1);
  });

  it('empty-body 429 without Retry-After: a POST is not retried, and says rate-limited', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(1, 'status429NoRetryAfter', 'queue');
    expect((await spotifyErrorOf(client.queue('spotify:track:abc', FAKE_DEVICE_ID))).kind).toBe('rate-limited');
    expect(log(fake)).toEqual(['POST queue 429']);
  });

  it('HTML 502: a GET is retried; the HTML never reaches the message', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(4, 'status502Html', 'devices');
    const error = await spotifyErrorOf(client.devices());
    expect([error.kind, error.status]).toEqual(['server', 502]);
    expect(error.message).not.toMatch(/<|doctype/i);
    expect(fake.requests.devices).toBe(4);
  });

  it('a 502 after the queue call was applied: one request, queued once, "check the queue"', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(1, 'appliedThen502', 'queue');
    const error = await spotifyErrorOf(client.queue('spotify:track:abc', FAKE_DEVICE_ID));
    expect(error.kind).toBe('maybe-applied');
    expect(error.message).toContain('Check the queue');
    expect(fake.recorded.queue).toEqual([{ uri: 'spotify:track:abc', deviceId: FAKE_DEVICE_ID }]);
    expect(fake.requests.queue).toBe(1);
  });

  it('a 502 after a playlist was created: one playlist, not two', async () => {
    const { fake, client } = againstFake();
    fake.fail.next(1, 'appliedThen502', 'createPlaylist');
    expect((await spotifyErrorOf(client.createPlaylist({ name: 'MoodDJ · Calm' }))).kind).toBe('maybe-applied');
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    expect(fake.requests.createPlaylist).toBe(1);
  });

  it('404 "Device not found" (no reason) for a stale device id is its own kind', async () => {
    const { fake, client } = againstFake();
    const error = await spotifyErrorOf(client.queue('spotify:track:abc', 'old-web-player-id'));
    expect([error.kind, error.reason]).toEqual(['device-not-found', null]);
    expect(error.message).toContain('Press play in the web player');
    expect(fake.recorded.queue).toHaveLength(0);
  });

  it('401 "Permissions missing": no refresh, one request, reconnect', async () => {
    const { fake, client, refreshes } = againstFake();
    fake.fail.next(1, 'permissionsMissing', 'currentlyPlaying');
    expect((await spotifyErrorOf(client.currentlyPlaying())).kind).toBe('permissions-missing');
    expect(refreshes()).toBe(0);
    expect(fake.requests.currentlyPlaying).toBe(1);
  });

  it('a bare 403 on /me/library/contains: unknown (null), and the removed /followers/contains is never asked', async () => {
    const { fake, client } = againstFake();
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    fake.fail.next(1, 'endpointRemoved', 'libraryContains');
    expect(await client.followsPlaylist(playlist.id)).toBeNull();
    expect(log(fake).slice(1)).toEqual(['GET libraryContains 403']);
    expect(fake.requests.removed).toBe(0);
  });

  it('403 "Insufficient client scope" on /me/library/contains is not "unknown": it asks to reconnect', async () => {
    const { fake, client } = againstFake();
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    fake.fail.next(1, 'insufficientScope', 'libraryContains');
    expect((await spotifyErrorOf(client.followsPlaylist(playlist.id))).kind).toBe('insufficient-scope');
  });

  it('reports the public state Spotify answers, even when it ignored public:false', async () => {
    const fake = createSpotifyFake({ tracks: [], ignorePublicFalse: true });
    const issued = fake.issueTokens();
    const client = createSpotifyClient({
      tokens: { accessToken: async () => issued.accessToken, forceRefresh: async () => issued.accessToken },
      fetch: fetchFor(fake),
    });
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    expect(playlist.public).toBe(true);
    expect(playlist.owner?.id).toBe(FAKE_USER_ID);
  });

  it("lists the user's playlists and a playlist's entries (2026: under `item`), 50 a page", async () => {
    const { fake, client } = againstFake();
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    const uris = Array.from({ length: 60 }, (_, i) => `spotify:track:t${i}`);
    await client.replacePlaylistItems(playlist.id, uris);
    const first = await client.playlistItems(playlist.id, { offset: 0 });
    const second = await client.playlistItems(playlist.id, { offset: 50 });
    expect([...first.uris, ...second.uris]).toEqual(uris);
    expect([first.next === null, second.next]).toEqual([false, null]);
    const mine = await client.myPlaylists({ offset: 0 });
    expect(mine.items.map((item) => item?.id)).toEqual([playlist.id]);
    const asked = fake.recorded.log.filter((entry) => entry.method === 'GET').map((entry) => new URL(entry.url));
    expect(asked.map((url) => [url.pathname, url.searchParams.get('limit')])).toEqual([
      [`/v1/playlists/${playlist.id}/items`, '50'],
      [`/v1/playlists/${playlist.id}/items`, '50'],
      ['/v1/me/playlists', '50'],
    ]);
    expect(() => client.myPlaylists({ offset: 0, limit: 51 })).toThrow(RangeError);
  });

  it('tells an unfollowed ("deleted") playlist from a followed one', async () => {
    const { fake, client } = againstFake();
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    expect(await client.followsPlaylist(playlist.id)).toBe(true);
    fake.unfollowPlaylist(playlist.id);
    expect(await client.followsPlaylist(playlist.id)).toBe(false);
    const asked = fake.recorded.log.filter((entry) => entry.endpoint === 'libraryContains').map((entry) => entry.url);
    expect(new URL(asked[0] ?? '').searchParams.get('uris')).toBe(`spotify:playlist:${playlist.id}`);
  });
});

describe('savedTrackRows', () => {
  const track = (id: string | null, extra: Record<string, unknown> = {}) => ({
    id,
    uri: id ? `spotify:track:${id}` : 'spotify:local:A:B:C:100',
    name: `name ${id}`,
    artists: [
      { id: 'ar1', name: 'One' },
      { id: null, name: 'Unknown' },
    ],
    album: { name: 'Album' },
    duration_ms: 1000,
    is_local: false,
    ...extra,
  });
  const item = (t: ReturnType<typeof track> | null): SavedTrackItem => ({ added_at: '2026-02-01T00:00:00Z', track: t });

  it('keeps Spotify tracks and skips local files, null ids and null tracks', () => {
    const rows = savedTrackRows({
      items: [
        item(track('a')),
        item(track(null, { is_local: true })),
        item(track(null)),
        item(track('b', { is_local: true })),
        item(null),
      ],
    });
    expect(rows).toEqual([
      {
        id: 'a',
        uri: 'spotify:track:a',
        name: 'name a',
        artists: ['One', 'Unknown'],
        artistIds: ['ar1'],
        album: 'Album',
        durationMs: 1000,
        addedAt: '2026-02-01T00:00:00Z',
        playable: true,
      },
    ]);
  });
});
