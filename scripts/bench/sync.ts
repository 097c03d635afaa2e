/**
 * Library-sync figures, in Chromium against the fake Spotify server: listing and
 * storing a 10,000-track library, the Spotify requests it takes, and a re-sync with
 * nothing new.
 */
import { loadCatalog } from '../../e2e/fakes/catalog';
import { installFeatureFakes } from '../../e2e/fakes/feature-servers';
import { installSpotifyFake } from '../../e2e/fakes/spotify-server';
import { launchWithExtension } from '../../e2e/launch';

const LIBRARY = 10_000;
const CLIENT_ID = '0123456789abcdef0123456789abcdef';

export async function benchSync(): Promise<Record<string, unknown>> {
  const catalog = loadCatalog();
  if (!catalog) return {};
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const spotify = await installSpotifyFake(context, { tracks: catalog.slice(0, LIBRARY), clientId: CLIENT_ID });
    await installFeatureFakes(context, catalog);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    // Feature fetching is not what this measures: slow it right down.
    await options.getByLabel('Requests per minute, at most').fill('1');
    await options.getByLabel('Client ID').fill(CLIENT_ID);
    const summary = options.getByTestId('sync-summary');
    const started = Date.now();
    await options.getByRole('button', { name: 'Connect Spotify' }).click();
    await summary
      .filter({ hasText: `/ ${LIBRARY.toLocaleString('en')} tracks analysed` })
      .waitFor({ timeout: 120_000 });
    const listMs = Date.now() - started;
    const listRequests = spotify.requests.savedTracks;

    const before = spotify.requests.savedTracks;
    await options.getByRole('button', { name: 'Sync now' }).click();
    await options.waitForFunction(() => !document.querySelector('[data-testid="sync-status"][data-phase="listing"]'));
    await options.waitForTimeout(1000);
    return {
      sync_list_10k_ms: listMs,
      sync_requests_10k: listRequests,
      sync_resync_requests: spotify.requests.savedTracks - before,
    };
  } finally {
    await close();
  }
}
