import ky, {
  type AfterResponseHook,
  HTTPError,
  type KyInstance,
  type Options,
  type RetryOptions,
  TimeoutError,
} from 'ky';
import { z } from 'zod';
import type { TrackRow } from '@/lib/db/schema';
import { t } from '@/lib/i18n';
import {
  parseRetryAfter,
  SpotifyAuthError,
  type SpotifyAuthErrorKind,
  SpotifyError,
  type SpotifyErrorKind,
} from './errors';
import {
  type CurrentlyPlaying,
  CurrentlyPlayingSchema,
  type Device,
  DevicesSchema,
  firstIssue,
  type Playlist,
  PlaylistSchema,
  readErrorBody,
  type SavedTracksPage,
  SavedTracksPageSchema,
  SnapshotSchema,
  type User,
  UserSchema,
} from './schemas';

export const API_BASE = 'https://api.spotify.com/v1/';
/** Longest Retry-After we wait inside a call; longer ones fail at once with `retryAfterMs` for the scheduler. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Spotify takes at most 100 URIs per playlist-items request. */
export const PLAYLIST_ITEMS_CHUNK = 100;
export const SAVED_TRACKS_MAX_LIMIT = 50;

export interface AccessTokens {
  accessToken(): Promise<string>;
  forceRefresh(): Promise<string>;
}

