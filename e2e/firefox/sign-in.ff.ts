import { loadCatalog } from '../fakes/catalog';
import { CLIENT_ID } from '../library';
import { serveFeatures, serveSpotify } from './fakes';
import { expect, test, until } from './fixtures';
import { click, fill } from './input';

const catalog = loadCatalog();

test('Options → Connect Spotify: the fake authorizes in the sign-in window, and Options shows the account connected', async ({
  firefox,
  openExtensionPage,
}) => {
  test.skip(!catalog, 'shared/data is missing');
  const tracks = catalog?.slice(0, 20) ?? [];
  const spotify = serveSpotify(firefox, { tracks, clientId: CLIENT_ID });
  serveFeatures(firefox, catalog ?? []);
  const options = await openExtensionPage('/options.html');
  const connection = () =>
    options.evaluate(() =>
      document.querySelector('[data-testid="spotify-connection"]')?.getAttribute('data-connected'),
    );
  expect(await until(connection, 'the Spotify connection status')).toBe('false');

  await options.bringToFront();
  await fill(options, 'Client ID', CLIENT_ID);
  await click(options, { button: 'Connect Spotify' });
  await expect
    .poll(connection, {
      timeout: 20_000,
      message: 'connected',
    })
    .toBe('true')
    .catch(async (error) => {
      // What the person sees and what the fake heard, for a failure in CI.
      const seen = await options.evaluate(() => ({
        section: document.querySelector('#spotify')?.textContent?.replace(/\s+/g, ' '),
        clientId: [...document.querySelectorAll('input')].map((i) => i.value),
        focus: document.hasFocus(),
        visibility: document.visibilityState,
        active: document.activeElement?.outerHTML.slice(0, 120),
      }));
      const asked = firefox.net.seen.filter((line) => !line.includes('firefox.settings'));
      throw new Error(`${error}\nOptions: ${JSON.stringify(seen)}\nRequests: ${asked.join('\n')}`);
    });
  // The fake saw one authorization and a real code exchange for it (PKCE checked there), from Firefox's redirect URI.
  expect(spotify.recorded.authorize).toHaveLength(1);
  expect(spotify.recorded.authorize[0]?.redirectUri).toMatch(/^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/);
  expect(spotify.recorded.tokenGrants).toContainEqual({ grantType: 'authorization_code', ok: true, error: null });
});
