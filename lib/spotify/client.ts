import ky, { type AfterResponseHook, type KyInstance, type Options, type RetryOptions } from 'ky';
import { z } from 'zod';
import type { TrackRow } from '@/lib/db/schema';
import { parseRetryAfter, QUEUE_ENDPOINT, SpotifyAuthError, SpotifyError } from './errors';
import { OPEN_GATE, type SpotifyGate } from './gate';
import { isRetryAfter429, PERMISSIONS_MISSING, parseBody, readText, toSpotifyError } from './http-errors';
import { type PlaylistReads, playlistReads } from './playlist-reads';
import {
  type CurrentlyPlaying,
  CurrentlyPlayingSchema,
  type Device,
  DevicesSchema,
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
  /** Asked before every request; while Spotify refuses MoodDJ, nothing is sent. @default OPEN_GATE */
  gate?: SpotifyGate;
  /** Told of every HTTP request that goes out (retries and the repeat after a token refresh included). */
  onRequest?: () => void;
}

/**
 * A saved track as MoodDJ stores it, less the DB's own bookkeeping. `artistIds` leaves
 * null ids out (so it may be shorter than `artists`); `addedAt` is Spotify's ISO time.
 */
export type SavedTrackRow = Omit<TrackRow, 'seenInSync' | 'sources'>;

export interface SpotifyClient extends PlaylistReads {
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
   * Whether the user still follows the playlist (Spotify has no playlist deletion: "deleting" your own playlist
   * unfollows it, and it stays writable), through `GET /me/library/contains?uris=spotify:playlist:…`. Null when
   * Spotify refuses the question (a bare 403, as removed endpoints answer, or a 404): unknown, which callers take
   * as "still followed". A missing scope still throws, so the person is asked to reconnect.
   */
  followsPlaylist(playlistId: string): Promise<boolean | null>;
}

export function createSpotifyClient(options: SpotifyClientOptions): SpotifyClient {
  const { tokens, timeoutMs = 15_000, maxRetries = 3 } = options;
  const now = options.now ?? Date.now;
  const gate = options.gate ?? OPEN_GATE;
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

  /**
   * ky caps a long Retry-After at maxRetryAfter and retries anyway; Spotify has sent 19056 s. Fail fast instead.
   * A spent quota (reason QUOTA_EXCEEDED) is never retried: each retry would count against it.
   */
  const refuseLongRetryAfter: AfterResponseHook = async (request, _kyOptions, response) => {
    if (response.status !== 429) return;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    const said = readErrorBody(
      await response
        .clone()
        .text()
        .catch(() => ''),
    );
    if (said?.reason === 'QUOTA_EXCEEDED') {
      throw new SpotifyError(
        'quota-exceeded',
        `Spotify's daily quota for this app is used up (${describe(request)})${retryAfterMs === null ? '' : `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s`}`,
        { status: 429, retryAfterMs, reason: said.reason },
      );
    }
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
          options.onRequest?.();
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
    // Outside the try: a request the gate holds back never reached Spotify and says nothing new.
    await gate.admit(label);
    try {
      const response = await api(path, { ...init, method, retry: retryFor(method) });
      await gate.record({ ok: true });
      return response;
    } catch (error) {
      const mapped = await toSpotifyError(label, error, timeoutMs, now, method === 'post');
      await gate.record({ error: mapped });
      throw mapped;
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
      const response = await send('post', 'me/player/queue', QUEUE_ENDPOINT, { searchParams });
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
        return follows ?? null;
      } catch (error) {
        // No fallback: the old `GET /playlists/{id}/followers/contains` was removed in February 2026 and answers
        // a bare 403. A refusal leaves the answer unknown; a missing scope ('insufficient-scope') is not caught.
        if (error instanceof SpotifyError && (error.kind === 'forbidden' || error.kind === 'not-found')) return null;
        throw error;
      }
    },

    ...playlistReads(getJson),
  };
}

/**
 * Rows for the library table: local files and items without a track id are skipped (they cannot be queued).
 * A track Spotify marks `is_playable: false` is kept, flagged, so it is never suggested, queued or added.
 */
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
      playable: track.is_playable !== false,
    });
  }
  return rows;
}

const BooleansSchema = z.array(z.boolean());

function describe(request: Request): string {
  const path = new URL(request.url).pathname.replace(/^\/v1/, '');
  return `${request.method} ${path}`;
}
