import { loadCatalog } from './fakes/catalog';
import { expect, PanelPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibrary } from './library';
import { OptionsPage } from './pages/options';

const catalog = loadCatalog();
const library = catalog ? catalog.filter((_, i) => i % 991 === 0).slice(0, 12) : [];

test.describe('Spotify’s daily quota', () => {
  test.skip(!catalog, 'shared data is missing');

  test('after QUOTA_EXCEEDED MoodDJ asks Spotify nothing, says until when on every surface, and counts its requests', async ({
    context,
    openWebPlayer,
    openExtensionPage,
  }) => {
    const spotify = await syncLibrary(context, openExtensionPage, { tracks: library });
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.pickMood('happy');
    // The quota runs out on the next Web API call, whichever it is (Spotify: 429, reason QUOTA_EXCEEDED,
    // Retry-After 48925 s).
    spotify.fail.next(1, 'quotaExceeded');
    await panel.click({ role: 'button', name: 'Queue 5' });
    await expect
      .poll(() => panel.attr({ testid: 'spotify-refusal' }, 'data-reason'), { timeout: 10_000 })
      .toBe('quota');
    expect(await panel.text({ testid: 'spotify-refusal' })).toMatch(/daily request quota/);
    const answered = spotify.recorded.log.length;
    expect(spotify.recorded.log.at(-1)?.status).toBe(429);

    // Everything a person can do that would ask Spotify: nothing is sent.
    await panel.click({ role: 'button', name: 'Queue 5' });
    await page.evaluate(() =>
      document.querySelector('[data-testid="now-playing-widget"]')?.setAttribute('aria-label', 'Now playing: X by Y'),
    );
    const options = new OptionsPage(await openExtensionPage('/options.html'));
    await options.page.getByRole('button', { name: 'Sync now' }).click();
    await expect(options.page.getByTestId('spotify-refusal')).toBeVisible();
    await expect(options.page.getByTestId('spotify-usage')).toContainText('in the last hour');
    await page.waitForTimeout(4000);
    expect(spotify.recorded.log.slice(answered).map((entry) => `${entry.method} ${entry.endpoint}`)).toEqual([]);
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-quota.png`);
    await options.page.locator('#spotify').screenshot({ path: `${SCREENSHOT_DIR}/options-quota.png` });
  });
});
