import { describe, expect, it } from 'vitest';
import { createMemoryTokenStore, fakeFetch, json, rejectionOf, tokens } from '@/test/support/spotify';
import { connect, createTokenProvider, TOKEN_URL, TokensSchema } from './auth';
import { SpotifyAuthError } from './errors';
import { codeChallenge } from './pkce';

const REDIRECT = 'https://abcdefgh.chromiumapp.org/';

/** A launchWebAuthFlow that plays Spotify: redirects with `code` and the request's own state. */
function approvingFlow(code = 'auth-code-123') {
  const urls: URL[] = [];
  return {
    urls,
    launch: async (url: string) => {
      const parsed = new URL(url);
      urls.push(parsed);
      return `${REDIRECT}?code=${code}&state=${encodeURIComponent(parsed.searchParams.get('state') ?? '')}`;
    },
  };
}

describe('connect', () => {
  it('exchanges the code with the verifier whose S256 challenge went to /authorize', async () => {
    const flow = approvingFlow();
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        access_token: 'A1',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'R1',
        scope: 'user-library-read',
      }),
    );
    const result = await connect({
      clientId: 'cid',
      redirectUri: REDIRECT,
      launchWebAuthFlow: flow.launch,
      fetch,
      now: () => 1_000,
    });
    expect(result).toEqual({
      accessToken: 'A1',
      refreshToken: 'R1',
      expiresAt: 1_000 + 3_600_000,
      scope: 'user-library-read',
      clientId: 'cid',
    });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.request.url).toBe(TOKEN_URL);
    expect(call?.request.method).toBe('POST');
    expect(call?.request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(call?.body);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe('auth-code-123');
    expect(form.get('redirect_uri')).toBe(REDIRECT);
    expect(form.get('client_id')).toBe('cid');
    const challenge = flow.urls[0]?.searchParams.get('code_challenge');
    expect(await codeChallenge(form.get('code_verifier') ?? '')).toBe(challenge);
    expect(flow.urls[0]?.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(TokensSchema.safeParse(result).success).toBe(true);
  });

  it('refuses a redirect carrying another state, and never calls the token endpoint', async () => {
    const { fetch, calls } = fakeFetch(() => json(500, {}));
    const error = await rejectionOf(
      connect({
        clientId: 'cid',
        redirectUri: REDIRECT,
        launchWebAuthFlow: async () => `${REDIRECT}?code=stolen&state=attacker`,
        fetch,
      }),
    );
    expect(error).toBeInstanceOf(SpotifyAuthError);
    expect((error as SpotifyAuthError).kind).toBe('state-mismatch');
    expect(calls).toHaveLength(0);
  });

  it('reports a denied consent, a closed window and a failed window', async () => {
    // Spotify's /authorize, asked again after a failed window, redirects to its log-in: nothing to read there.
    const { fetch } = fakeFetch(() => new Response(null, { status: 302, headers: { location: 'https://x/login' } }));
    const kind = async (launch: (url: string) => Promise<string | undefined>) =>
      (
        (await rejectionOf(
          connect({ clientId: 'c', redirectUri: REDIRECT, launchWebAuthFlow: launch, fetch }),
        )) as SpotifyAuthError
      ).kind;
    expect(
      await kind(async (url) => `${REDIRECT}?error=access_denied&state=${new URL(url).searchParams.get('state')}`),
    ).toBe('access-denied');
    expect(await kind(async () => undefined)).toBe('cancelled');
    expect(
      await kind(async () => {
        throw new Error('The user did not approve access.');
      }),
    ).toBe('cancelled');
    expect(
      await kind(async () => {
        throw new Error('Authorization page could not be loaded.');
      }),
    ).toBe('authorize-error');
  });

  it('turns a refused code into reconnect without leaking the code or verifier', async () => {
    const { fetch, calls } = fakeFetch((_request, body) => {
      const form = new URLSearchParams(body);
      // A hostile server echoing our secrets back.
      return json(400, {
        error: 'invalid_grant',
        error_description: `bad ${form.get('code')} ${form.get('code_verifier')}`,
      });
    });
    const error = (await rejectionOf(
      connect({ clientId: 'cid', redirectUri: REDIRECT, launchWebAuthFlow: approvingFlow('SECRETCODE').launch, fetch }),
    )) as SpotifyAuthError;
    expect(error.kind).toBe('reconnect');
    expect(error.reason).toBe('invalid_grant');
    const verifier = new URLSearchParams(calls[0]?.body).get('code_verifier') ?? 'missing';
    expect(error.message).not.toContain('SECRETCODE');
    expect(error.message).not.toContain(verifier);
    expect(error.message).toContain('[redacted]');
  });

  it('insists on a refresh token in the code exchange', async () => {
    const { fetch } = fakeFetch(() => json(200, { access_token: 'A', token_type: 'Bearer', expires_in: 3600 }));
    const error = (await rejectionOf(
      connect({ clientId: 'cid', redirectUri: REDIRECT, launchWebAuthFlow: approvingFlow().launch, fetch }),
    )) as SpotifyAuthError;
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('refresh_token');
  });
});

