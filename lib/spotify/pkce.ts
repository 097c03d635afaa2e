import { SpotifyAuthError } from './errors';

/*
 * OAuth 2.0 Authorization Code with PKCE (RFC 7636), the only user flow Spotify still accepts.
 * Everything here is pure apart from `crypto`, which browsers, workers and Node 20 all provide.
 */

/**
 * Exactly what MoodDJ asks for: read the library, see what plays (the reference lists
 * `user-read-currently-playing` for currently-playing), see and queue on devices, write a playlist it asks to
 * keep off the profile, read the user's playlists and a playlist's items (`playlist-read-private`: to find a
 * playlist whose create answered 5xx, and what it holds before adding), and read whether the user still follows
 * it. That check is `GET /me/library/contains?uris=spotify:playlist:…` since February 2026, for which the
 * reference lists `user-library-read`, `user-follow-read` and `playlist-read-private`; without the middle one
 * Spotify may answer 403 "Insufficient client scope", which only a new sign-in can fix. Playlists as sources
 * read collaborative playlists too, which `playlist-read-private` alone does not list
 * (`playlist-read-collaborative`); a connection made before is asked to reconnect, saying why (`PLAYLIST_SOURCE_SCOPES`).
 */
export const SPOTIFY_SCOPES =
  'user-library-read user-read-currently-playing user-read-playback-state user-modify-playback-state playlist-modify-private playlist-read-private user-follow-read playlist-read-collaborative';

/** What reading the chosen playlists needs; a connection granted without them reconnects to read them all. */
export const PLAYLIST_SOURCE_SCOPES = ['playlist-read-private', 'playlist-read-collaborative'] as const;

/** Whether a connection's granted scopes (space-separated) lack any of `needed`. */
export function lacksScopes(granted: string, needed: readonly string[]): boolean {
  const have = new Set(granted.split(/\s+/));
  return needed.some((scope) => !have.has(scope));
}

export const AUTHORIZE_URL = 'https://accounts.spotify.com/authorize';

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * A code verifier: 48 random bytes as base64url, i.e. 64 characters from the RFC 7636 unreserved set
 * (43–128 allowed). Base64url keeps every character equally likely.
 */
export function createCodeVerifier(): string {
  return base64Url(randomBytes(48));
}

/** The S256 code challenge: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new RangeError('A PKCE code verifier has 43–128 characters from [A-Za-z0-9-._~]');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** An unguessable `state` (128 bits) tying the redirect to the request that started it. */
export function createState(): string {
  return base64Url(randomBytes(16));
}

export interface AuthorizeUrlOptions {
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  /** @default SPOTIFY_SCOPES */
  scopes?: string;
}

export function authorizeUrl({
  clientId,
  redirectUri,
  challenge,
  state,
  scopes = SPOTIFY_SCOPES,
}: AuthorizeUrlOptions): string {
  const url = new URL(AUTHORIZE_URL);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
    scope: scopes,
  }).toString();
  return url.toString();
}

/**
 * The authorization code from the redirect URL, or a SpotifyAuthError. The state is checked first: a redirect that does not
 * answer our own request is refused whatever else it says.
 */
export function parseRedirect(redirectUrl: string, expectedState: string): string {
  let params: URLSearchParams;
  try {
    params = new URL(redirectUrl).searchParams;
  } catch {
    throw new SpotifyAuthError('missing-code', 'Spotify sign-in returned an unreadable address');
  }
  if (!expectedState || params.get('state') !== expectedState) {
    throw new SpotifyAuthError(
      'state-mismatch',
      'Spotify sign-in answered a different request (state mismatch); try again',
    );
  }
  const error = params.get('error');
  if (error === 'access_denied') {
    throw new SpotifyAuthError('access-denied', 'Spotify access was not granted', { reason: error });
  }
  if (error) {
    // Spotify's error codes are fixed words; cut anyway so a strange value cannot flood the UI.
    const reason = error.slice(0, 64);
    throw new SpotifyAuthError('authorize-error', `Spotify sign-in failed (${reason})`, { reason });
  }
  const code = params.get('code');
  if (!code) throw new SpotifyAuthError('missing-code', 'Spotify sign-in returned no authorization code');
  return code;
}
