/*
 * A fake Spotify (accounts + Web API) for end-to-end tests. The logic is one pure, synchronous
 * `handle(request) → response` (unit-tested in spotify-server.test.ts); the Playwright adapter
 * at the bottom only moves requests in and out.
 *
 * Shapes follow the real recordings in ../shared/payloads/spotify and the February 2026 API:
 * `/me` without product/email/country, `POST /me/playlists`, `/playlists/{id}/items` (entries under `item`), and the
 * bare 403 of what was removed (`/playlists/{id}/followers/contains`, `/playlists/{id}/tracks`, …).
 */
import { createHash } from 'node:crypto';
import type { BrowserContext, Route } from '@playwright/test';
import { SPOTIFY_SCOPES } from '@/lib/spotify/pkce';
import type { CatalogTrack } from './catalog';

export const XSS_TRACK_NAME = '<img src=x onerror=alert(1)>';
export const FAKE_CLIENT_ID = 'mooddj-fake-client-id';
export const FAKE_DEVICE_ID = 'fake-web-player-chrome-0001';
export const FAKE_USER_ID = 'fake-user';
const API = 'https://api.spotify.com/v1';
const ACCOUNTS = 'https://accounts.spotify.com';
/** The newest saved track of the initial library; older ones are an hour apart each. */
const LIBRARY_NEWEST = Date.UTC(2026, 1, 1, 12, 0, 0);
const HOUR = 3_600_000;

export interface FakeRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string | null;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** How long the adapter waits before answering (the `slowMs` switch). */
  delayMs: number;
}

export type FaultKind =
  /** 429 with `Retry-After: retryAfterSec` on the next Web API call(s). */
  | 'status429'
  | 'status500'
  /** 200 with a body that is not JSON. */
  | 'malformed'
  /** The presented access token expires now: the call answers 401, and so will any later use of that token. */
  | 'expireToken'
  /** The refresh grant answers 400 invalid_grant, and the refresh token stays revoked. */
  | 'revokeRefresh'
  /** 403 PREMIUM_REQUIRED on the next queue call(s). */
  | 'premiumRequired'
  /** 404 NO_ACTIVE_DEVICE on the next queue call(s). */
  | 'noActiveDevice'
  /** 429 with `Retry-After` and an empty body (Content-Length 0), as Spotify sends it. */
  | 'status429Empty'
  /** 429 with an empty body and no `Retry-After` at all. */
  | 'status429NoRetryAfter'
  /** 502 with an HTML body, from the gateway in front of the API. */
  | 'status502Html'
  /** The request is applied (queued, playlist made, items written), then the answer is a 502. */
  | 'appliedThen502'
  /**
   * 403 `{"error":{"status":403,"message":"Check settings on developer.spotify.com/dashboard, the user may not be
   * registered."}}`: an account not on the app's list, as Spotify words it in 2026.
   */
  | 'notRegistered'
  /** The older wording of the same: plain text "User not registered in the Developer Dashboard". */
  | 'notRegisteredPlainText'
  /** 429 `QUOTA_EXCEEDED` with `Retry-After: 48925` (13.6 h): the development-mode daily quota is spent. */
  | 'quotaExceeded'
  /** Plain-text 403: the app owner's Premium lapsed ("Active premium subscription required for the owner…"). */
  | 'ownerPremium'
  /** Plain-text 403, the other wording: "Your application is blocked from accessing the Web API…". */
  | 'ownerBlocked'
  /** `403 {"message":"Player command failed: Restriction violated","reason":"UNKNOWN"}` on a queue call. */
  | 'restrictionViolated'
  /** 401 `{"error":{"status":401,"message":"Permissions missing"}}`: the token lacks a scope. */
  | 'permissionsMissing'
  /** `403 {"error":{"status":403,"message":"Forbidden"}}`: what a removed endpoint answers a development-mode app. */
  | 'endpointRemoved'
  /** `403 {"error":{"status":403,"message":"Insufficient client scope"}}`: Spotify's 2026 answer to a missing scope. */
  | 'insufficientScope';

export type Endpoint =
  | 'me'
  | 'savedTracks'
  | 'currentlyPlaying'
  | 'playerState'
  | 'devices'
  | 'queue'
  | 'play'
  | 'pause'
  | 'createPlaylist'
  /** `PUT|POST /playlists/{id}/items`: writes. */
  | 'playlistItems'
  /** `GET /playlists/{id}/items`: reads, 50 a page, each entry's track under `item`. */
  | 'readPlaylistItems'
  /** `GET /me/playlists`: the user's own and followed playlists, newest first, 50 a page. */
  | 'myPlaylists'
  /** `GET /me/library/contains?uris=…` (what the reference now names for "does the user follow this playlist"). */
  | 'libraryContains'
  /**
   * Endpoints Spotify removed in 2024–2026 (`/users/{id}/playlists`, `/playlists/{id}/tracks`,
   * `/playlists/{id}/followers/contains`, `/audio-features`, …): a bare 403.
   */
  | 'removed'
  | 'unknown'
  | 'authorize'
  | 'token';

