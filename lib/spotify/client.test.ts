import { describe, expect, it } from 'vitest';
import { createSpotifyClient, type SpotifyClientOptions, savedTrackRows } from './client';
import { SpotifyAuthError, SpotifyError } from './errors';
import type { SavedTrackItem } from './schemas';
import { fakeFetch, json, rejectionOf, sequence } from './test-helpers';

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

  it('creates a private playlist through POST /me/playlists', async () => {
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

  it('maps persistent 5xx to server after maxRetries', async () => {
    const { client, calls } = setup(() => spotifyError(500, 'Server error'));
    const error = await spotifyErrorOf(client.queue('spotify:track:a'));
    expect([error.kind, error.status]).toEqual(['server', 500]);
    expect(error.message).toContain('POST /me/player/queue');
    expect(calls).toHaveLength(4);
  });

  it('maps 403 PREMIUM_REQUIRED to premium-required, and other 403s to forbidden', async () => {
    const premium = setup(() => spotifyError(403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED'));
    const error = await spotifyErrorOf(premium.client.queue('spotify:track:a'));
    expect([error.kind, error.status, error.reason]).toEqual(['premium-required', 403, 'PREMIUM_REQUIRED']);
    expect(premium.calls).toHaveLength(1);
    const other = setup(() => spotifyError(403, 'User not registered in the Developer Dashboard'));
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
    const { client } = setup(() => json(200, { items: [{ added_at: '2026-01-01T00:00:00Z', track: { id: 1 } }] }));
    const error = await spotifyErrorOf(client.savedTracks({ offset: 0 }));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('GET /me/tracks');
    expect(error.message).toMatch(/items\.0\.track\.(id|uri)/);
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
      },
    ]);
  });
});
