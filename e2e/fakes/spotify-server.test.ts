import { describe, expect, it } from 'vitest';
import { connect, createTokenProvider } from '@/lib/spotify/auth';
import { createSpotifyClient, savedTrackRows } from '@/lib/spotify/client';
import { type SpotifyAuthError, SpotifyError } from '@/lib/spotify/errors';
import { SPOTIFY_SCOPES } from '@/lib/spotify/pkce';
import {
  CurrentlyPlayingSchema,
  DevicesSchema,
  PlaylistItemsPageSchema,
  PlaylistSchema,
  PlaylistsPageSchema,
  SavedTracksPageSchema,
  UserSchema,
} from '@/lib/spotify/schemas';
import { createMemoryTokenStore } from '@/test/support/spotify';
import { type CatalogTrack, loadCatalog } from './catalog';
import {
  base62Id,
  createSpotifyFake,
  FAKE_CLIENT_ID,
  FAKE_DEVICE_ID,
  FAKE_USER_ID,
  type FakeResponse,
  type SpotifyFake,
  type SpotifyFakeOptions,
  XSS_TRACK_NAME,
} from './spotify-server';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';

function track(n: number, extra: Partial<CatalogTrack> = {}): CatalogTrack {
  return {
    id: base62Id(`track:${n}`),
    name: `Song ${n}`,
    artists: [`Artist ${n % 7}`, ...(n % 3 === 0 ? ['Guest'] : [])],
    album: `Album ${n % 11}`,
    durationMs: 180_000 + n,
    valence: 0.5,
    energy: 0.5,
    tempo: 120,
    danceability: 0.5,
    acousticness: 0.5,
    instrumentalness: 0,
    speechiness: 0.05,
    liveness: 0.1,
    loudness: -7,
    key: 5,
    mode: 1,
    genre: 'pop',
    ...extra,
  };
}
const tracks = (count: number) => Array.from({ length: count }, (_, i) => track(i));

/** `fetch` served by the fake's pure handler, as the Playwright adapter would. */
function fetchFor(fake: SpotifyFake): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const answer = fake.handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: request.method === 'GET' ? null : await request.text(),
    });
    return toResponse(answer);
  };
}

function toResponse(answer: FakeResponse): Response {
  return new Response(answer.status === 204 || answer.status === 302 ? null : answer.body, {
    status: answer.status,
    headers: answer.headers,
  });
}

/** launchWebAuthFlow, played by the fake's /authorize (what the CDP intercept does in Chromium). */
function flowFor(fake: SpotifyFake) {
  return async (url: string) => {
    const answer = fake.handle({ method: 'GET', url, headers: {}, body: null });
    if (answer.status !== 302) throw new Error('Authorization page could not be loaded.');
    return answer.headers.location;
  };
}

async function signedIn(options: Partial<SpotifyFakeOptions> = {}, now = () => 1_000_000) {
  const fake = createSpotifyFake({ tracks: tracks(120), now, ...options });
  const fetch = fetchFor(fake);
  const store = createMemoryTokenStore(
    await connect({ clientId: FAKE_CLIENT_ID, redirectUri: REDIRECT, launchWebAuthFlow: flowFor(fake), fetch, now }),
  );
  const provider = createTokenProvider({ store, fetch, now });
  const client = createSpotifyClient({ tokens: provider, fetch, retryDelayMs: () => 0, now });
  return { fake, store, client, provider, fetch };
}

async function errorOf(promise: Promise<unknown>): Promise<SpotifyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SpotifyError);
    return error as SpotifyError;
  }
  throw new Error('expected a SpotifyError');
}