export interface SpotifyFakeOptions {
  /** The saved library, newest first (the first track has the newest `added_at`). */
  tracks: readonly CatalogTrack[];
  /** @default FAKE_CLIENT_ID */
  clientId?: string;
  /** Put a local file (is_local, id null) second in the library. */
  includeLocalFile?: boolean;
  /** Put an item whose track id is null (not local) third in the library. */
  includeNullIdItem?: boolean;
  /**
   * Put a malformed item fourth in the library: a track without `uri` and with a text `duration_ms`, which no
   * schema accepts (one odd item in a page must not cost the other 49).
   */
  includeMalformedItem?: boolean;
  /** Ids of tracks listed with `is_playable: false`, as `/me/tracks` lists tracks the user cannot play. */
  unplayableIds?: readonly string[];
  /** Rename the first track to `XSS_TRACK_NAME`. */
  xssTrackName?: boolean;
  /** What the player reports as playing (null: 204). @default null */
  nowPlaying?: CatalogTrack | null;
  /** @default [the web player, active] */
  devices?: FakeDevice[];
  /** Access token lifetime. @default 3600 */
  expiresInSec?: number;
  /** Retry-After sent with `status429`. @default 1 */
  retryAfterSec?: number;
  /** Answer a successful queue call with 200 and a non-JSON body, as Spotify sometimes does. @default false */
  queueAnswersText?: boolean;
  /** Leave `refresh_token` out of refresh replies (a recorded behaviour). @default false */
  refreshOmitsRefreshToken?: boolean;
  /** Answer /authorize with `error=access_denied`. @default false */
  denyConsent?: boolean;
  /**
   * The redirect URIs the app lists in the dashboard; any other gets Spotify's error page "INVALID_CLIENT: Invalid
   * redirect URI" (HTTP 400, no redirect). @default any URI is accepted
   */
  registeredRedirectUris?: readonly string[];
  /**
   * Answer /authorize with Spotify's consent page (200, "Agree" / "Cancel" links) instead of redirecting at once: the
   * sign-in window opens as a page the test can click in, or close. @default false
   */
  consentPage?: boolean;
  /**
   * The app owner has no Premium: every Web API call answers the plain-text 403 "Active premium subscription
   * required for the owner of the app…", the first `/me` after sign-in included. @default false
   */
  ownerWithoutPremium?: boolean;
  /**
   * Make every playlist public whatever the create asked, as Spotify did in a live test (Sept 2026: `public:false`
   * came back `public:true`). @default false
   */
  ignorePublicFalse?: boolean;
  /**
   * Playlists the user has already, own or followed (Options' sources), listed after any made in the
   * test. Their tracks come from `tracks` and `catalog`.
   */
  playlists?: readonly FakePlaylistSeed[];
  /** Tracks the fake knows beyond the saved library, for `playlists`. @default [] */
  catalog?: readonly CatalogTrack[];
  /** @default Date.now */
  now?: () => number;
}

/** A playlist the user has before the test starts. */
export interface FakePlaylistSeed {
  name: string;
  trackIds: readonly string[];
  /** The owner's id: `FAKE_USER_ID` (@default), another user's, or `'spotify'` (editorial and algorithmic). */
  owner?: string;
  collaborative?: boolean;
  /**
   * How `GET /playlists/{id}/items` refuses a development-mode app: 404 for Spotify's own editorial and algorithmic
   * playlists (since November 2024), 403 for another user's playlist the user only follows (since March 2026).
   */
  refuse?: 403 | 404;
}

export interface FakeDevice {
  id: string | null;
  is_active: boolean;
  name: string;
  type: string;
  is_restricted?: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  scope: string;
  clientId: string;
}

interface Fault {
  kind: FaultKind;
  endpoint: Endpoint | null;
}

/** A track object as JSON; only `id` is read back. */
type TrackJson = { id: string | null } & Record<string, unknown>;

interface SavedItem {
  addedAt: number;
  track: TrackJson;
  /** Served as is, though no schema reads it (`includeMalformedItem`). */
  malformed?: true;
}

interface Playlist {
  id: string;
  name: string;
  description: string;
  public: boolean;
  uris: string[];
  snapshot: number;
  /** False once the user "deleted" it: Spotify only unfollows, the playlist stays and stays writable. */
  followed: boolean;
  /** @default FAKE_USER_ID */
  owner?: string;
  collaborative?: boolean;
  refuse?: 403 | 404;
}

export type SpotifyFake = ReturnType<typeof createSpotifyFake>;

