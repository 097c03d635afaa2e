import { z } from 'zod';
import { parseRetryAfter, redact, SpotifyAuthError } from './errors';
import { authorizeUrl, codeChallenge, createCodeVerifier, createState, parseRedirect, SPOTIFY_SCOPES } from './pkce';
import { CodeTokenResponseSchema, firstIssue, RefreshTokenResponseSchema, readErrorBody } from './schemas';
import { diagnoseSignIn } from './sign-in-probe';

export const TOKEN_URL = 'https://accounts.spotify.com/api/token';
const TOKEN_TIMEOUT_MS = 15_000;

export interface Tokens {
  accessToken: string;
  /** Rotated by Spotify on each refresh: always store the newest. */
  refreshToken: string;
  /** Epoch ms after which the access token is refused. */
  expiresAt: number;
  /** Space-separated scopes Spotify granted. */
  scope: string;
  /** The user's own app (development mode allows 5 users per app, so each user brings one). */
  clientId: string;
  /**
   * When Spotify refused `refreshToken` (revoked, expired, app deleted). Stored with the tokens so a worker
   * restart remembers it too: no token request is made again until the user connects anew.
   */
  refusedAt?: number;
}

/** For a store that reads tokens back from IndexedDB: validate before use. */
export const TokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAt: z.number(),
  scope: z.string(),
  clientId: z.string().min(1),
  refusedAt: z.number().optional(),
});

export interface TokenStore {
  get(): Promise<Tokens | null>;
  /** A new connection: replaces whatever is stored, a refused refresh token included. */
  set(tokens: Tokens): Promise<void>;
  /**
   * Compare-and-set, atomically: stores `next` only while the stored tokens are still `expected` (same access
   * and refresh token). False when they are not: the user disconnected, deleted everything or connected anew
   * while a refresh was under way, and the refresh's result must not bring old tokens back.
   */
  replace(expected: Tokens, next: Tokens): Promise<boolean>;
  clear(): Promise<void>;
}

/** Whether `stored` is still the token pair `expected` (what a compare-and-set compares). */
export function sameTokens(stored: Tokens | null, expected: Tokens): boolean {
  return (
    stored !== null &&
    stored.accessToken === expected.accessToken &&
    stored.refreshToken === expected.refreshToken &&
    stored.clientId === expected.clientId
  );
}

type Fetch = typeof fetch;
// Bound late: an unbound `fetch` stored on an object throws "Illegal invocation" in workers.
const globalFetch: Fetch = (input, init) => fetch(input, init);

export interface ConnectOptions {
  clientId: string;
  /** `browser.identity.getRedirectURL()`, registered in the user's Spotify app. */
  redirectUri: string;
  /** `(url) => browser.identity.launchWebAuthFlow({ url, interactive: true })`. */
  launchWebAuthFlow: (url: string) => Promise<string | undefined>;
  fetch?: Fetch;
  /** @default Date.now */
  now?: () => number;
  /** @default SPOTIFY_SCOPES */
  scopes?: string;
}

/**
 * Signs the user in with PKCE and exchanges the code for tokens. The caller stores them.
 * Throws SpotifyAuthError: `cancelled`, `access-denied`, `state-mismatch`, `missing-code`, `redirect-uri`,
 * `invalid-client`, `authorize-error`, `network`, or a token-endpoint kind.
 */
export async function connect(options: ConnectOptions): Promise<Tokens> {
  const { clientId, redirectUri, scopes = SPOTIFY_SCOPES } = options;
  const now = options.now ?? Date.now;
  const verifier = createCodeVerifier();
  const state = createState();
  const url = authorizeUrl({ clientId, redirectUri, challenge: await codeChallenge(verifier), state, scopes });

  const doFetch = options.fetch ?? globalFetch;
  let redirect: string | undefined;
  try {
    redirect = await options.launchWebAuthFlow(url);
  } catch (error) {
    // Chrome's words do not tell a redirect URI missing from the app from no network: Spotify's page does.
    throw await diagnoseSignIn(authFlowError(error), url, doFetch);
  }
  if (!redirect) throw new SpotifyAuthError('cancelled', 'Spotify sign-in was closed before it finished');
  const code = parseRedirect(redirect, state);

  const startedAt = now();
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    code_verifier: verifier,
  });
  const reply = await requestToken(doFetch, body, CodeTokenResponseSchema, [code, verifier]);
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token,
    expiresAt: startedAt + reply.expires_in * 1000,
    scope: reply.scope ?? scopes,
    clientId,
  };
}

/** `launchWebAuthFlow` rejects with Chrome's own sentences, which hold no secrets. */
function authFlowError(error: unknown): SpotifyAuthError {
  const message = error instanceof Error ? error.message : String(error);
  if (/did not approve|user cancel|closed/i.test(message)) {
    return new SpotifyAuthError('cancelled', 'Spotify sign-in was closed before it finished', { cause: error });
  }
  return new SpotifyAuthError('authorize-error', `Spotify sign-in failed: ${message}`, { cause: error });
}