describe('fake accounts: /authorize and /api/token', () => {
  it('redirects /authorize to the redirect_uri with a code and the same state', () => {
    const fake = createSpotifyFake({ tracks: [] });
    const answer = fake.handle({
      method: 'GET',
      url: `https://accounts.spotify.com/authorize?client_id=${FAKE_CLIENT_ID}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&code_challenge_method=S256&code_challenge=abc&state=s%201&scope=x`,
      headers: {},
      body: null,
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.location ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('s 1');
    expect(location.searchParams.get('code')).toMatch(/^fake-code-/);
    expect(fake.requests.authorize).toBe(1);
    expect(fake.recorded.authorize[0]).toMatchObject({ clientId: FAKE_CLIENT_ID, challenge: 'abc', scope: 'x' });
  });

  it('refuses an unknown client id or a missing S256 challenge without redirecting', () => {
    const fake = createSpotifyFake({ tracks: [] });
    const get = (query: string) =>
      fake.handle({ method: 'GET', url: `https://accounts.spotify.com/authorize?${query}`, headers: {}, body: null })
        .status;
    expect(
      get(`client_id=other&response_type=code&redirect_uri=${REDIRECT}&code_challenge_method=S256&code_challenge=a`),
    ).toBe(400);
    expect(get(`client_id=${FAKE_CLIENT_ID}&response_type=code&redirect_uri=${REDIRECT}`)).toBe(400);
  });

  it('signs in through connect(): PKCE verified, exact scopes asked, tokens issued', async () => {
    const { fake, store } = await signedIn();
    expect(fake.recorded.authorize[0]?.scope).toBe(SPOTIFY_SCOPES);
    expect(fake.recorded.tokenGrants).toEqual([{ grantType: 'authorization_code', ok: true, error: null }]);
    const tokens = await store.get();
    expect(tokens?.refreshToken).toBe(fake.currentRefreshToken());
    expect(tokens?.scope).toBe(SPOTIFY_SCOPES);
  });

  it('refuses a wrong code_verifier and a reused code', async () => {
    const fake = createSpotifyFake({ tracks: [] });
    const location = await flowFor(fake)(
      `https://accounts.spotify.com/authorize?client_id=${FAKE_CLIENT_ID}&response_type=code&redirect_uri=${REDIRECT}&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&state=x`,
    );
    const code = new URL(location ?? '').searchParams.get('code') ?? '';
    const exchange = (verifier: string) =>
      fake.handle({
        method: 'POST',
        url: 'https://accounts.spotify.com/api/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: FAKE_CLIENT_ID,
          code_verifier: verifier,
        }).toString(),
      });
    const wrong = exchange('x'.repeat(43));
    expect([wrong.status, JSON.parse(wrong.body).error]).toEqual([400, 'invalid_grant']);
    // RFC 7636 Appendix B: this verifier matches that challenge.
    expect(exchange('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk').status).toBe(200);
    expect(exchange('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk').status).toBe(400);
  });

  it('answers access_denied when consent is refused', async () => {
    const fake = createSpotifyFake({ tracks: [], denyConsent: true });
    const error = await connect({
      clientId: FAKE_CLIENT_ID,
      redirectUri: REDIRECT,
      launchWebAuthFlow: flowFor(fake),
      fetch: fetchFor(fake),
    }).catch((e: unknown) => e);
    expect((error as SpotifyAuthError).kind).toBe('access-denied');
  });

  it('a redirect URI the app does not list, or an unknown Client ID: Spotify’s error page; connect() names which', async () => {
    const fake = createSpotifyFake({ tracks: [], registeredRedirectUris: ['https://elsewhere.example/callback'] });
    const kindOf = async (clientId: string) =>
      (
        (await connect({
          clientId,
          redirectUri: REDIRECT,
          launchWebAuthFlow: flowFor(fake),
          fetch: fetchFor(fake),
        }).catch((e: unknown) => e)) as SpotifyAuthError
      ).kind;
    expect(await kindOf(FAKE_CLIENT_ID)).toBe('redirect-uri');
    expect(await kindOf('ffffffffffffffffffffffffffffffff')).toBe('invalid-client');
    // The window's load, then MoodDJ's own look at the same address (each recorded).
    expect(fake.recorded.log.map((entry) => [entry.endpoint, entry.status])).toEqual([
      ['authorize', 400],
      ['authorize', 400],
      ['authorize', 400],
      ['authorize', 400],
    ]);
    fake.configureSignIn({ registeredRedirectUris: [REDIRECT] });
    expect(
      await connect({
        clientId: FAKE_CLIENT_ID,
        redirectUri: REDIRECT,
        launchWebAuthFlow: flowFor(fake),
        fetch: fetchFor(fake),
      }),
    ).toMatchObject({
      clientId: FAKE_CLIENT_ID,
    });
  });

  it('shows a consent page when asked: Agree leads back with a code, Cancel with access_denied, closing it is cancelled', async () => {
    const fake = createSpotifyFake({ tracks: [], consentPage: true });
    const fetch = fetchFor(fake);
    /** The sign-in window: the consent page, where the person follows a link (or closes it). */
    const choose = (choice: 'agree' | 'cancel' | 'close') => async (url: string) => {
      const page = fake.handle({ method: 'GET', url, headers: {}, body: null });
      expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      if (choice === 'close') throw new Error('The user did not approve access.');
      const href = new RegExp(`id="${choice}" href="([^"]+)"`).exec(page.body)?.[1] ?? '';
      return href.replace(/&amp;/g, '&');
    };
    const signIn = (choice: 'agree' | 'cancel' | 'close') =>
      connect({ clientId: FAKE_CLIENT_ID, redirectUri: REDIRECT, launchWebAuthFlow: choose(choice), fetch });
    expect(await signIn('agree')).toMatchObject({ clientId: FAKE_CLIENT_ID });
    expect(((await signIn('cancel').catch((e: unknown) => e)) as SpotifyAuthError).kind).toBe('access-denied');
    expect(((await signIn('close').catch((e: unknown) => e)) as SpotifyAuthError).kind).toBe('cancelled');
    fake.configureSignIn({ consentPage: false });
    const atOnce = await connect({
      clientId: FAKE_CLIENT_ID,
      redirectUri: REDIRECT,
      launchWebAuthFlow: flowFor(fake),
      fetch,
    });
    expect(atOnce).toMatchObject({ clientId: FAKE_CLIENT_ID });
  });

  it('an app owner without Premium: the first /me after sign-in is the plain-text 403; with Premium it answers', async () => {
    const { fake, client } = await signedIn({ ownerWithoutPremium: true });
    const refused = await errorOf(client.me());
    expect([refused.kind, refused.status]).toEqual(['owner-premium', 403]);
    expect(fake.recorded.log.at(-1)).toMatchObject({ endpoint: 'me', status: 403 });
    fake.setOwnerPremium(true);
    expect((await client.me()).id).toBe(FAKE_USER_ID);
  });

  it('rotates the refresh token on each refresh and refuses the old one', async () => {
    const { fake, provider, store } = await signedIn();
    const first = (await store.get())?.refreshToken;
    await provider.forceRefresh();
    const second = (await store.get())?.refreshToken;
    expect(second).not.toBe(first);
    expect(second).toBe(fake.currentRefreshToken());
    const stale = fake.handle({
      method: 'POST',
      url: 'https://accounts.spotify.com/api/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&refresh_token=${first}&client_id=${FAKE_CLIENT_ID}`,
    });
    expect(stale.status).toBe(400);
  });

  it('keeps the old refresh token working when the reply omits it', async () => {
    const { fake, provider, store } = await signedIn({ refreshOmitsRefreshToken: true });
    const before = (await store.get())?.refreshToken;
    await provider.forceRefresh();
    await provider.forceRefresh();
    expect((await store.get())?.refreshToken).toBe(before);
    expect(fake.recorded.tokenGrants.filter((g) => g.ok)).toHaveLength(3);
  });

  it('revokeRefresh: invalid_grant, for good, and the client says reconnect', async () => {
    const { fake, client } = await signedIn();
    fake.fail.next(1, 'revokeRefresh');
    fake.fail.next(1, 'expireToken');
    const error = await errorOf(client.me());
    expect(error.kind).toBe('reconnect');
    expect(fake.recorded.tokenGrants.at(-1)).toMatchObject({
      grantType: 'refresh_token',
      ok: false,
      error: 'invalid_grant',
    });
    expect(fake.requests.me).toBe(1);
  });
});