/** The fake's state and its pure request handler. */
export function createSpotifyFake(options: SpotifyFakeOptions) {
  const clientId = options.clientId ?? FAKE_CLIENT_ID;
  const now = options.now ?? Date.now;
  const expiresInSec = options.expiresInSec ?? 3600;

  // ---- library ----------------------------------------------------------------------------
  const library: SavedItem[] = options.tracks.map((track, index) => ({
    addedAt: LIBRARY_NEWEST - index * HOUR,
    track: trackObject(track, index === 0 && options.xssTrackName ? XSS_TRACK_NAME : track.name),
  }));
  if (options.includeLocalFile) {
    library.splice(Math.min(1, library.length), 0, {
      addedAt: (library[0]?.addedAt ?? LIBRARY_NEWEST) - HOUR / 2,
      track: localTrackObject(),
    });
  }
  if (options.includeNullIdItem) {
    const template = options.tracks[0];
    library.splice(Math.min(2, library.length), 0, {
      addedAt: (library[1]?.addedAt ?? LIBRARY_NEWEST) - HOUR / 4,
      // Spotify sends these for tracks it can no longer resolve.
      track: { ...trackObject(template ?? placeholderTrack(), 'Unavailable track'), id: null, href: null },
    });
  }
  if (options.includeMalformedItem) {
    const template = options.tracks[0] ?? placeholderTrack();
    const { uri: _uri, ...track } = trackObject({ ...template, id: base62Id('malformed') }, 'Half a track');
    library.splice(Math.min(3, library.length), 0, {
      addedAt: (library[2]?.addedAt ?? LIBRARY_NEWEST) - HOUR / 8,
      track: { ...track, duration_ms: 'three minutes' },
      malformed: true,
    });
  }
  let newestAddedAt = Math.max(LIBRARY_NEWEST, ...library.map((item) => item.addedAt));
  const unplayable = new Set(options.unplayableIds ?? []);

  // ---- auth state ---------------------------------------------------------------------------
  /** How the app and its sign-in page behave; `configureSignIn` changes it mid-test. */
  const signIn = {
    registeredRedirectUris: options.registeredRedirectUris ?? null,
    consentPage: options.consentPage ?? false,
    denyConsent: options.denyConsent ?? false,
  };
  let ownerWithoutPremium = options.ownerWithoutPremium ?? false;
  const codes = new Map<string, { challenge: string; redirectUri: string; scope: string; used: boolean }>();
  const accessTokens = new Map<string, number>(); // token → expiresAt
  let currentRefresh: string | null = null;
  let lastScope = '';
  const revokedRefresh = new Set<string>();
  let serial = 0;
  const next = (prefix: string) =>
    `${prefix}-${++serial}-${createHash('sha256').update(`${prefix}${serial}`).digest('hex').slice(0, 16)}`;

  // ---- player & playlists -------------------------------------------------------------------
  let nowPlaying = options.nowPlaying ?? null;
  /** Where the fake player is in `nowPlaying`: at `progressMs` when set (`since`), moving on while playing. */
  let position = { progressMs: 30_000, playing: true, since: now() };
  /** How many of the queued URIs the fake player has moved on to (`playNext`). */
  let played = 0;
  const progressNow = () =>
    Math.min(
      nowPlaying?.durationMs ?? Number.POSITIVE_INFINITY,
      position.progressMs + (position.playing ? now() - position.since : 0),
    );
  let devices: FakeDevice[] = options.devices ?? [
    { id: FAKE_DEVICE_ID, is_active: true, name: 'Web Player (Chrome)', type: 'Computer' },
  ];
  const playlists = new Map<string, Playlist>();
  for (const [index, seed] of (options.playlists ?? []).entries()) {
    const id = base62Id(`seeded-playlist:${index}`);
    playlists.set(id, {
      id,
      name: seed.name,
      description: '',
      public: false,
      uris: seed.trackIds.map((trackId) => `spotify:track:${trackId}`),
      snapshot: 1,
      followed: true,
      owner: seed.owner ?? FAKE_USER_ID,
      collaborative: seed.collaborative ?? false,
      refuse: seed.refuse,
    });
  }
  const known = [...options.tracks, ...(options.catalog ?? [])];

  // ---- switches and records -----------------------------------------------------------------
  const faults: Fault[] = [];
  const fail = {
    /** Milliseconds every Web API and token answer waits. Settable any time. */
    slowMs: 0,
    /** The next `count` matching requests fail with `kind` (optionally only on `endpoint`). */
    next(count: number, kind: FaultKind, endpoint?: Endpoint) {
      for (let i = 0; i < count; i++) faults.push({ kind, endpoint: endpoint ?? null });
    },
    /** Faults not yet used. */
    pending(): FaultKind[] {
      return faults.map((fault) => fault.kind);
    },
    clear() {
      faults.length = 0;
      fail.slowMs = 0;
    },
  };

  const requests = Object.fromEntries(
    (
      [
        'me',
        'savedTracks',
        'currentlyPlaying',
        'playerState',
        'devices',
        'queue',
        'play',
        'pause',
        'createPlaylist',
        'playlistItems',
        'readPlaylistItems',
        'myPlaylists',
        'libraryContains',
        'removed',
        'unknown',
        'authorize',
        'token',
      ] as const
    ).map((name) => [name, 0]),
  ) as Record<Endpoint, number>;

  const recorded = {
    /** Every request, in order (method, URL, endpoint, answer status). */
    log: [] as { method: string; url: string; endpoint: Endpoint; status: number }[],
    queue: [] as { uri: string; deviceId: string | null }[],
    play: [] as { url: string; body: string | null }[],
    pause: [] as { url: string }[],
    createdPlaylists: [] as { id: string; name: string; description: string; public: boolean }[],
    playlistItems: [] as { method: 'PUT' | 'POST'; playlistId: string; uris: string[] }[],
    authorize: [] as { clientId: string; redirectUri: string; scope: string; state: string; challenge: string }[],
    tokenGrants: [] as { grantType: string; ok: boolean; error: string | null }[],
  };

  function takeFault(endpoint: Endpoint, kinds: readonly FaultKind[]): FaultKind | null {
    const index = faults.findIndex(
      (fault) => kinds.includes(fault.kind) && (fault.endpoint === null || fault.endpoint === endpoint),
    );
    if (index < 0) return null;
    const [fault] = faults.splice(index, 1);
    return fault?.kind ?? null;
  }

  function issueTokens(scope: string): IssuedTokens {
    const accessToken = next('fake-access');
    const refreshToken = next('fake-refresh');
    const expiresAt = now() + expiresInSec * 1000;
    accessTokens.set(accessToken, expiresAt);
    currentRefresh = refreshToken;
    lastScope = scope;
    return { accessToken, refreshToken, expiresAt, scope, clientId };
  }

  // ---- handlers -----------------------------------------------------------------------------
  function authorize(url: URL): FakeResponse {
    const q = url.searchParams;
    const record = {
      clientId: q.get('client_id') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
      scope: q.get('scope') ?? '',
      state: q.get('state') ?? '',
      challenge: q.get('code_challenge') ?? '',
    };
    recorded.authorize.push(record);
    // Spotify shows an error page (no redirect) for these.
    if (record.clientId !== clientId) return html(400, 'INVALID_CLIENT: Invalid client');
    const registered = signIn.registeredRedirectUris;
    if (!record.redirectUri || (registered && !registered.includes(record.redirectUri))) {
      return html(400, 'INVALID_CLIENT: Invalid redirect URI');
    }
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !record.challenge) {
      return html(400, 'Illegal parameter');
    }
    const back = (params: Record<string, string>) => {
      const location = new URL(record.redirectUri);
      for (const [name, value] of Object.entries(params)) location.searchParams.set(name, value);
      if (q.has('state')) location.searchParams.set('state', record.state);
      return location.toString();
    };
    const approve = () => {
      const code = next('fake-code');
      codes.set(code, {
        challenge: record.challenge,
        redirectUri: record.redirectUri,
        scope: record.scope,
        used: false,
      });
      return back({ code });
    };
    if (signIn.consentPage) return consentPage(approve(), back({ error: 'access_denied' }));
    const location = signIn.denyConsent ? back({ error: 'access_denied' }) : approve();
    return { status: 302, headers: { location }, body: '', delayMs: 0 };
  }

  function token(request: FakeRequest): FakeResponse {
    const form = new URLSearchParams(request.body ?? '');
    const grantType = form.get('grant_type') ?? '';
    const refuse = (error: string, description: string, status = 400) => {
      recorded.tokenGrants.push({ grantType, ok: false, error });
      return jsonResponse(status, { error, error_description: description });
    };
    if (request.method !== 'POST') return refuse('invalid_request', 'Only POST', 405);
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return refuse('invalid_request', 'Body must be form-encoded');
    }
    if (form.get('client_id') !== clientId) return refuse('invalid_client', 'Invalid client');

    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.used) return refuse('invalid_grant', 'Invalid authorization code');
      if (form.get('redirect_uri') !== code.redirectUri) return refuse('invalid_grant', 'Invalid redirect URI');
      const verifier = form.get('code_verifier') ?? '';
      if (s256(verifier) !== code.challenge) return refuse('invalid_grant', 'code_verifier was incorrect');
      code.used = true;
      const issued = issueTokens(code.scope);
      recorded.tokenGrants.push({ grantType, ok: true, error: null });
      return jsonResponse(200, {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: expiresInSec,
        refresh_token: issued.refreshToken,
        scope: issued.scope,
      });
    }

    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (takeFault('token', ['revokeRefresh'])) revokedRefresh.add(presented);
      if (revokedRefresh.has(presented)) return refuse('invalid_grant', 'Refresh token revoked');
      if (presented !== currentRefresh) return refuse('invalid_grant', 'Invalid refresh token');
      const scope = lastScope;
      const issued = issueTokens(scope);
      if (options.refreshOmitsRefreshToken) currentRefresh = presented;
      recorded.tokenGrants.push({ grantType, ok: true, error: null });
      return jsonResponse(200, {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: expiresInSec,
        ...(options.refreshOmitsRefreshToken ? {} : { refresh_token: issued.refreshToken }),
        scope,
      });
    }
    return refuse('unsupported_grant_type', `grant_type must be authorization_code or refresh_token`);
  }

  function api(request: FakeRequest, url: URL, endpoint: Endpoint): FakeResponse {
    const response = apply(request, url, endpoint);
    // A 5xx after the work was done: what makes retrying a POST unsafe.
    if (response.status < 300 && takeFault(endpoint, ['appliedThen502'])) return html(502, '502 Bad Gateway');
    return response;
  }

  function apply(request: FakeRequest, url: URL, endpoint: Endpoint): FakeResponse {
    // Expiry first: the client must refresh and repeat.
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
    if (takeFault(endpoint, ['expireToken']) && presented) accessTokens.set(presented, 0);
    if (!presented) return apiError(401, 'No token provided');
    const expiresAt = accessTokens.get(presented);
    if (expiresAt === undefined) return apiError(401, 'Invalid access token');
    if (expiresAt <= now()) return apiError(401, 'The access token expired');

    if (ownerWithoutPremium) return refusalResponse('ownerPremium');
    if (takeFault(endpoint, ['permissionsMissing'])) return apiError(401, 'Permissions missing');
    if (takeFault(endpoint, ['endpointRemoved'])) return apiError(403, 'Forbidden');
    if (takeFault(endpoint, ['insufficientScope'])) return apiError(403, 'Insufficient client scope');
    const refusal = takeFault(endpoint, [
      'notRegistered',
      'notRegisteredPlainText',
      'quotaExceeded',
      'ownerPremium',
      'ownerBlocked',
      'restrictionViolated',
    ]);
    if (refusal) return refusalResponse(refusal);
    const fault = takeFault(endpoint, [
      'status429',
      'status500',
      'malformed',
      'status429Empty',
      'status429NoRetryAfter',
      'status502Html',
    ]);
    if (fault === 'status429Empty' || fault === 'status429NoRetryAfter') {
      const retryAfter: Record<string, string> =
        fault === 'status429Empty' ? { 'retry-after': String(options.retryAfterSec ?? 1) } : {};
      return { status: 429, headers: { 'content-length': '0', ...corsHeaders, ...retryAfter }, body: '', delayMs: 0 };
    }
    if (fault === 'status502Html') return html(502, '502 Bad Gateway');
    if (fault === 'status429') {
      return jsonResponse(
        429,
        { error: { status: 429, message: 'API rate limit exceeded' } },
        {
          'retry-after': String(options.retryAfterSec ?? 1),
        },
      );
    }
    if (fault === 'status500') return apiError(500, 'Server error');
    if (fault === 'malformed') {
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"items": [',
        delayMs: 0,
      };
    }

    switch (endpoint) {
      case 'me':
        return jsonResponse(200, {
          id: FAKE_USER_ID,
          display_name: 'Fake Listener',
          images: [],
          type: 'user',
          uri: `spotify:user:${FAKE_USER_ID}`,
          href: `${API}/users/${FAKE_USER_ID}`,
          external_urls: { spotify: `https://open.spotify.com/user/${FAKE_USER_ID}` },
        });
      case 'savedTracks':
        return savedTracks(url);
      case 'currentlyPlaying':
      case 'playerState':
        return playback(endpoint);
      case 'devices':
        return jsonResponse(200, { devices: devices.map(deviceObject) });
      case 'queue':
        return queue(url);
      case 'play':
        recorded.play.push({ url: url.toString(), body: request.body });
        return noContent();
      case 'pause':
        recorded.pause.push({ url: url.toString() });
        return noContent();
      case 'createPlaylist':
        return createPlaylist(request);
      case 'playlistItems':
        return playlistItems(request, url);
      case 'readPlaylistItems':
        return readPlaylistItems(url);
      case 'myPlaylists':
        return myPlaylists(url);
      case 'libraryContains':
        return libraryContains(url);
      case 'removed':
        // Development-mode apps get a bare 403 for what was taken from them, not a 404.
        return apiError(403, 'Forbidden');
      default:
        return apiError(404, 'Service not found');
    }
  }

  function savedTracks(url: URL): FakeResponse {
    const limitText = url.searchParams.get('limit');
    const offsetText = url.searchParams.get('offset');
    const limit = limitText === null ? 20 : Number(limitText);
    const offset = offsetText === null ? 0 : Number(offsetText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return apiError(400, 'Invalid limit');
    if (!Number.isInteger(offset) || offset < 0) return apiError(400, 'Invalid offset');
    const sorted = [...library].sort((a, b) => b.addedAt - a.addedAt);
    const page = sorted.slice(offset, offset + limit);
    const pageUrl = (at: number) => `${API}/me/tracks?offset=${at}&limit=${limit}`;
    return jsonResponse(200, {
      href: pageUrl(offset),
      items: page.map((item) => ({
        added_at: isoSeconds(item.addedAt),
        track: item.track.id && unplayable.has(item.track.id) ? { ...item.track, is_playable: false } : item.track,
      })),
      limit,
      next: offset + limit < sorted.length ? pageUrl(offset + limit) : null,
      offset,
      previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
      total: sorted.length,
    });
  }

  function playback(endpoint: 'currentlyPlaying' | 'playerState'): FakeResponse {
    if (!nowPlaying) return noContent();
    const active = devices.find((device) => device.is_active);
    return jsonResponse(200, {
      timestamp: now(),
      context: null,
      progress_ms: progressNow(),
      item: trackObject(nowPlaying, nowPlaying.name),
      currently_playing_type: 'track',
      actions: { disallows: { resuming: true } },
      is_playing: position.playing,
      ...(endpoint === 'playerState' && active
        ? { device: deviceObject(active), shuffle_state: false, repeat_state: 'off' }
        : {}),
    });
  }

  function queue(url: URL): FakeResponse {
    const uri = url.searchParams.get('uri');
    if (!uri || !/^spotify:(track|episode):[A-Za-z0-9]+$/.test(uri)) return apiError(400, 'Invalid track uri');
    const deviceId = url.searchParams.get('device_id');
    const fault = takeFault('queue', ['premiumRequired', 'noActiveDevice']);
    if (fault === 'premiumRequired')
      return apiError(403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED');
    // A device id Spotify no longer knows (the web player's changes on reload): 404 without a reason.
    if (deviceId && !devices.some((device) => device.id === deviceId)) return apiError(404, 'Device not found');
    const target = deviceId ? devices.find((device) => device.id === deviceId) : devices.find((d) => d.is_active);
    if (fault === 'noActiveDevice' || !target) {
      return apiError(404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
    }
    // What Spotify answers for a track the user may not play (`unplayableIds`); nothing is queued.
    if (unplayable.has(uri.split(':')[2] ?? '')) {
      return apiError(403, 'Player command failed: Restriction violated', 'UNKNOWN');
    }
    recorded.queue.push({ uri, deviceId });
    return options.queueAnswersText
      ? { status: 200, headers: { 'content-type': 'text/plain' }, body: next('queued'), delayMs: 0 }
      : noContent();
  }

  function createPlaylist(request: FakeRequest): FakeResponse {
    const body = parseJsonBody(request.body);
    if (!body || typeof body.name !== 'string' || body.name === '') return apiError(400, 'Missing playlist name');
    const id = base62Id(`playlist:${serial + 1}`);
    serial++;
    const playlist: Playlist = {
      id,
      name: body.name,
      description: typeof body.description === 'string' ? body.description : '',
      public: body.public !== false || options.ignorePublicFalse === true,
      uris: [],
      snapshot: 1,
      followed: true,
    };
    playlists.set(id, playlist);
    recorded.createdPlaylists.push({
      id,
      name: playlist.name,
      description: playlist.description,
      public: playlist.public,
    });
    return jsonResponse(201, playlistObject(playlist));
  }

  function myPlaylists(url: URL): FakeResponse {
    const paging = pageOf(url);
    if (!paging) return apiError(400, 'Invalid limit');
    // Only what the user follows: an own playlist they "deleted" (unfollowed) is no longer listed.
    const mine = [...playlists.values()].filter((playlist) => playlist.followed).reverse();
    return jsonResponse(200, pagedList(`${API}/me/playlists`, mine.map(playlistObject), paging));
  }

  function readPlaylistItems(url: URL): FakeResponse {
    const playlist = playlists.get(decodeURIComponent(url.pathname.split('/')[3] ?? ''));
    if (!playlist) return apiError(404, 'Resource not found');
    if (playlist.refuse === 404) return apiError(404, 'Resource not found');
    if (playlist.refuse === 403) return apiError(403, 'Forbidden');
    const paging = pageOf(url);
    if (!paging) return apiError(400, 'Invalid limit');
    const byUri = new Map(known.map((track) => [`spotify:track:${track.id}`, track]));
    const entries = playlist.uris.map((uri) => {
      const track = byUri.get(uri);
      return {
        added_at: isoSeconds(now()),
        added_by: { id: FAKE_USER_ID, type: 'user', uri: `spotify:user:${FAKE_USER_ID}` },
        is_local: false,
        // The 2026 shape: the track under `item` (the deprecated `track` is left out, so a client reading it fails).
        item: track ? trackObject(track, track.name) : { id: uri.split(':')[2] ?? null, type: 'track', uri },
      };
    });
    return jsonResponse(200, pagedList(`${API}/playlists/${playlist.id}/items`, entries, paging));
  }

  function playlistItems(request: FakeRequest, url: URL): FakeResponse {
    const playlistId = decodeURIComponent(url.pathname.split('/')[3] ?? '');
    const playlist = playlists.get(playlistId);
    if (!playlist) return apiError(404, 'Resource not found');
    if (request.method !== 'PUT' && request.method !== 'POST') return apiError(405, 'Method not allowed');
    const body = parseJsonBody(request.body);
    const uris = body?.uris;
    if (!Array.isArray(uris) || !uris.every((uri): uri is string => typeof uri === 'string')) {
      return apiError(400, 'Missing uris');
    }
    if (uris.length > 100) return apiError(400, 'Too many ids requested');
    recorded.playlistItems.push({ method: request.method, playlistId, uris });
    playlist.uris = request.method === 'PUT' ? [...uris] : [...playlist.uris, ...uris];
    playlist.snapshot++;
    return jsonResponse(request.method === 'PUT' ? 200 : 201, { snapshot_id: snapshotId(playlist) });
  }

  function libraryContains(url: URL): FakeResponse {
    const uris = (url.searchParams.get('uris') ?? '').split(',').filter(Boolean);
    if (uris.length === 0 || uris.length > 40) return apiError(400, 'Invalid uris');
    return jsonResponse(
      200,
      uris.map((uri) => {
        const id = /^spotify:playlist:(.+)$/.exec(uri)?.[1];
        if (id) return playlists.get(id)?.followed ?? false;
        return library.some((item) => item.track.uri === uri);
      }),
    );
  }

  /** Answers one request. Pure apart from the fake's own state. */
  function handle(request: FakeRequest): FakeResponse {
    const url = new URL(request.url);
    const endpoint = classify(request.method, url);
    requests[endpoint]++;
    let response: FakeResponse;
    if (endpoint === 'authorize') response = authorize(url);
    else if (endpoint === 'token') response = { ...token(request), delayMs: fail.slowMs };
    else response = { ...api(request, url, endpoint), delayMs: fail.slowMs };
    recorded.log.push({ method: request.method, url: request.url, endpoint, status: response.status });
    return response;
  }

  return {
    handle,
    fail,
    requests,
    recorded,
    /** Pretend the user signed in already: tokens to seed the extension's store with. */
    issueTokens(scope = SPOTIFY_SCOPES) {
      return issueTokens(scope);
    },
    /** Changes how the app's sign-in behaves from now on (see the options of the same names). */
    configureSignIn(change: Partial<typeof signIn>) {
      Object.assign(signIn, change);
    },
    /** Whether the app's owner has Premium from now on (`ownerWithoutPremium`). */
    setOwnerPremium(hasPremium: boolean) {
      ownerWithoutPremium = !hasPremium;
    },
    /** The refresh token the fake accepts now (rotated on each refresh). */
    currentRefreshToken: () => currentRefresh,
    /** The id of the playlist called `name` (a seeded one, or one made in the test). */
    playlistId(name: string): string {
      const found = [...playlists.values()].find((playlist) => playlist.name === name);
      if (!found) throw new Error(`no playlist called ${name}`);
      return found.id;
    },
    /** Replaces a playlist's tracks, as the user editing it in Spotify: its snapshot id changes. */
    editPlaylist(id: string, trackIds: readonly string[]) {
      const playlist = playlists.get(id);
      if (!playlist) throw new Error(`no playlist ${id}`);
      playlist.uris = trackIds.map((trackId) => `spotify:track:${trackId}`);
      playlist.snapshot++;
    },
    /** Saves tracks as if the user liked them now, newest last in `tracks`. */
    addSaved(tracks: readonly CatalogTrack[]) {
      for (const track of tracks) {
        newestAddedAt += HOUR;
        library.push({ addedAt: newestAddedAt, track: trackObject(track, track.name) });
      }
    },
    removeSaved(ids: readonly string[]) {
      const drop = new Set(ids);
      for (let i = library.length - 1; i >= 0; i--) {
        const id = library[i]?.track.id;
        if (id && drop.has(id)) library.splice(i, 1);
      }
    },
    /** The library as `GET /me/tracks` lists it (ids, newest first; null for local, null-id and malformed items). */
    savedIds: () =>
      [...library].sort((a, b) => b.addedAt - a.addedAt).map((item) => (item.malformed ? null : item.track.id)),
    /** Whether `/me/tracks` lists these tracks as playable from now on (`unplayableIds` sets the start). */
    setPlayable(ids: readonly string[], playable: boolean) {
      for (const id of ids) {
        if (playable) unplayable.delete(id);
        else unplayable.add(id);
      }
    },
    /** What the player plays, from `progressMs` (@default 30 s), playing or paused (@default playing). */
    setNowPlaying(track: CatalogTrack | null, at: { progressMs?: number; playing?: boolean } = {}) {
      nowPlaying = track;
      position = { progressMs: at.progressMs ?? 30_000, playing: at.playing ?? true, since: now() };
    },
    /** Pauses or resumes the player where it is. */
    setPlaying(playing: boolean) {
      position = { progressMs: progressNow(), playing, since: now() };
    },
    /** The player moves on to the next queued track (the "next" button), from its start; null when none is left. */
    playNext(): CatalogTrack | null {
      const uri = recorded.queue[played]?.uri;
      const track = uri ? (options.tracks.find((t) => `spotify:track:${t.id}` === uri) ?? null) : null;
      if (!track) return null;
      played++;
      nowPlaying = track;
      position = { progressMs: 0, playing: true, since: now() };
      return track;
    },
    setDevices(list: FakeDevice[]) {
      devices = list;
    },
    playlist: (id: string) => playlists.get(id) ?? null,
    /** What "delete" in Spotify does to your own playlist: unfollows it. It stays, and stays writable. */
    unfollowPlaylist(id: string) {
      const playlist = playlists.get(id);
      if (!playlist) throw new Error(`No playlist ${id}`);
      playlist.followed = false;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

function placeholderTrack(): CatalogTrack {
  return {
    id: base62Id('placeholder'),
    name: 'Placeholder',
    artists: ['Nobody'],
    album: 'Nothing',
    durationMs: 180_000,
    valence: 0.5,
    energy: 0.5,
    tempo: 120,
    danceability: 0.5,
    acousticness: 0.5,
    instrumentalness: 0,
    speechiness: 0,
    liveness: 0,
    loudness: -8,
    key: 0,
    mode: 1,
    genre: 'none',
  };
}

function classify(method: string, url: URL): Endpoint {
  if (url.origin === ACCOUNTS) {
    if (url.pathname === '/authorize') return 'authorize';
    if (url.pathname === '/api/token') return 'token';
    return 'unknown';
  }
  if (url.origin !== 'https://api.spotify.com') return 'unknown';
  const path = url.pathname.replace(/\/+$/, '');
  const routes: [string, RegExp, Endpoint][] = [
    ['GET', /^\/v1\/me$/, 'me'],
    ['GET', /^\/v1\/me\/tracks$/, 'savedTracks'],
    ['GET', /^\/v1\/me\/player\/currently-playing$/, 'currentlyPlaying'],
    ['GET', /^\/v1\/me\/player$/, 'playerState'],
    ['GET', /^\/v1\/me\/player\/devices$/, 'devices'],
    ['POST', /^\/v1\/me\/player\/queue$/, 'queue'],
    ['PUT', /^\/v1\/me\/player\/play$/, 'play'],
    ['PUT', /^\/v1\/me\/player\/pause$/, 'pause'],
    ['POST', /^\/v1\/me\/playlists$/, 'createPlaylist'],
    ['PUT', /^\/v1\/playlists\/[^/]+\/items$/, 'playlistItems'],
    ['GET', /^\/v1\/me\/library\/contains$/, 'libraryContains'],
    ['POST', /^\/v1\/playlists\/[^/]+\/items$/, 'playlistItems'],
    ['GET', /^\/v1\/playlists\/[^/]+\/items$/, 'readPlaylistItems'],
    ['GET', /^\/v1\/me\/playlists$/, 'myPlaylists'],
  ];
  for (const [routeMethod, pattern, endpoint] of routes) {
    if (routeMethod === method && pattern.test(path)) return endpoint;
  }
  if (
    /^\/v1\/users\/[^/]+\/playlists$/.test(path) ||
    /^\/v1\/playlists\/[^/]+\/tracks$/.test(path) ||
    // February 2026: use `GET /me/library/contains?uris=spotify:playlist:…` instead.
    /^\/v1\/playlists\/[^/]+\/followers\/contains$/.test(path) ||
    /^\/v1\/(audio-features|audio-analysis|recommendations)\b/.test(path) ||
    (method === 'GET' && path === '/v1/tracks')
  ) {
    return 'removed';
  }
  return 'unknown';
}

/** A deterministic 22-character base62 id, like Spotify's. */
export function base62Id(seed: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let i = 0; i < 22; i++) id += alphabet[(digest[i] ?? 0) % 62];
  return id;
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function artistObject(name: string) {
  const id = base62Id(`artist:${name}`);
  return {
    external_urls: { spotify: `https://open.spotify.com/artist/${id}` },
    href: `${API}/artists/${id}`,
    id,
    name,
    type: 'artist',
    uri: `spotify:artist:${id}`,
  };
}

/** A full track object in the 2026 shape (no `popularity`, `preview_url` null). */
function trackObject(track: CatalogTrack, name: string): TrackJson {
  const albumId = base62Id(`album:${track.album}:${track.artists[0] ?? ''}`);
  const artists = track.artists.map(artistObject);
  return {
    album: {
      album_type: 'album',
      artists: artists.slice(0, 1),
      external_urls: { spotify: `https://open.spotify.com/album/${albumId}` },
      href: `${API}/albums/${albumId}`,
      id: albumId,
      images: [],
      is_playable: true,
      name: track.album,
      release_date: '2020-01-01',
      release_date_precision: 'day',
      total_tracks: 10,
      type: 'album',
      uri: `spotify:album:${albumId}`,
    },
    artists,
    disc_number: 1,
    duration_ms: track.durationMs,
    explicit: false,
    external_ids: {},
    external_urls: { spotify: `https://open.spotify.com/track/${track.id}` },
    href: `${API}/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    is_playable: true,
    name,
    preview_url: null,
    track_number: 1,
    type: 'track',
    uri: `spotify:track:${track.id}`,
  };
}

/** Shaped like the recorded local file (player-state-local-file__python-spotify). */
function localTrackObject(): TrackJson {
  return {
    album: {
      album_type: null,
      artists: [],
      external_urls: {},
      href: null,
      id: null,
      images: [],
      name: 'Bedroom Tapes',
      release_date: null,
      release_date_precision: null,
      type: 'album',
      uri: null,
    },
    artists: [{ external_urls: {}, href: null, id: null, name: 'Local Artist', type: 'artist', uri: null }],
    disc_number: 0,
    duration_ms: 128_000,
    explicit: false,
    external_ids: {},
    external_urls: {},
    href: null,
    id: null,
    is_local: true,
    name: 'Local Demo',
    preview_url: null,
    track_number: 0,
    type: 'track',
    uri: 'spotify:local:Local+Artist:Bedroom+Tapes:Local+Demo:128',
  };
}

function deviceObject(device: FakeDevice) {
  return {
    id: device.id,
    is_active: device.is_active,
    is_private_session: false,
    is_restricted: device.is_restricted ?? false,
    name: device.name,
    supports_volume: true,
    type: device.type,
    volume_percent: 100,
  };
}

/** A playlist object as `POST /me/playlists` and `GET /me/playlists` send it. */
function playlistObject(playlist: Playlist) {
  return {
    collaborative: playlist.collaborative ?? false,
    description: playlist.description,
    external_urls: { spotify: `https://open.spotify.com/playlist/${playlist.id}` },
    href: `${API}/playlists/${playlist.id}`,
    id: playlist.id,
    images: [],
    name: playlist.name,
    owner: ownerObject(playlist.owner ?? FAKE_USER_ID),
    public: playlist.public,
    snapshot_id: snapshotId(playlist),
    items: { href: `${API}/playlists/${playlist.id}/items`, total: playlist.uris.length },
    type: 'playlist',
    uri: `spotify:playlist:${playlist.id}`,
  };
}

/** `limit` (1–50, @default 20) and `offset` of a listing; null when Spotify would answer 400. */
function pageOf(url: URL): { limit: number; offset: number } | null {
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50 || !Number.isInteger(offset) || offset < 0) return null;
  return { limit, offset };
}

/** Spotify's paging object over `all`. */
function pagedList(href: string, all: readonly unknown[], { limit, offset }: { limit: number; offset: number }) {
  const at = (start: number) => `${href}?offset=${start}&limit=${limit}`;
  return {
    href: at(offset),
    items: all.slice(offset, offset + limit),
    limit,
    next: offset + limit < all.length ? at(offset + limit) : null,
    offset,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    total: all.length,
  };
}

function ownerObject(id: string) {
  const name = id === FAKE_USER_ID ? 'Fake Listener' : id === 'spotify' ? 'Spotify' : id;
  return { id, type: 'user', uri: `spotify:user:${id}`, display_name: name };
}

function snapshotId(playlist: { id: string; snapshot: number }): string {
  return Buffer.from(`${playlist.id}:${playlist.snapshot}`).toString('base64');
}

function parseJsonBody(body: string | null): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body ?? '');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const corsHeaders = { 'access-control-allow-origin': '*' };

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...corsHeaders, ...headers },
    body: JSON.stringify(body),
    delayMs: 0,
  };
}

