import { SpotifyAuthError } from './errors';

/*
 * Why a sign-in window failed, asked of Spotify itself. For a Client ID it does not know, or a redirect URI the app
 * does not list, Spotify's /authorize shows an error page ("INVALID_CLIENT: Invalid client", "INVALID_CLIENT:
 * Invalid redirect URI") with HTTP 400 and never redirects. Chrome then rejects `launchWebAuthFlow` with its own
 * "Authorization page could not be loaded." (measured in Chromium 156), the same words as for no network at all; a
 * page shown without an error status would instead wait for the person to close it. Either way the words say
 * nothing of the cause, so MoodDJ loads the same /authorize address once more, without following redirects, and
 * reads the page. A good request answers with a redirect (to Spotify's log-in page), which proves nothing.
 */

const PROBE_TIMEOUT_MS = 10_000;

/** Spotify's own words on its error page, in English whatever the person's language. */
const INVALID_REDIRECT = /invalid redirect uri/i;
const INVALID_CLIENT = /invalid[_ ]client/i;

type Fetch = typeof fetch;

/**
 * The error `failure` really is: `redirect-uri` or `invalid-client` when Spotify's page says so, `network` when
 * Spotify cannot be reached and the window could not load either; otherwise `failure` itself.
 */
export async function diagnoseSignIn(
  failure: SpotifyAuthError,
  url: string,
  doFetch: Fetch,
): Promise<SpotifyAuthError> {
  if (failure.kind !== 'authorize-error' && failure.kind !== 'cancelled') return failure;
  let status: number;
  let text: string;
  try {
    const response = await doFetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    status = response.status;
    // A redirect (status 0 for `manual` in a browser) has no page to read; an error page may come as 400 or 200.
    const page = (status >= 200 && status < 300) || (status >= 400 && status < 500);
    text = page ? (await response.text()).slice(0, 100_000) : '';
  } catch (error) {
    // A closed window is the person's doing, reachable or not; a page that could not load with no network is "offline".
    if (failure.kind === 'cancelled') return failure;
    return new SpotifyAuthError('network', 'Spotify sign-in could not be reached', { cause: error });
  }
  if (text === '') return failure;
  if (INVALID_REDIRECT.test(text)) {
    return new SpotifyAuthError('redirect-uri', 'Spotify says the redirect URI is not in the app (INVALID_CLIENT)', {
      status,
      reason: 'invalid_redirect_uri',
      cause: failure,
    });
  }
  if (INVALID_CLIENT.test(text)) {
    return new SpotifyAuthError('invalid-client', 'Spotify does not know this Client ID (INVALID_CLIENT)', {
      status,
      reason: 'invalid_client',
      cause: failure,
    });
  }
  return failure;
}