describe('fake Web API', () => {
  it('requires a current bearer token', async () => {
    let now = 1_000_000;
    const fake = createSpotifyFake({ tracks: tracks(3), now: () => now, expiresInSec: 60 });
    const get = (authorization?: string) =>
      fake.handle({
        method: 'GET',
        url: 'https://api.spotify.com/v1/me',
        headers: authorization ? { authorization } : {},
        body: null,
      });
    expect(JSON.parse(get().body)).toEqual({ error: { status: 401, message: 'No token provided' } });
    expect(get('Bearer nope').status).toBe(401);
    const { accessToken } = fake.issueTokens();
    expect(get(`Bearer ${accessToken}`).status).toBe(200);
    now += 61_000;
    expect(JSON.parse(get(`Bearer ${accessToken}`).body).error.message).toBe('The access token expired');
  });

  it('lists the library newest first with deterministic added_at, and pages it 50 at a time', async () => {
    const { client, fake } = await signedIn();
    const first = await client.savedTracks({ offset: 0 });
    expect(first.total).toBe(120);
    expect(first.items[0]?.added_at).toBe('2026-02-01T12:00:00Z');
    expect(first.items[1]?.added_at).toBe('2026-02-01T11:00:00Z');
    const ids: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = await client.savedTracks({ offset });
      ids.push(...savedTrackRows(page).map((row) => row.id));
      if (!page.next) break;
    }
    expect(ids).toEqual(tracks(120).map((t) => t.id));
    expect(fake.requests.savedTracks).toBe(4);
  });

  it('answers 400 for limit > 50, like Spotify', async () => {
    const fake = createSpotifyFake({ tracks: tracks(3) });
    const { accessToken } = fake.issueTokens();
    const answer = fake.handle({
      method: 'GET',
      url: 'https://api.spotify.com/v1/me/tracks?limit=51',
      headers: { authorization: `Bearer ${accessToken}` },
      body: null,
    });
    expect(answer.status).toBe(400);
  });

  it('includes a local file and a null-id item on request, which the client skips', async () => {
    const { client } = await signedIn({ tracks: tracks(5), includeLocalFile: true, includeNullIdItem: true });
    const page = await client.savedTracks({ offset: 0 });
    expect(page.items).toHaveLength(7);
    expect(page.items[1]?.track?.is_local).toBe(true);
    expect(page.items[2]?.track?.id).toBeNull();
    expect(savedTrackRows(page).map((row) => row.id)).toEqual(tracks(5).map((t) => t.id));
  });

  it('lists unplayable tracks with is_playable: false, and refuses to queue them as Spotify does', async () => {
    const { client, fake } = await signedIn({ tracks: tracks(5), unplayableIds: [track(1).id] });
    const page = await client.savedTracks({ offset: 0 });
    expect(page.items.map((item) => item.track?.is_playable)).toEqual([true, false, true, true, true]);
    expect(savedTrackRows(page).map((row) => row.playable)).toEqual([true, false, true, true, true]);
    const refused = await errorOf(client.queue(`spotify:track:${track(1).id}`, FAKE_DEVICE_ID));
    expect([refused.status, refused.message]).toEqual([403, expect.stringMatching(/Restriction violated/)]);
    expect(fake.recorded.queue).toEqual([]);

    fake.setPlayable([track(1).id], true);
    expect(savedTrackRows(await client.savedTracks({ offset: 0 })).every((row) => row.playable)).toBe(true);
    await client.queue(`spotify:track:${track(1).id}`, FAKE_DEVICE_ID);
    expect(fake.recorded.queue).toHaveLength(1);
    fake.setPlayable([track(4).id], false);
    expect(savedTrackRows(await client.savedTracks({ offset: 0 })).map((row) => row.playable)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('serves a malformed item on request: the page still reads, the item is skipped and counted', async () => {
    const { client, fake } = await signedIn({ tracks: tracks(60), includeMalformedItem: true });
    const first = await client.savedTracks({ offset: 0 });
    expect(first.unreadable).toBe(1);
    expect(first.items).toHaveLength(49);
    expect(first.total).toBe(61);
    expect(fake.savedIds()[3]).toBeNull();
    const second = await client.savedTracks({ offset: 50 });
    expect(second.unreadable).toBe(0);
    expect([...savedTrackRows(first), ...savedTrackRows(second)].map((row) => row.id)).toEqual(
      tracks(60).map((t) => t.id),
    );
  });

  it('can name the first track with an XSS payload, sent verbatim', async () => {
    const { client } = await signedIn({ tracks: tracks(2), xssTrackName: true });
    const [row] = savedTrackRows(await client.savedTracks({ offset: 0 }));
    expect(row?.name).toBe(XSS_TRACK_NAME);
  });

  it('addSaved puts new tracks first; removeSaved drops them', async () => {
    const { client, fake } = await signedIn({ tracks: tracks(3) });
    fake.addSaved([track(100), track(101)]);
    fake.removeSaved([track(1).id]);
    const rows = savedTrackRows(await client.savedTracks({ offset: 0 }));
    expect(rows.map((row) => row.id)).toEqual([track(101).id, track(100).id, track(0).id, track(2).id]);
    expect(rows[0]?.addedAt).toBe('2026-02-01T14:00:00Z');
  });

  it('reports nothing playing (204) or a track, and lists the web player', async () => {
    const { client, fake } = await signedIn();
    expect(await client.currentlyPlaying()).toBeNull();
    fake.setNowPlaying(track(7));
    const playing = await client.currentlyPlaying();
    expect(playing?.item?.type === 'track' && playing.item.id).toBe(track(7).id);
    expect(await client.devices()).toEqual([
      expect.objectContaining({ id: FAKE_DEVICE_ID, name: 'Web Player (Chrome)', is_active: true }),
    ]);
  });

  it('plays the queued tracks in turn, its position moving with the clock and holding while paused', async () => {
    let clock = 1_000_000;
    const { client, fake } = await signedIn({}, () => clock);
    const progress = async () => (await client.currentlyPlaying())?.progress_ms;
    await client.queue(`spotify:track:${track(3).id}`, FAKE_DEVICE_ID);
    await client.queue(`spotify:track:${track(4).id}`, FAKE_DEVICE_ID);
    expect(fake.playNext()?.id).toBe(track(3).id);
    clock += 12_000;
    expect(await progress()).toBe(12_000);
    fake.setPlaying(false);
    clock += 60_000;
    expect(await progress()).toBe(12_000);
    expect((await client.currentlyPlaying())?.is_playing).toBe(false);
    expect(fake.playNext()?.id).toBe(track(4).id);
    clock += 1_000;
    expect(await progress()).toBe(1_000);
    expect(fake.playNext()).toBeNull();
  });

  it('records queue calls with uri and device_id, and never play/pause', async () => {
    const { client, fake } = await signedIn();
    await client.queue(`spotify:track:${track(1).id}`, FAKE_DEVICE_ID);
    await client.queue(`spotify:track:${track(2).id}`);
    expect(fake.recorded.queue).toEqual([
      { uri: `spotify:track:${track(1).id}`, deviceId: FAKE_DEVICE_ID },
      { uri: `spotify:track:${track(2).id}`, deviceId: null },
    ]);
    expect(fake.requests.play + fake.requests.pause).toBe(0);
    expect(fake.recorded.play).toEqual([]);
  });

  it('records play and pause when something does call them', () => {
    const fake = createSpotifyFake({ tracks: [] });
    const { accessToken } = fake.issueTokens();
    const headers = { authorization: `Bearer ${accessToken}` };
    expect(
      fake.handle({ method: 'PUT', url: 'https://api.spotify.com/v1/me/player/play', headers, body: '{}' }).status,
    ).toBe(204);
    expect(
      fake.handle({ method: 'PUT', url: 'https://api.spotify.com/v1/me/player/pause', headers, body: null }).status,
    ).toBe(204);
    expect([fake.recorded.play.length, fake.recorded.pause.length]).toEqual([1, 1]);
  });

  it('answers a queue with 200 and a text body when asked, which the client accepts', async () => {
    const { client, fake } = await signedIn({ queueAnswersText: true });
    await client.queue(`spotify:track:${track(1).id}`);
    expect(fake.recorded.log.at(-1)?.status).toBe(200);
  });

  it('answers 404 NO_ACTIVE_DEVICE when no device is active', async () => {
    const { client, fake } = await signedIn();
    fake.setDevices([]);
    expect((await errorOf(client.queue(`spotify:track:${track(1).id}`))).kind).toBe('no-active-device');
    expect(fake.recorded.queue).toEqual([]);
  });

  it('creates private playlists and records items written through /items', async () => {
    const { client, fake } = await signedIn();
    const playlist = await client.createPlaylist({ name: 'MoodDJ — calm', description: 'made by MoodDJ' });
    expect(fake.recorded.createdPlaylists).toEqual([
      { id: playlist.id, name: 'MoodDJ — calm', description: 'made by MoodDJ', public: false },
    ]);
    const uris = tracks(130).map((t) => `spotify:track:${t.id}`);
    await client.replacePlaylistItems(playlist.id, uris);
    await client.addPlaylistItems(playlist.id, uris.slice(0, 2));
    expect(fake.recorded.playlistItems.map((call) => [call.method, call.uris.length])).toEqual([
      ['PUT', 100],
      ['POST', 30],
      ['POST', 2],
    ]);
    expect(fake.playlist(playlist.id)?.uris).toHaveLength(132);
    expect(fake.requests.removed).toBe(0);
  });

  it('counts calls to removed endpoints separately', () => {
    const fake = createSpotifyFake({ tracks: [] });
    const { accessToken } = fake.issueTokens();
    const headers = { authorization: `Bearer ${accessToken}` };
    fake.handle({ method: 'POST', url: 'https://api.spotify.com/v1/users/u/playlists', headers, body: '{}' });
    fake.handle({ method: 'PUT', url: 'https://api.spotify.com/v1/playlists/p/tracks', headers, body: '{}' });
    const answer = fake.handle({
      method: 'GET',
      url: 'https://api.spotify.com/v1/audio-features?ids=a',
      headers,
      body: null,
    });
    expect(fake.requests.removed).toBe(3);
    // Development-mode apps get a bare 403 for removed endpoints, not a 404.
    expect([answer.status, JSON.parse(answer.body)]).toEqual([403, { error: { status: 403, message: 'Forbidden' } }]);
  });

  it('answers the removed /playlists/{id}/followers/contains with the bare 403, verbatim, even for a playlist it has', async () => {
    const { client, fake } = await signedIn();
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    const { accessToken } = fake.issueTokens();
    const answer = fake.handle({
      method: 'GET',
      url: `https://api.spotify.com/v1/playlists/${playlist.id}/followers/contains`,
      headers: { authorization: `Bearer ${accessToken}` },
      body: null,
    });
    expect([answer.status, answer.body]).toEqual([403, '{"error":{"status":403,"message":"Forbidden"}}']);
    expect(fake.requests.removed).toBe(1);
    // Its replacement answers.
    expect(await client.followsPlaylist(playlist.id)).toBe(true);
  });

  it("lists the playlists the user follows, newest first, and a playlist's entries under `item`", async () => {
    const { client, fake } = await signedIn();
    const first = await client.createPlaylist({ name: 'first' });
    const second = await client.createPlaylist({ name: 'second' });
    const third = await client.createPlaylist({ name: 'third' });
    fake.unfollowPlaylist(second.id);
    expect((await client.myPlaylists({ offset: 0 })).items.map((p) => p?.id)).toEqual([third.id, first.id]);
    const paged = await client.myPlaylists({ offset: 1, limit: 1 });
    expect([paged.items.map((p) => p?.id), paged.next, paged.total]).toEqual([[first.id], null, 2]);

    const uris = tracks(3).map((t) => `spotify:track:${t.id}`);
    await client.addPlaylistItems(first.id, uris);
    const { accessToken } = fake.issueTokens();
    const body = JSON.parse(
      fake.handle({
        method: 'GET',
        url: `https://api.spotify.com/v1/playlists/${first.id}/items?offset=0&limit=2`,
        headers: { authorization: `Bearer ${accessToken}` },
        body: null,
      }).body,
    ) as { items: Record<string, unknown>[]; next: string | null; total: number };
    expect(body.items.map((entry) => (entry.item as { uri: string }).uri)).toEqual(uris.slice(0, 2));
    expect(body.items.every((entry) => !('track' in entry))).toBe(true);
    expect([body.next === null, body.total]).toEqual([false, 3]);
    expect(fake.requests.readPlaylistItems).toBe(1);
    expect(fake.recorded.playlistItems.map((call) => call.method)).toEqual(['POST']);
  });

  it('seeds playlists of every owner: tracks from the catalog, snapshots that move, refusals as Spotify answers', async () => {
    const extra = [track(500), track(501)];
    const { client, fake } = await signedIn({
      catalog: extra,
      playlists: [
        { name: 'Road trip', trackIds: [track(0).id, track(500).id] },
        { name: 'Daily Mix 1', trackIds: [track(1).id], owner: 'spotify', refuse: 404 },
        { name: "Ana's", trackIds: [track(2).id], owner: 'ana', refuse: 403 },
      ],
    });
    const listed = await client.myPlaylists({ offset: 0 });
    expect(listed.items.map((p) => [p?.name, p?.owner?.id, p?.items?.total])).toEqual([
      ["Ana's", 'ana', 1],
      ['Daily Mix 1', 'spotify', 1],
      ['Road trip', 'fake-user', 2],
    ]);
    const road = fake.playlistId('Road trip');
    const page = await client.playlistTracks(road, { offset: 0 });
    expect(page.tracks.map((t) => t.id)).toEqual([track(0).id, track(500).id]);

    const before = listed.items.find((p) => p?.id === road)?.snapshot_id;
    fake.editPlaylist(road, [track(501).id]);
    const after = (await client.myPlaylists({ offset: 0 })).items.find((p) => p?.id === road)?.snapshot_id;
    expect(after).not.toBe(before);
    expect((await client.playlistTracks(road, { offset: 0 })).tracks.map((t) => t.id)).toEqual([track(501).id]);

    expect((await errorOf(client.playlistTracks(fake.playlistId('Daily Mix 1'), { offset: 0 }))).kind).toBe(
      'not-found',
    );
    expect((await errorOf(client.playlistTracks(fake.playlistId("Ana's"), { offset: 0 }))).kind).toBe('forbidden');
  });

  it('ignores public:false when told to, as Spotify did in a live test', async () => {
    const { client, fake } = await signedIn({ ignorePublicFalse: true });
    const playlist = await client.createPlaylist({ name: 'MoodDJ · Calm' });
    expect(playlist.public).toBe(true);
    expect(fake.recorded.createdPlaylists.map((p) => p.public)).toEqual([true]);
  });

  it('serves the real error bodies behind its fault switches', () => {
    const fake = createSpotifyFake({ tracks: [] });
    const { accessToken } = fake.issueTokens();
    const get = (path: string) =>
      fake.handle({
        method: 'GET',
        url: `https://api.spotify.com/v1/${path}`,
        headers: { authorization: `Bearer ${accessToken}` },
        body: null,
      });
    fake.fail.next(1, 'notRegistered');
    expect(JSON.parse(get('me').body)).toEqual({
      error: {
        status: 403,
        message: 'Check settings on developer.spotify.com/dashboard, the user may not be registered.',
      },
    });
    fake.fail.next(1, 'notRegisteredPlainText');
    const notRegistered = get('me');
    expect([notRegistered.status, notRegistered.headers['content-type'], notRegistered.body]).toEqual([
      403,
      'text/plain; charset=utf-8',
      'User not registered in the Developer Dashboard',
    ]);
    fake.fail.next(1, 'quotaExceeded');
    const quota = get('me');
    expect([quota.status, quota.headers['retry-after'], JSON.parse(quota.body)]).toEqual([
      429,
      '48925',
      { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
    ]);
    fake.fail.next(1, 'ownerPremium');
    expect(get('me').body).toMatch(/^Active premium subscription required for the owner of the app\./);
    fake.fail.next(1, 'ownerBlocked');
    expect(get('me').body).toMatch(/^Your application is blocked from accessing the Web API/);
    fake.fail.next(1, 'restrictionViolated', 'me');
    expect(JSON.parse(get('me').body)).toEqual({
      error: { status: 403, message: 'Player command failed: Restriction violated', reason: 'UNKNOWN' },
    });
    fake.fail.next(1, 'status429Empty');
    const empty429 = get('me');
    expect([empty429.status, empty429.body, empty429.headers['retry-after']]).toEqual([429, '', '1']);
    fake.fail.next(1, 'status502Html');
    const html502 = get('me');
    expect([html502.status, html502.headers['content-type']]).toEqual([502, 'text/html']);
    fake.fail.next(1, 'permissionsMissing');
    expect(JSON.parse(get('me').body)).toEqual({ error: { status: 401, message: 'Permissions missing' } });
    fake.fail.next(1, 'insufficientScope');
    const scope = get('me');
    expect([scope.status, JSON.parse(scope.body)]).toEqual([
      403,
      { error: { status: 403, message: 'Insufficient client scope' } },
    ]);
    const stale = fake.handle({
      method: 'POST',
      url: 'https://api.spotify.com/v1/me/player/queue?uri=spotify:track:abc&device_id=gone',
      headers: { authorization: `Bearer ${accessToken}` },
      body: null,
    });
    expect([stale.status, JSON.parse(stale.body)]).toEqual([
      404,
      { error: { status: 404, message: 'Device not found' } },
    ]);
    expect(fake.recorded.queue).toHaveLength(0);
  });
});

describe('fault switches', () => {
  it('status429 sends Retry-After; the client waits and succeeds', async () => {
    const { client, fake } = await signedIn({ retryAfterSec: 0 });
    fake.fail.next(2, 'status429', 'savedTracks');
    await client.me();
    expect(fake.fail.pending()).toEqual(['status429', 'status429']);
    const page = await client.savedTracks({ offset: 0 });
    expect(page.items).toHaveLength(50);
    expect(fake.recorded.log.filter((entry) => entry.endpoint === 'savedTracks').map((entry) => entry.status)).toEqual([
      429, 429, 200,
    ]);
    const answer = (() => {
      fake.fail.next(1, 'status429');
      const { accessToken } = fake.issueTokens();
      return fake.handle({
        method: 'GET',
        url: 'https://api.spotify.com/v1/me',
        headers: { authorization: `Bearer ${accessToken}` },
        body: null,
      });
    })();
    expect(answer.headers['retry-after']).toBe('0');
  });

  it('status500 is retried by the client, then mapped when it persists', async () => {
    const { client, fake } = await signedIn();
    fake.fail.next(1, 'status500');
    expect((await client.me()).id).toBe('fake-user');
    fake.fail.next(10, 'status500');
    expect((await errorOf(client.me())).kind).toBe('server');
  });

  it('malformed answers 200 with a body that is not JSON', async () => {
    const { client, fake } = await signedIn();
    fake.fail.next(1, 'malformed');
    const error = await errorOf(client.savedTracks({ offset: 0 }));
    expect(error.kind).toBe('invalid-response');
    fake.fail.next(1, 'malformed');
    await client.queue(`spotify:track:${track(1).id}`);
  });

  it('expireToken forces one refresh, after which the call succeeds', async () => {
    const { client, fake } = await signedIn();
    fake.fail.next(1, 'expireToken');
    expect((await client.me()).id).toBe('fake-user');
    expect(fake.recorded.tokenGrants.map((grant) => grant.grantType)).toEqual(['authorization_code', 'refresh_token']);
    expect(fake.recorded.log.filter((entry) => entry.endpoint === 'me').map((entry) => entry.status)).toEqual([
      401, 200,
    ]);
  });

  it('premiumRequired and noActiveDevice hit the queue only', async () => {
    const { client, fake } = await signedIn();
    fake.fail.next(1, 'premiumRequired');
    fake.fail.next(1, 'noActiveDevice');
    await client.me();
    const premium = await errorOf(client.queue(`spotify:track:${track(1).id}`));
    expect([premium.kind, premium.reason]).toEqual(['premium-required', 'PREMIUM_REQUIRED']);
    expect((await errorOf(client.queue(`spotify:track:${track(1).id}`))).kind).toBe('no-active-device');
    await client.queue(`spotify:track:${track(1).id}`);
    expect(fake.recorded.queue).toHaveLength(1);
  });

  it('slowMs delays every answer; clear() resets the switches', () => {
    const fake = createSpotifyFake({ tracks: [] });
    fake.fail.slowMs = 250;
    fake.fail.next(3, 'status500');
    expect(fake.handle({ method: 'GET', url: 'https://api.spotify.com/v1/me', headers: {}, body: null }).delayMs).toBe(
      250,
    );
    fake.fail.clear();
    expect([fake.fail.slowMs, fake.fail.pending()]).toEqual([0, []]);
  });
});

describe('the fake speaks the shapes the client validates', () => {
  const catalog = loadCatalog();

  it.skipIf(catalog === null)('serves 300 real catalogue tracks that pass the schemas', async () => {
    const real = (catalog ?? []).slice(0, 300);
    const fake = createSpotifyFake({ tracks: real, nowPlaying: real[0] ?? null, includeLocalFile: true });
    const { accessToken } = fake.issueTokens();
    const get = (path: string) =>
      JSON.parse(
        fake.handle({
          method: 'GET',
          url: `https://api.spotify.com/v1/${path}`,
          headers: { authorization: `Bearer ${accessToken}` },
          body: null,
        }).body,
      );
    expect(UserSchema.safeParse(get('me')).success).toBe(true);
    expect(DevicesSchema.safeParse(get('me/player/devices')).success).toBe(true);
    expect(CurrentlyPlayingSchema.safeParse(get('me/player/currently-playing')).success).toBe(true);
    let rows = 0;
    for (let offset = 0; offset < 301; offset += 50) {
      const page = SavedTracksPageSchema.parse(get(`me/tracks?offset=${offset}&limit=50`));
      rows += savedTrackRows(page).length;
    }
    expect(rows).toBe(300);
    const created = fake.handle({
      method: 'POST',
      url: 'https://api.spotify.com/v1/me/playlists',
      headers: { authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'x', public: false }),
    });
    expect(PlaylistSchema.safeParse(JSON.parse(created.body)).success).toBe(true);
    expect(PlaylistsPageSchema.safeParse(get('me/playlists?limit=50')).success).toBe(true);
    const id = JSON.parse(created.body).id as string;
    expect(PlaylistItemsPageSchema.safeParse(get(`playlists/${id}/items?limit=50`)).success).toBe(true);
  });
});