/** The Web API error body, exactly as recorded: `{"error":{"status","message","reason"?}}`. */
function apiError(status: number, message: string, reason?: string): FakeResponse {
  return jsonResponse(status, { error: { status, message, ...(reason ? { reason } : {}) } });
}

function noContent(): FakeResponse {
  return { status: 204, headers: { ...corsHeaders }, body: '', delayMs: 0 };
}

/**
 * Spotify's consent page, much simplified: what MoodDJ asks, with "Agree" and "Cancel" links to the redirect URI
 * (with a code, or with `error=access_denied`). It does not redirect by itself, so Chrome shows the sign-in window.
 */
function consentPage(agree: string, cancel: string): FakeResponse {
  const attr = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body:
      '<!doctype html><title>Spotify</title><h1>MoodDJ would like to connect to your Spotify account</h1>' +
      `<p><a id="agree" href="${attr(agree)}">Agree</a> <a id="cancel" href="${attr(cancel)}">Cancel</a></p>`,
    delayMs: 0,
  };
}

function html(status: number, text: string): FakeResponse {
  return { status, headers: { 'content-type': 'text/html' }, body: `<!doctype html><p>${text}</p>`, delayMs: 0 };
}

// ---------------------------------------------------------------------------------------------
// Adapters

/**
 * A `fetch` served by the fake's pure handler, as the Playwright adapter would serve it, for unit tests that
 * run the real client against the fake. `before` runs ahead of each request (to change the fake mid-call).
 */
