import { describe, expect, it } from 'vitest';
import { fakeFetch } from '@/test/support/spotify';
import { connect } from './auth';
import { SpotifyAuthError } from './errors';
import { diagnoseSignIn } from './sign-in-probe';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const AUTHORIZE = 'https://accounts.spotify.com/authorize?client_id=c&redirect_uri=x';
const notLoaded = () =>
  new SpotifyAuthError('authorize-error', 'Spotify sign-in failed: Authorization page could not be loaded.');
const closed = () => new SpotifyAuthError('cancelled', 'Spotify sign-in was closed before it finished');
const page = (status: number, text: string) => () =>
  new Response(`<!doctype html><p>${text}</p>`, { status, headers: { 'content-type': 'text/html' } });

describe('diagnoseSignIn: why the sign-in window failed, read from Spotify’s own page', () => {
  it('names a redirect URI the app does not list, and a Client ID Spotify does not know', async () => {
    const redirect = await diagnoseSignIn(
      notLoaded(),
      AUTHORIZE,
      fakeFetch(page(400, 'INVALID_CLIENT: Invalid redirect URI')).fetch,
    );
    expect(redirect.kind).toBe('redirect-uri');
    const client = await diagnoseSignIn(
      notLoaded(),
      AUTHORIZE,
      fakeFetch(page(400, 'INVALID_CLIENT: Invalid client')).fetch,
    );
    expect(client.kind).toBe('invalid-client');
  });

  it('asks the same address once, without following Spotify’s redirect to its log-in page', async () => {
    const { fetch, calls } = fakeFetch(page(400, 'INVALID_CLIENT: Invalid client'));
    await diagnoseSignIn(notLoaded(), AUTHORIZE, fetch);
    expect(calls.map((call) => [call.request.url, call.request.redirect])).toEqual([[AUTHORIZE, 'manual']]);
  });

  it('also reads the page after a closed window (an error page shown without an error status waits to be closed)', async () => {
    const error = await diagnoseSignIn(
      closed(),
      AUTHORIZE,
      fakeFetch(page(200, 'INVALID_CLIENT: Invalid redirect URI')).fetch,
    );
    expect(error.kind).toBe('redirect-uri');
  });

  it('keeps the failure when the request is good (a redirect) or the page says something else', async () => {
    const redirect = fakeFetch(() => new Response(null, { status: 302, headers: { location: 'https://x/login' } }));
    expect((await diagnoseSignIn(notLoaded(), AUTHORIZE, redirect.fetch)).kind).toBe('authorize-error');
    expect((await diagnoseSignIn(closed(), AUTHORIZE, redirect.fetch)).kind).toBe('cancelled');
    const other = fakeFetch(page(400, 'Illegal parameter'));
    expect((await diagnoseSignIn(notLoaded(), AUTHORIZE, other.fetch)).kind).toBe('authorize-error');
    const server = fakeFetch(page(503, 'INVALID_CLIENT: Invalid client'));
    expect((await diagnoseSignIn(notLoaded(), AUTHORIZE, server.fetch)).kind).toBe('authorize-error');
  });

  it('a window that could not load with Spotify unreachable is offline; a closed one stays closed', async () => {
    const offline = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    expect((await diagnoseSignIn(notLoaded(), AUTHORIZE, offline.fetch)).kind).toBe('network');
    expect((await diagnoseSignIn(closed(), AUTHORIZE, offline.fetch)).kind).toBe('cancelled');
  });

  it('asks nothing for a failure that says what it is (a denied consent)', async () => {
    const { fetch, calls } = fakeFetch(page(400, 'INVALID_CLIENT: Invalid client'));
    const denied = new SpotifyAuthError('access-denied', 'Spotify access was not granted');
    expect(await diagnoseSignIn(denied, AUTHORIZE, fetch)).toBe(denied);
    expect(calls).toEqual([]);
  });

  it('connect() throws the diagnosed kind when Chrome could not load the window', async () => {
    const { fetch } = fakeFetch(page(400, 'INVALID_CLIENT: Invalid redirect URI'));
    const error = await connect({
      clientId: 'c',
      redirectUri: REDIRECT,
      launchWebAuthFlow: async () => {
        throw new Error('Authorization page could not be loaded.');
      },
      fetch,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SpotifyAuthError);
    expect((error as SpotifyAuthError).kind).toBe('redirect-uri');
  });
});
