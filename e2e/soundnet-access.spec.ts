import type { Locator, Page } from '@playwright/test';
import { axeOnPage } from './axe';
import { loadCatalog } from './fakes/catalog';
import { installFeatureFakes } from './fakes/feature-servers';
import { expect, OptionsPage, SCREENSHOT_DIR, test } from './fixtures';

// SoundNet's host is an optional host permission: the install does not ask for it, "Save key" does. Chrome's
// prompt cannot be answered in headless Chromium, so the profile remembers the person allowed it before
// (e2e/launch.ts, `soundnetAllowedBefore`): Chrome then grants it without a prompt, through the real
// `permissions.request`. A refused prompt is covered by lib/ui/options/soundnet-key.test.ts and
// lib/sync/soundnet-key.test.ts.

const catalog = loadCatalog();
const GOOD_KEY = 'good-key-good-key-good-key-0001';
const SOUNDNET = { origins: ['https://track-analysis.p.rapidapi.com/*'] };

/** Whether the browser grants MoodDJ SoundNet's host now, as the extension sees it. */
const granted = (page: Page) => page.evaluate((host) => chrome.permissions.contains(host), SOUNDNET);

/** Presses `button` and expects its outcome beside it, done, with `text`. */
async function pressDone(options: OptionsPage, button: Locator, text: string | RegExp): Promise<void> {
  const outcome = await options.outcomeOf(button);
  await button.click();
  await expect(outcome).toHaveText(text, { timeout: 20_000 });
  await expect(outcome).toHaveAttribute('data-outcome', 'done');
}

test('SoundNet’s host is asked for on "Save key", shown as missing when taken back, granted again, given back with the key', async ({
  context,
  openExtensionPage,
}) => {
  test.skip(!catalog, 'shared/data is missing');
  await installFeatureFakes(context, catalog ?? [], { validKey: GOOD_KEY });
  const options = await OptionsPage.open(openExtensionPage);
  const features = options.section('features');
  const key = features.getByTestId('rapidapi-key');
  await expect(key).toBeVisible();
  // Installed without it.
  expect(await granted(options.page)).toBe(false);
  await expect(key).toContainText('Saving a key asks your browser to let MoodDJ reach track-analysis.p.rapidapi.com');

  await features.getByLabel('RapidAPI key for SoundNet').fill(GOOD_KEY);
  await pressDone(options, features.getByRole('button', { name: 'Save key' }), 'Key saved.');
  expect(await granted(options.page)).toBe(true);
  await expect(key).toHaveAttribute('data-key-set', 'true');
  await pressDone(options, features.getByRole('button', { name: 'Test key' }), /Works/);

  // Taken back, as in the browser's extension settings: the worker hears `permissions.onRemoved`.
  await options.page.evaluate((host) => chrome.permissions.remove(host), SOUNDNET);
  const missing = features.getByTestId('key-needs-access');
  await expect(missing).toContainText('SoundNet needs access to track-analysis.p.rapidapi.com');
  await expect(missing.getByRole('alert')).toBeVisible();
  await key.screenshot({ path: `${SCREENSHOT_DIR}/soundnet-needs-access.png` });
  expect(await axeOnPage(options.page)).toEqual([]);

  await pressDone(
    options,
    missing.getByRole('button', { name: 'Grant access' }),
    'Access granted: SoundNet carries on.',
  );
  await expect(missing).toHaveCount(0);
  expect(await granted(options.page)).toBe(true);

  // No key, no use for the host: it goes back with the key.
  await pressDone(options, features.getByRole('button', { name: 'Remove key' }), 'Key removed.');
  await expect(key).toHaveAttribute('data-key-set', 'false');
  await expect.poll(() => granted(options.page)).toBe(false);
});