export interface SpotifyClientOptions {
  tokens: AccessTokens;
  fetch?: typeof fetch;
  /** Per attempt. @default 15_000 */
  timeoutMs?: number;
  /**
   * Retries. GET and PUT: after 429 (waiting for Retry-After), 5xx and network failures. POST (queue, create a
   * playlist, add items) is not idempotent: only after a 429 that carries Retry-After. @default 3
   */
  maxRetries?: number;
  /** Wait before retry `attempt` (1-based) when there is no Retry-After; tests pass `() => 0`. @default ky's 0.3 s × 2^(attempt−1), at most 10 s */
  retryDelayMs?: (attempt: number) => number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * A saved track as MoodDJ stores it, less the DB's own bookkeeping. `artistIds` leaves
 * null ids out (so it may be shorter than `artists`); `addedAt` is Spotify's ISO time.
 */
export type SavedTrackRow = Omit<TrackRow, 'seenInSync'>;

export interface SpotifyClient {
  me(): Promise<User>;
  /** One page of the saved library, newest first. `limit` is 1–50. */
  savedTracks(page: { offset: number; limit?: number }): Promise<SavedTracksPage>;
  /** Null when nothing is playing (204). `item` is null during ads. */
  currentlyPlaying(): Promise<CurrentlyPlaying | null>;
  devices(): Promise<Device[]>;
  /** Adds to the end of the user's queue (Premium). Never starts or pauses playback. */
  queue(uri: string, deviceId?: string): Promise<void>;
  /** Creates a playlist through `POST /me/playlists` (the per-user endpoint is gone). */
  createPlaylist(playlist: { name: string; description?: string; isPublic?: boolean }): Promise<Playlist>;
  /** Replaces the playlist's items (more than 100 URIs: the rest are appended). Returns the last snapshot id. */
  replacePlaylistItems(playlistId: string, uris: readonly string[]): Promise<string>;
  /** Appends, 100 URIs a request. Returns the last snapshot id (null when `uris` is empty). */
  addPlaylistItems(playlistId: string, uris: readonly string[]): Promise<string | null>;
  /**
   * Whether the user still follows the playlist. Spotify has no playlist deletion: "deleting" your own
   * playlist unfollows it, and it stays writable. Asks `GET /me/library/contains?uris=spotify:playlist:…`,
   * which the reference names as the replacement of the deprecated `GET /playlists/{id}/followers/contains`
   * (whose `ids` is now optional and deprecated); falls back to that one where the new one is refused.
   */
  followsPlaylist(playlistId: string): Promise<boolean>;
}

const authKinds: Record<SpotifyAuthErrorKind, SpotifyErrorKind> = {
  'state-mismatch': 'reconnect',
  'access-denied': 'reconnect',
  'authorize-error': 'reconnect',
  'missing-code': 'reconnect',
  cancelled: 'reconnect',
  'not-connected': 'not-connected',
  reconnect: 'reconnect',
  'rate-limited': 'rate-limited',
  server: 'server',
  network: 'network',
  'invalid-response': 'invalid-response',
};

export function createSpotifyClient(options: SpotifyClientOptions): SpotifyClient {
  const { tokens, timeoutMs = 15_000, maxRetries = 3 } = options;
  const now = options.now ?? Date.now;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));

  // The normalized options of calls that already refreshed once: ky hands the same object to every
  // hook of one call, across its retries.
  const refreshed = new WeakSet<object>();

  /** On the first 401 of a call: refresh, then repeat the request once. A second 401 ends as 'reconnect'. */
  const refreshOn401: AfterResponseHook = async (request, kyOptions, response) => {
    if (response.status !== 401 || refreshed.has(kyOptions)) return;
    // A missing scope is not an expired token: a refresh keeps the same scopes, so only reconnecting helps.
    const said = readErrorBody(
      await response
        .clone()
        .text()
        .catch(() => ''),
    );
    if (said && PERMISSIONS_MISSING.test(said.message)) return;
    refreshed.add(kyOptions);
    await tokens.forceRefresh();
    // Same instance, without afterResponse hooks (`undefined` clears them) and without its own retries:
    // whatever this answers goes back through the outer call's retry and error mapping.
    return api(request.clone(), { hooks: { afterResponse: undefined }, retry: 0, throwHttpErrors: false });
  };

  /** ky caps a long Retry-After at maxRetryAfter and retries anyway; Spotify has sent 19056 s. Fail fast instead. */
  const refuseLongRetryAfter: AfterResponseHook = (request, _kyOptions, response) => {
    if (response.status !== 429) return;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    if (retryAfterMs !== null && retryAfterMs > MAX_RETRY_AFTER_MS) {
      throw new SpotifyError(
        'rate-limited',
        `Spotify rate limit on ${describe(request)}: it asks to wait ${Math.ceil(retryAfterMs / 1000)} s`,
        { status: 429, retryAfterMs },
      );
    }
  };

  const api: KyInstance = ky.create({
    prefixUrl: API_BASE,
    fetch: doFetch,
    timeout: timeoutMs,
    // No `retry` here: ky deep-merges a call's retry options into the instance's and concatenates their
    // arrays, so a POST could not take 5xx out of an instance-wide list. Each call sets its own (retryFor).
    hooks: {
      beforeRequest: [
        async (request) => {
          request.headers.set('Authorization', `Bearer ${await tokens.accessToken()}`);
        },
      ],
      afterResponse: [refreshOn401, refuseLongRetryAfter],
      // ky retries anything thrown that is not an HTTPError, as if it were a network fault. Our own
      // errors (refresh refused, long Retry-After) are final.
      beforeRetry: [
        ({ request, error }) => {
          if (error instanceof SpotifyError || error instanceof SpotifyAuthError) throw error;
          // POST is not idempotent: a network failure may come after Spotify applied it. Only a 429 that
          // says when to come back proves nothing happened. (retryFor('post') makes these waits 0 ms.)
          if (request.method === 'POST' && !isRetryAfter429(error)) throw error;
        },
      ],
    },
  });

  function retryFor(method: 'get' | 'post' | 'put'): RetryOptions {
    const shared = {
      limit: maxRetries,
      afterStatusCodes: [429],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      backoffLimit: 10_000,
    };
    if (method === 'post') return { ...shared, methods: ['post'], statusCodes: [429], delay: () => 0 };
    return {
      ...shared,
      methods: ['get', 'put'],
      statusCodes: [429, 500, 502, 503, 504],
      ...(options.retryDelayMs ? { delay: options.retryDelayMs } : {}),
    };
  }

  async function send(method: 'get' | 'post' | 'put', path: string, label: string, init: Options = {}) {
    try {
      return await api(path, { ...init, method, retry: retryFor(method) });
    } catch (error) {
      throw await toSpotifyError(label, error, timeoutMs, now, method === 'post');
    }
  }

  async function getJson<T>(path: string, label: string, schema: z.ZodType<T>, init?: Options): Promise<T> {
    const response = await send('get', path, label, init);
    return parseBody(label, await readText(label, response), schema);
  }

  async function putOrPostItems(method: 'put' | 'post', playlistId: string, uris: readonly string[]): Promise<string> {
    const label = `${method.toUpperCase()} /playlists/{id}/items`;
    const response = await send(method, `playlists/${encodeURIComponent(playlistId)}/items`, label, {
      json: { uris },
    });
    return parseBody(label, await readText(label, response), SnapshotSchema).snapshot_id;
  }

  return {
    me: () => getJson('me', 'GET /me', UserSchema),

    savedTracks({ offset, limit = SAVED_TRACKS_MAX_LIMIT }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > SAVED_TRACKS_MAX_LIMIT) {
        throw new RangeError(`savedTracks limit must be 1–${SAVED_TRACKS_MAX_LIMIT}, got ${limit}`);
      }
      if (!Number.isInteger(offset) || offset < 0)
        throw new RangeError(`savedTracks offset must be ≥ 0, got ${offset}`);
      return getJson('me/tracks', 'GET /me/tracks', SavedTracksPageSchema, {
        searchParams: { offset, limit },
      });
    },

    async currentlyPlaying() {
      const label = 'GET /me/player/currently-playing';
      // Without additional_types=episode, Spotify reports podcasts with `item: null`.
      const response = await send('get', 'me/player/currently-playing', label, {
        searchParams: { additional_types: 'track,episode' },
      });
      if (response.status === 204) return null;
      const text = await readText(label, response);
      // 200 with an empty body has been seen for "nothing playing" too.
      if (text.trim() === '') return null;
      return parseBody(label, text, CurrentlyPlayingSchema);
    },

    async devices() {
      return (await getJson('me/player/devices', 'GET /me/player/devices', DevicesSchema)).devices;
    },

    async queue(uri, deviceId) {
      const searchParams = new URLSearchParams({ uri });
      if (deviceId) searchParams.set('device_id', deviceId);
      const response = await send('post', 'me/player/queue', 'POST /me/player/queue', { searchParams });
      // 204, or 200 with a body that is not JSON (web-api-ts-sdk #119/#127): both mean queued. Drain it.
      await response.arrayBuffer().catch(() => undefined);
    },

    async createPlaylist({ name, description = '', isPublic = false }) {
      const label = 'POST /me/playlists';
      const response = await send('post', 'me/playlists', label, {
        json: { name, description, public: isPublic },
      });
      return parseBody(label, await readText(label, response), PlaylistSchema);
    },

    async replacePlaylistItems(playlistId, uris) {
      let snapshot = await putOrPostItems('put', playlistId, uris.slice(0, PLAYLIST_ITEMS_CHUNK));
      for (let start = PLAYLIST_ITEMS_CHUNK; start < uris.length; start += PLAYLIST_ITEMS_CHUNK) {
        snapshot = await putOrPostItems('post', playlistId, uris.slice(start, start + PLAYLIST_ITEMS_CHUNK));
      }
      return snapshot;
    },

    async addPlaylistItems(playlistId, uris) {
      let snapshot: string | null = null;
      for (let start = 0; start < uris.length; start += PLAYLIST_ITEMS_CHUNK) {
        snapshot = await putOrPostItems('post', playlistId, uris.slice(start, start + PLAYLIST_ITEMS_CHUNK));
      }
      return snapshot;
    },

    async followsPlaylist(playlistId) {
      try {
        const [follows] = await getJson('me/library/contains', 'GET /me/library/contains', BooleansSchema, {
          searchParams: { uris: `spotify:playlist:${playlistId}` },
        });
        return follows ?? false;
      } catch (error) {
        // Refused (403 for an endpoint a development-mode app may not use, or a scope an older connection
        // lacks): ask the deprecated per-playlist check, without `ids`, which now means the current user.
        if (
          !(error instanceof SpotifyError) ||
          !['forbidden', 'not-found', 'permissions-missing'].includes(error.kind)
        ) {
          throw error;
        }
        const label = 'GET /playlists/{id}/followers/contains';
        const [follows] = await getJson(
          `playlists/${encodeURIComponent(playlistId)}/followers/contains`,
          label,
          BooleansSchema,
        );
        return follows ?? false;
      }
    },
  };
}

