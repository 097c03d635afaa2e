import type { Page } from '@playwright/test';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { expect, PanelPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibrary } from './library';

const catalog = loadCatalog();
/** A library so small that every track is suggested: only the skip can keep one out. */
const library: CatalogTrack[] = catalog ? catalog.filter((_, i) => i % 997 === 0).slice(0, 6) : [];

/** What the web player's now-playing widget says changes, as when a new track starts. */
async function showNowPlaying(page: Page, track: CatalogTrack): Promise<void> {
  await page.evaluate(
    (label) => {
      document.querySelector('[data-testid="now-playing-widget"]')?.setAttribute('aria-label', label);
    },
    `Now playing: ${track.name} by ${track.artists.join(', ')}`,
  );
}

async function suggestionIds(panel: PanelPage): Promise<string[]> {
  return (await panel.attrAll({ testid: 'suggestion' }, 'data-track-id')).map((id) => id ?? '');
}

test.describe('the DJ learns from skips', () => {
  test.skip(!catalog, 'shared data is missing');

  test('a queued track skipped in the player within 30 s is not offered again for the mood', async ({
    context,
    extensionId,
    openWebPlayer,
    openExtensionPage,
  }) => {
    const spotify = await syncLibrary(context, openExtensionPage, {
      tracks: library,
      // Without the usual "not again within N minutes", a queued track comes back at once unless it was skipped.
      settings: (options) => options.page.getByLabel('Don’t offer a track again within').fill('0'),
    });
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.pickMood('happy');
    await expect.poll(() => suggestionIds(panel).then((ids) => ids.length), { timeout: 10_000 }).toBe(library.length);

    await panel.click({ role: 'button', name: 'Queue 5' });
    await expect.poll(() => spotify.recorded.queue.length).toBe(5);
    // Nothing was skipped yet: with no "recently played" rule, all six are still offered.
    await panel.click({ role: 'button', name: 'Shuffle' });
    await expect.poll(() => suggestionIds(panel).then((ids) => ids.length)).toBe(library.length);

    // The first queued track starts; the panel's player watch sees it and the DJ reads the player.
    const first = spotify.playNext() as CatalogTrack;
    let reads = spotify.requests.currentlyPlaying;
    await showNowPlaying(page, first);
    await expect.poll(() => spotify.requests.currentlyPlaying, { timeout: 10_000 }).toBeGreaterThan(reads);
    // A few seconds in, the person presses "next": the second one starts.
    await page.waitForTimeout(3000);
    const second = spotify.playNext() as CatalogTrack;
    reads = spotify.requests.currentlyPlaying;
    await showNowPlaying(page, second);
    await expect.poll(() => spotify.requests.currentlyPlaying, { timeout: 10_000 }).toBeGreaterThan(reads);

    // The skipped track is left out for happy; the one playing on, the other queued ones and the rest stay.
    await expect
      .poll(
        async () => {
          await panel.click({ role: 'button', name: 'Shuffle' });
          return (await suggestionIds(panel)).sort();
        },
        { timeout: 10_000 },
      )
      .toEqual(
        library
          .map((t) => t.id)
          .filter((id) => id !== first.id)
          .sort(),
      );

    // Options → DJ says how the DJ learns, and counts the skip.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#dj`);
    await expect(options.locator('#skips-hint')).toContainText('won’t be offered for that mood for a week');
    await expect(options.locator('#skips-hint')).toContainText('This week: 1 skip and 0 tracks played to the end.');
    await options.locator('#skips-hint').scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${SCREENSHOT_DIR}/options-dj-skips.png` });
  });
});