export function fetchFor(fake: Pick<SpotifyFake, 'handle'>, before?: (request: Request) => void): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    before?.(request);
    const answer = fake.handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: request.method === 'GET' ? null : await request.text(),
    });
    return new Response(answer.status === 204 || answer.status === 302 ? null : answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  };
}

async function fulfill(route: Route, fake: SpotifyFake): Promise<void> {
  const request = route.request();
  const response = fake.handle({
    method: request.method(),
    url: request.url(),
    headers: await request.allHeaders(),
    body: request.postData(),
  });
  if (response.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
  await route.fulfill({ status: response.status, headers: response.headers, body: response.body });
}

/**
 * Answers `accounts.spotify.com/authorize` through a browser-level CDP `Fetch` intercept: Chrome loads it in
 * a hidden page that `context.route` never sees (PLATFORM.md, "Driving sign-in"). Without a fake it redirects
 * with the code "fake-code". Returns a function that removes the intercept.
 */
export async function installAuthorizeIntercept(
  context: BrowserContext,
  fake?: Pick<SpotifyFake, 'handle'>,
): Promise<() => Promise<void>> {
  const cdp = await context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('installAuthorizeIntercept needs a browser CDP session (Chromium).');
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${ACCOUNTS}/authorize*` }] });
  cdp.on('Fetch.requestPaused', (event) => {
    const { requestId } = event;
    const url = event.request.url;
    const answer = (): FakeResponse => {
      if (fake) return fake.handle({ method: 'GET', url, headers: {}, body: null });
      const q = new URL(url).searchParams;
      const location = new URL(q.get('redirect_uri') ?? 'https://invalid.invalid/');
      location.searchParams.set('code', 'fake-code');
      location.searchParams.set('state', q.get('state') ?? '');
      return { status: 302, headers: { location: location.toString() }, body: '', delayMs: 0 };
    };
    const task = url.startsWith(`${ACCOUNTS}/authorize`)
      ? (() => {
          const response = answer();
          return cdp.send('Fetch.fulfillRequest', {
            requestId,
            responseCode: response.status,
            responseHeaders: Object.entries(response.headers).map(([name, value]) => ({ name, value })),
            body: Buffer.from(response.body).toString('base64'),
          });
        })()
      : cdp.send('Fetch.continueRequest', { requestId });
    // The session may close with the browser while a request is paused.
    task.catch(() => undefined);
  });
  return async () => {
    await cdp.send('Fetch.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  };
}

export interface InstalledSpotifyFake extends SpotifyFake {
  /** Removes the routes and the /authorize intercept. */
  uninstall(): Promise<void>;
}

/**
 * Serves the fake for `context`: Web API and /api/token through `context.route` (which also sees the
 * extension's service worker), /authorize through the CDP intercept. Install before the worker's first call.
 */
export async function installSpotifyFake(
  context: BrowserContext,
  options: SpotifyFakeOptions & { authorizeIntercept?: boolean },
): Promise<InstalledSpotifyFake> {
  const fake = createSpotifyFake(options);
  const handler = (route: Route) => fulfill(route, fake);
  await context.route('https://api.spotify.com/**', handler);
  await context.route(`${ACCOUNTS}/api/token`, handler);
  // The worker's own look at /authorize after a failed sign-in window (`lib/spotify/sign-in-probe.ts`): a fetch, so
  // `context.route` sees it, unlike the window's load, which only the CDP intercept reaches.
  await context.route(`${ACCOUNTS}/authorize*`, handler);
  const removeIntercept =
    options.authorizeIntercept === false ? async () => undefined : await installAuthorizeIntercept(context, fake);
  return Object.assign(fake, {
    async uninstall() {
      await context.unroute('https://api.spotify.com/**', handler);
      await context.unroute(`${ACCOUNTS}/api/token`, handler);
      await context.unroute(`${ACCOUNTS}/authorize*`, handler);
      await removeIntercept();
    },
  });
}

/** Spotify's refusals, verbatim (PLATFORM.md, "Real API behaviour worth a fake of its own"). */
export const REFUSAL_BODIES = {
  notRegistered: 'Check settings on developer.spotify.com/dashboard, the user may not be registered.',
  notRegisteredPlainText: 'User not registered in the Developer Dashboard',
  ownerPremium:
    'Active premium subscription required for the owner of the app. When the subscription status changes, it can take a few hours before requests are allowed again.',
  ownerBlocked:
    'Your application is blocked from accessing the Web API since you do not have a Spotify Premium subscription. Please upgrade your subscription.',
  quotaRetryAfterSec: 48925,
} as const;

function refusalResponse(kind: FaultKind): FakeResponse {
  // The gateway answers some before the API: plain text, not the JSON error object.
  const text = (body: string): FakeResponse => ({
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...corsHeaders },
    body,
    delayMs: 0,
  });
  switch (kind) {
    case 'notRegisteredPlainText':
      return text(REFUSAL_BODIES.notRegisteredPlainText);
    case 'ownerPremium':
      return text(REFUSAL_BODIES.ownerPremium);
    case 'ownerBlocked':
      return text(REFUSAL_BODIES.ownerBlocked);
    case 'quotaExceeded':
      return jsonResponse(
        429,
        { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
        { 'retry-after': String(REFUSAL_BODIES.quotaRetryAfterSec) },
      );
    case 'restrictionViolated':
      return jsonResponse(403, {
        error: { status: 403, message: 'Player command failed: Restriction violated', reason: 'UNKNOWN' },
      });
    default:
      return apiError(403, REFUSAL_BODIES.notRegistered);
  }
}