/** Rows for the library table: local files and items without a track id are skipped (they cannot be queued). */
export function savedTrackRows(page: Pick<SavedTracksPage, 'items'>): SavedTrackRow[] {
  const rows: SavedTrackRow[] = [];
  for (const { added_at, track } of page.items) {
    if (!track || track.is_local || !track.id) continue;
    rows.push({
      id: track.id,
      uri: track.uri,
      name: track.name,
      artists: track.artists.map((artist) => artist.name),
      artistIds: track.artists.flatMap((artist) => (artist.id ? [artist.id] : [])),
      album: track.album.name,
      durationMs: track.duration_ms,
      addedAt: added_at,
    });
  }
  return rows;
}

/** Spotify's 401 for a token without a scope the endpoint needs. */
const PERMISSIONS_MISSING = /permissions missing/i;
const BooleansSchema = z.array(z.boolean());

function isRetryAfter429(error: unknown): boolean {
  return error instanceof HTTPError && error.response.status === 429 && error.response.headers.has('retry-after');
}

function describe(request: Request): string {
  const path = new URL(request.url).pathname.replace(/^\/v1/, '');
  return `${request.method} ${path}`;
}

async function readText(label: string, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new SpotifyError('network', `${label}: the answer was cut off`, { status: response.status, cause: error });
  }
}

