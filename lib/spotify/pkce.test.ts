import { describe, expect, it } from 'vitest';
import { SpotifyAuthError } from './errors';
import { authorizeUrl, codeChallenge, createCodeVerifier, createState, parseRedirect, SPOTIFY_SCOPES } from './pkce';

describe('PKCE', () => {
  it('matches the RFC 7636 Appendix B test vector', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43–128 unreserved characters, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const verifier = createCodeVerifier();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
  });

  it('refuses a verifier outside the RFC alphabet or length', async () => {
    await expect(codeChallenge('short')).rejects.toThrow(RangeError);
    await expect(codeChallenge(`${'a'.repeat(43)}+`)).rejects.toThrow(RangeError);
  });

  it('makes unguessable states', () => {
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createState()).not.toBe(createState());
  });

  it('asks for exactly the seven scopes MoodDJ needs', () => {
    expect(SPOTIFY_SCOPES).toBe(
      'user-library-read user-read-currently-playing user-read-playback-state user-modify-playback-state playlist-modify-private playlist-read-private user-follow-read playlist-read-collaborative',
    );
  });

  it('builds the authorize URL with S256', () => {
    const url = new URL(
      authorizeUrl({ clientId: 'cid', redirectUri: 'https://x.chromiumapp.org/', challenge: 'chal', state: 'st' }),
    );
    expect(url.origin + url.pathname).toBe('https://accounts.spotify.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      redirect_uri: 'https://x.chromiumapp.org/',
      code_challenge_method: 'S256',
      code_challenge: 'chal',
      state: 'st',
      scope: SPOTIFY_SCOPES,
    });
  });
});

describe('parseRedirect', () => {
  const base = 'https://abc.chromiumapp.org/';
  const kindOf = (url: string, state = 'good') => {
    try {
      parseRedirect(url, state);
    } catch (error) {
      expect(error).toBeInstanceOf(SpotifyAuthError);
      return (error as SpotifyAuthError).kind;
    }
    return 'ok';
  };

  it('returns the code when the state matches', () => {
    expect(parseRedirect(`${base}?code=the-code&state=good`, 'good')).toBe('the-code');
  });

  it('refuses a state mismatch, a missing state, and an empty expected state', () => {
    expect(kindOf(`${base}?code=c&state=evil`)).toBe('state-mismatch');
    expect(kindOf(`${base}?code=c`)).toBe('state-mismatch');
    expect(kindOf(`${base}?code=c&state=`, '')).toBe('state-mismatch');
  });

  it('checks the state before believing an error', () => {
    expect(kindOf(`${base}?error=access_denied&state=evil`)).toBe('state-mismatch');
  });

  it('reports access_denied, other errors, and a missing code', () => {
    expect(kindOf(`${base}?error=access_denied&state=good`)).toBe('access-denied');
    expect(kindOf(`${base}?error=invalid_scope&state=good`)).toBe('authorize-error');
    expect(kindOf(`${base}?state=good`)).toBe('missing-code');
    expect(kindOf('not a url')).toBe('missing-code');
  });

  it('never puts the code in an error message', () => {
    try {
      parseRedirect(`${base}?code=SECRET-CODE&state=evil`, 'good');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('SECRET-CODE');
    }
  });
});