describe('createTokenProvider', () => {
  const refreshReply = (n: number, withRefresh = true) =>
    json(200, {
      access_token: `A${n}`,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'user-library-read',
      ...(withRefresh ? { refresh_token: `R${n}` } : {}),
    });

  it('hands out the stored token while it is fresh, without a request', async () => {
    const { fetch, calls } = fakeFetch(() => refreshReply(2));
    const store = createMemoryTokenStore(tokens({ expiresAt: 200_000 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    expect(await provider.accessToken()).toBe('access-1');
    expect(calls).toHaveLength(0);
  });

  it('refreshes ahead of expiry (inside skewMs) and saves the rotated refresh token', async () => {
    const { fetch, calls } = fakeFetch(() => refreshReply(2));
    const store = createMemoryTokenStore(tokens({ expiresAt: 150_000 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    expect(await provider.accessToken()).toBe('A2');
    const form = new URLSearchParams(calls[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_id: 'client-abc',
    });
    expect(await store.get()).toEqual({
      accessToken: 'A2',
      refreshToken: 'R2',
      expiresAt: 100_000 + 3_600_000,
      scope: 'user-library-read',
      clientId: 'client-abc',
    });
  });

  it('keeps the old refresh token when the reply omits it (recorded behaviour)', async () => {
    const { fetch } = fakeFetch(() => refreshReply(2, false));
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    expect(await provider.forceRefresh()).toBe('A2');
    expect((await store.get())?.refreshToken).toBe('refresh-1');
  });

  it('rotates on every refresh: each uses the newest refresh token', async () => {
    let n = 1;
    const { fetch, calls } = fakeFetch(() => refreshReply(++n));
    const store = createMemoryTokenStore(tokens());
    const provider = createTokenProvider({ store, fetch, now: () => 0 });
    await provider.forceRefresh();
    await provider.forceRefresh();
    expect(calls.map((call) => new URLSearchParams(call.body).get('refresh_token'))).toEqual(['refresh-1', 'R2']);
    expect(store.writes.map((t) => t.refreshToken)).toEqual(['R2', 'R3']);
  });

  it('shares one refresh between concurrent callers', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, calls } = fakeFetch(async () => {
      await gate;
      return refreshReply(2);
    });
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    const all = Promise.all([
      provider.accessToken(),
      provider.accessToken(),
      provider.forceRefresh(),
      provider.accessToken(),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect(await all).toEqual(['A2', 'A2', 'A2', 'A2']);
    expect(calls).toHaveLength(1);
    expect(store.writes).toHaveLength(1);
  });

  it('turns invalid_grant into reconnect, remembers it, and never posts the dead token again', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(400, { error: 'invalid_grant', error_description: 'Refresh token revoked: refresh-1' }),
    );
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    const error = (await rejectionOf(provider.accessToken())) as SpotifyAuthError;
    expect(error).toBeInstanceOf(SpotifyAuthError);
    expect(error.kind).toBe('reconnect');
    expect(error.status).toBe(400);
    expect(error.message).not.toContain('refresh-1');
    expect(calls).toHaveLength(1);
    // The flag is stored with the tokens, so it outlives this provider.
    expect(await store.get()).toEqual(tokens({ expiresAt: 0, refusedAt: 100_000 }));
    // Every later call (a heartbeat every 20 s per tab) is refused here, with no request.
    for (let i = 0; i < 5; i++) {
      expect(((await rejectionOf(provider.accessToken())) as SpotifyAuthError).kind).toBe('reconnect');
      expect(((await rejectionOf(provider.forceRefresh())) as SpotifyAuthError).kind).toBe('reconnect');
    }
    // A restarted worker builds a new provider over the same store: still no request.
    const restarted = createTokenProvider({ store, fetch, now: () => 200_000 });
    expect(((await rejectionOf(restarted.accessToken())) as SpotifyAuthError).kind).toBe('reconnect');
    expect(calls).toHaveLength(1);
  });

  it('forgets the refused token when the user connects again', async () => {
    let refuse = true;
    const { fetch, calls } = fakeFetch(() =>
      refuse ? json(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' }) : refreshReply(3),
    );
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    await rejectionOf(provider.accessToken());
    expect(calls).toHaveLength(1);
    // connect() hands fresh tokens to store.set: the new connection carries no refusal.
    refuse = false;
    await store.set(tokens({ accessToken: 'A-new', refreshToken: 'R-new', expiresAt: 0 }));
    expect(await provider.accessToken()).toBe('A3');
    expect(calls).toHaveLength(2);
    expect(new URLSearchParams(calls[1]?.body).get('refresh_token')).toBe('R-new');
  });

  it('a refusal that arrives after a new connection does not mark the new tokens dead', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch } = fakeFetch(async () => {
      await gate;
      return json(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
    });
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    const pending = rejectionOf(provider.accessToken());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.set(tokens({ accessToken: 'A-new', refreshToken: 'R-new', expiresAt: 10_000_000 }));
    release();
    expect(((await pending) as SpotifyAuthError).kind).toBe('reconnect');
    expect((await store.get())?.refusedAt).toBeUndefined();
    expect(await provider.accessToken()).toBe('A-new');
  });

  it('a refresh that finishes after Disconnect does not bring the tokens back (compare-and-set)', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, calls } = fakeFetch(async () => {
      await gate;
      return refreshReply(2);
    });
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    const pending = rejectionOf(provider.accessToken());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toHaveLength(1);
    await store.clear(); // Disconnect, or Delete everything, while the refresh is out.
    release();
    expect(((await pending) as SpotifyAuthError).kind).toBe('not-connected');
    expect(await store.get()).toBeNull();
    expect(store.writes).toHaveLength(0);
  });

  it('a refresh that finishes after a new connection hands out the new tokens, not its own', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch } = fakeFetch(async () => {
      await gate;
      return refreshReply(2);
    });
    const store = createMemoryTokenStore(tokens({ expiresAt: 0 }));
    const provider = createTokenProvider({ store, fetch, now: () => 100_000 });
    const pending = provider.forceRefresh();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = tokens({ accessToken: 'A-new', refreshToken: 'R-new', expiresAt: 10_000_000 });
    await store.set(fresh);
    release();
    expect(await pending).toBe('A-new');
    expect(await store.get()).toEqual(fresh);
  });

  it('maps 401 to reconnect, but 429 and 5xx and a dead network to their own kinds', async () => {
    const kindFor = async (answer: () => Response | Promise<Response>) => {
      const { fetch } = fakeFetch(answer);
      const provider = createTokenProvider({ store: createMemoryTokenStore(tokens()), fetch, now: () => 0 });
      return (await rejectionOf(provider.forceRefresh())) as SpotifyAuthError;
    };
    expect((await kindFor(() => json(401, { error: 'invalid_client' }))).kind).toBe('reconnect');
    const limited = await kindFor(() => new Response('', { status: 429, headers: { 'Retry-After': '7' } }));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate-limited', 7000]);
    expect((await kindFor(() => new Response('oops', { status: 503 }))).kind).toBe('server');
    expect(
      (
        await kindFor(() => {
          throw new TypeError('fetch failed');
        })
      ).kind,
    ).toBe('network');
    expect((await kindFor(() => new Response('<html>', { status: 200 }))).kind).toBe('invalid-response');
  });

  it('says not-connected when the store is empty', async () => {
    const provider = createTokenProvider({ store: createMemoryTokenStore(null) });
    expect(((await rejectionOf(provider.accessToken())) as SpotifyAuthError).kind).toBe('not-connected');
  });
});