function parseBody<T>(label: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const what = text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
    throw new SpotifyError('invalid-response', `${label} answered with ${what}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new SpotifyError('invalid-response', `${label} answered an unexpected shape (${firstIssue(parsed.error)})`);
  }
  return parsed.data;
}

async function toSpotifyError(
  label: string,
  error: unknown,
  timeoutMs: number,
  now: () => number,
  isPost: boolean,
): Promise<unknown> {
  if (error instanceof SpotifyError) return error;
  if (error instanceof SpotifyAuthError) {
    return new SpotifyError(authKinds[error.kind], error.message, {
      status: error.status,
      retryAfterMs: error.retryAfterMs,
      reason: error.reason,
      cause: error,
    });
  }
  if (error instanceof TimeoutError) {
    // The request went out: a POST may have been applied before the answer was lost.
    if (isPost) return maybeApplied(label, null, `no answer within ${timeoutMs / 1000} s`, error);
    return new SpotifyError('network', `${label}: Spotify did not answer within ${timeoutMs / 1000} s`, {
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    if (isPost && error.response.status >= 500) return maybeApplied(label, error.response.status, null, error);
    return httpError(label, error.response, now());
  }
  if (error instanceof TypeError || (error instanceof DOMException && error.name === 'AbortError')) {
    return new SpotifyError('network', `${label}: Spotify could not be reached (${error.message})`, { cause: error });
  }
  return error;
}

function maybeApplied(label: string, status: number | null, detail: string | null, cause: unknown): SpotifyError {
  const what = detail ?? `HTTP ${status}`;
  const text = label === 'POST /me/player/queue' ? t('spotify_error_maybe_queued') : t('spotify_error_maybe_applied');
  return new SpotifyError('maybe-applied', `${text} (${label}: ${what})`, { status, cause });
}

async function httpError(label: string, response: Response, now: number): Promise<SpotifyError> {
  const { status } = response;
  const raw = await response.text().catch(() => '');
  // Empty (a 429 can come with Content-Length 0), HTML (a 502 from a proxy) or plain text (the 403 "User not
  // registered in the Developer Dashboard"): only short plain text is worth quoting.
  const body = readErrorBody(raw) ?? plainText(raw);
  const message = body?.message ?? '';
  const reason = body?.reason ?? null;
  const said = message ? `: ${message.slice(0, 200)}` : '';
  const details = { status, reason, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now) };
  const kind = kindFor(status, reason, message);
  const text: Record<SpotifyErrorKind, string> = {
    reconnect: `${label}: Spotify refused the sign-in (HTTP 401)${said}. Connect Spotify again`,
    'not-connected': `${label}: Spotify is not connected. Connect it in the options`,
    'premium-required': `${label}: Spotify says this needs Premium${said}`,
    'no-active-device': `${label}: no active Spotify device. Start playing in Spotify (the web player counts), then try again`,
    forbidden: `${t('spotify_error_forbidden')} (${label}, HTTP 403${said})`,
    'not-registered': `${t('spotify_error_not_registered')} (${label}, HTTP 403)`,
    'permissions-missing': `${t('spotify_error_permissions_missing')} (${label}, HTTP 401)`,
    'device-not-found': `${t('spotify_error_device_not_found')} (${label}, HTTP 404)`,
    'maybe-applied': `${t('spotify_error_maybe_applied')} (${label}, HTTP ${status})`,
    'not-found': `${label}: Spotify found nothing there (HTTP 404)${said}`,
    'rate-limited': `${label}: Spotify rate limit reached${details.retryAfterMs === null ? '' : `; it asks to wait ${Math.ceil(details.retryAfterMs / 1000)} s`}`,
    server: `${label}: Spotify failed (HTTP ${status})${said}`,
    network: `${label}: Spotify could not be reached`,
    'invalid-response': `${label}: unexpected answer (HTTP ${status})${said}`,
  };
  return new SpotifyError(kind, text[kind], details);
}

/** A short plain-text body, as Spotify's gateway sends for an account not on the app's user list. */
function plainText(text: string): { message: string; reason: null } | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('<') || trimmed.length > 300) return null;
  return { message: trimmed, reason: null };
}

function kindFor(status: number, reason: string | null, message: string): SpotifyErrorKind {
  if (status === 401) return PERMISSIONS_MISSING.test(message) ? 'permissions-missing' : 'reconnect';
  if (status === 403) {
    if (reason === 'PREMIUM_REQUIRED' || /premium required/i.test(message)) return 'premium-required';
    return /not registered/i.test(message) ? 'not-registered' : 'forbidden';
  }
  if (status === 404) {
    if (reason === 'NO_ACTIVE_DEVICE' || /no active device found/i.test(message)) return 'no-active-device';
    return /device not found/i.test(message) ? 'device-not-found' : 'not-found';
  }
  if (status === 429) return 'rate-limited';
  // 400 and other 4xx mean a request we built wrong; nothing the user can do beyond retrying later.
  return 'server';
}