export interface TokenProvider {
  /** A valid access token, refreshed first when it expires within `skewMs`. */
  accessToken(): Promise<string>;
  /** Refreshes now (after a 401) and returns the new access token. */
  forceRefresh(): Promise<string>;
}

export interface TokenProviderOptions {
  store: TokenStore;
  fetch?: Fetch;
  /** @default Date.now */
  now?: () => number;
  /** Refresh this long before `expiresAt`. @default 60_000 */
  skewMs?: number;
}

/**
 * Hands out access tokens from the store, refreshing ahead of expiry. Concurrent callers share one
 * refresh (two parallel refreshes would each rotate the refresh token, and one would lose). A refused
 * refresh throws `kind: 'reconnect'` and is remembered in the store (`refusedAt`): from then on every call
 * throws `reconnect` without a request, until a new connection replaces the tokens. A refresh's result is
 * saved only if the stored tokens are still the ones it started from (compare-and-set).
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { store, skewMs = 60_000 } = options;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? globalFetch;
  let inflight: Promise<Tokens> | null = null;

  async function stored(): Promise<Tokens> {
    const tokens = await store.get();
    if (!tokens) throw new SpotifyAuthError('not-connected', 'Spotify is not connected: connect it in the options');
    if (tokens.refusedAt !== undefined) {
      throw new SpotifyAuthError('reconnect', 'Spotify refused the sign-in earlier: connect Spotify again', {
        reason: 'refused-before',
      });
    }
    return tokens;
  }

  async function refreshNow(): Promise<Tokens> {
    const old = await stored();
    const startedAt = now();
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: old.refreshToken,
      client_id: old.clientId,
    });
    let reply: z.infer<typeof RefreshTokenResponseSchema>;
    try {
      reply = await requestToken(doFetch, body, RefreshTokenResponseSchema, [old.refreshToken, old.accessToken]);
    } catch (error) {
      // Without this, every heartbeat of every web-player tab would post the dead token again. Only marks the
      // tokens this refresh started from: a connection made meanwhile stays good.
      if (error instanceof SpotifyAuthError && error.kind === 'reconnect') {
        await store.replace(old, { ...old, refusedAt: now() });
      }
      throw error;
    }
    const next: Tokens = {
      accessToken: reply.access_token,
      refreshToken: reply.refresh_token ?? old.refreshToken,
      expiresAt: startedAt + reply.expires_in * 1000,
      scope: reply.scope ?? old.scope,
      clientId: old.clientId,
    };
    // Disconnect or Delete everything while the request was out: the store is empty and must stay so.
    // A new connection meanwhile: its tokens win. Either way, what is stored now is the answer.
    if (!(await store.replace(old, next))) return stored();
    return next;
  }

  function refresh(): Promise<Tokens> {
    inflight ??= refreshNow().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  return {
    async accessToken() {
      if (inflight) return (await inflight).accessToken;
      const tokens = await stored();
      if (now() < tokens.expiresAt - skewMs) return tokens.accessToken;
      return (await refresh()).accessToken;
    },
    async forceRefresh() {
      return (await refresh()).accessToken;
    },
  };
}

/**
 * One POST to the token endpoint, no retry. Error text from the server is redacted against the
 * secrets sent, so a server that echoes them cannot leak them into a log.
 */
async function requestToken<T>(
  doFetch: Fetch,
  body: URLSearchParams,
  schema: z.ZodType<T>,
  secrets: readonly string[],
): Promise<T> {
  const grant = body.get('grant_type') === 'refresh_token' ? 'refresh' : 'code exchange';
  let response: Response;
  let text: string;
  try {
    response = await doFetch(TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new SpotifyAuthError('network', `Spotify sign-in server could not be reached (token ${grant})`, {
      cause: error,
    });
  }

  if (!response.ok) throw tokenHttpError(response, text, grant, secrets);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SpotifyAuthError('invalid-response', `Spotify token ${grant} answered with a body that is not JSON`, {
      status: response.status,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new SpotifyAuthError(
      'invalid-response',
      `Spotify token ${grant} answered an unexpected shape (${firstIssue(parsed.error)})`,
      { status: response.status },
    );
  }
  return parsed.data;
}

function tokenHttpError(response: Response, text: string, grant: string, secrets: readonly string[]): SpotifyAuthError {
  const { status } = response;
  const body = readErrorBody(text);
  const reason = body?.reason ?? null;
  const detail = body?.message ?? '';
  const said = redact([reason, detail].filter(Boolean).join(': '), secrets).slice(0, 200);
  const suffix = said ? ` (${said})` : '';
  if (status === 400 || status === 401 || reason === 'invalid_grant') {
    return new SpotifyAuthError(
      'reconnect',
      `Spotify refused the sign-in (token ${grant}, HTTP ${status})${suffix}: connect Spotify again`,
      { status, reason },
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return new SpotifyAuthError('rate-limited', `Spotify sign-in server is rate limiting (token ${grant})${suffix}`, {
      status,
      reason,
      retryAfterMs,
    });
  }
  return new SpotifyAuthError('server', `Spotify sign-in server failed (token ${grant}, HTTP ${status})${suffix}`, {
    status,
    reason,
  });
}
