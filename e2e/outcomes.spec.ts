import { mkdirSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { loadCatalog } from './fakes/catalog';
import { installFeatureFakes } from './fakes/feature-servers';
import { installSpotifyFake } from './fakes/spotify-server';
import { expect, OptionsPage, PopupPage, SCREENSHOT_DIR, test } from './fixtures';
import { CLIENT_ID } from './library';

// Options never fails silently: each action says how it went right after its button, which points at
// it with aria-describedby: done as a status, failed as an alert with the reason in words.

mkdirSync(SCREENSHOT_DIR, { recursive: true });
const catalog = loadCatalog();
const GOOD_KEY = 'good-key-good-key-good-key-0001';
const NO_ANSWER = "MoodDJ's background did not answer. Try again; if it keeps failing, reload this page.";

/** Presses `button` and expects the outcome it points at: `kind`, with `text`, read out as a status or an alert. */
async function press(
  options: OptionsPage,
  button: Locator,
  kind: 'done' | 'failed',
  text: string | RegExp,
  timeout = 10_000,
): Promise<Locator> {
  const outcome = await options.outcomeOf(button);
  await button.click();
  await expect(outcome).toHaveText(text, { timeout });
  await expect(outcome).toHaveAttribute('data-outcome', kind);
  await expect(outcome.getByRole(kind === 'done' ? 'status' : 'alert')).toHaveText(text);
  return outcome;
}

/** Chrome's camera permission for MoodDJ, set as a person would in its prompt or site settings. */
async function setCameraPermission(context: BrowserContext, extensionId: string, setting: 'granted' | 'prompt') {
  const cdp = await context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('no browser');
  // Playwright cannot grant an extension origin; the DevTools protocol can.
  await cdp.send('Browser.setPermission', {
    permission: { name: 'camera' },
    setting,
    origin: `chrome-extension://${extensionId}`,
  });
}

/** Personal examples as the offscreen document keeps them, written here as the test's own look into IndexedDB. */
async function addExamples(page: Page, moods: string[]): Promise<void> {
  await page.evaluate(async (moods) => {
    const open = indexedDB.open('mooddj');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('personalExamples', 'readwrite');
      moods.forEach((mood, i) => {
        tx.objectStore('personalExamples').add({
          mood,
          at: Date.now() - i * 60_000,
          example: { version: 0 },
          implicit: false,
        });
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, moods);
}

test.describe('with a fake camera that sees no face', () => {
  test.use({ extensionLaunch: { args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] } });

  test('every action in Options says it is done beside its button; Spotify comes first until connected', async ({
    context,
    openExtensionPage,
  }) => {
    test.skip(!catalog, 'shared/data is missing');
    await installSpotifyFake(context, { tracks: catalog?.slice(0, 40) ?? [], clientId: CLIENT_ID });
    await installFeatureFakes(context, catalog ?? [], { validKey: GOOD_KEY });
    const popup = await PopupPage.open(openExtensionPage);
    await popup.pickMood('happy');
    await popup.page.close();

    const options = await OptionsPage.open(openExtensionPage);
    const page = options.page;
    await expect(options.heading).toBeVisible();
    await expect.poll(async () => (await options.sectionOrder()).sections[0]).toBe('spotify');
    expect((await options.sectionOrder()).nav[0]).toBe('spotify');

    // Camera: a calibration that sees no face says why it failed, once (not again from the live state).
    const camera = options.section('camera');
    await press(
      options,
      camera.getByRole('button', { name: 'Calibrate my neutral face' }),
      'failed',
      /Not enough of your face was seen/,
      40_000,
    );
    await expect(camera.getByText(/Not enough of your face was seen/)).toHaveCount(1);
    await camera.getByTestId('calibration').screenshot({ path: `${SCREENSHOT_DIR}/outcome-calibration-failed.png` });

    // Shortcuts: the browser's settings open in a tab.
    const opened = context.waitForEvent('page');
    await press(options, page.getByRole('button', { name: 'Change shortcuts' }), 'done', 'Opened in a new tab.');
    await (await opened).close();

    // Moods: reset.
    const reset = page.getByRole('button', { name: 'Reset all to defaults' });
    await press(options, reset, 'done', "Every mood's ranges are back to their defaults.");
    await reset.locator('..').screenshot({ path: `${SCREENSHOT_DIR}/outcome-moods-reset.png` });

    // Audio features: the key saved, then tested.
    const features = options.section('features');
    await features.getByLabel('RapidAPI key for SoundNet').fill(GOOD_KEY);
    await press(options, features.getByRole('button', { name: 'Save key' }), 'done', 'Key saved.');
    await press(options, features.getByRole('button', { name: 'Test key' }), 'done', /Works/, 20_000);
    await features.getByTestId('rapidapi-key').screenshot({ path: `${SCREENSHOT_DIR}/outcome-key-works.png` });

    // Your data: how many mood changes went, the file saved.
    const data = options.section('data');
    await press(options, data.getByTestId('delete-history'), 'done', 'Deleted 1 mood change.');
    const download = page.waitForEvent('download');
    await press(options, data.getByTestId('export-button'), 'done', /^Saved mooddj-.*\.json to your downloads\.$/);
    await download;
    await data
      .getByTestId('storage-used')
      .locator('..')
      .screenshot({ path: `${SCREENSHOT_DIR}/outcome-data-done.png` });

    // Spotify: once connected the section moves below the camera's; sync says so; disconnect too, and it moves back.
    await options.connectSpotify(CLIENT_ID);
    await expect(options.spotifyConnection).toHaveAttribute('data-connected', 'true', { timeout: 30_000 });
    await expect.poll(async () => (await options.sectionOrder()).sections[0]).toBe('camera');
    expect((await options.sectionOrder()).nav[0]).toBe('camera');
    await expect(options.syncSummary).toHaveText('40 / 40 tracks analysed', { timeout: 60_000 });
    const spotify = options.section('spotify');
    await press(options, spotify.getByRole('button', { name: 'Sync now' }), 'done', 'Sync started.');
    await spotify.getByTestId('sync-status').screenshot({ path: `${SCREENSHOT_DIR}/outcome-sync-started.png` });
    await press(options, spotify.getByRole('button', { name: 'Disconnect' }), 'done', /^Disconnected\./);
    await expect(options.spotifyConnection).toHaveAttribute('data-connected', 'false');
    await expect.poll(async () => (await options.sectionOrder()).sections[0]).toBe('spotify');
    await options.spotifyConnection.screenshot({ path: `${SCREENSHOT_DIR}/outcome-disconnected.png` });
  });

  test('deleting personal examples says so; a row that could not be deleted says why in its row', async ({
    openExtensionPage,
  }) => {
    const options = await OptionsPage.open(openExtensionPage);
    await addExamples(options.page, ['happy', 'sad', 'angry']);
    await options.reload();
    const personal = options.section('camera').getByTestId('personal-examples');
    const rows = personal.getByTestId('personal-example');
    await expect(rows).toHaveCount(3);
    // The row goes with its button: "deleted" shows under the list.
    await rows
      .first()
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expect(rows).toHaveCount(2);
    await expect(options.outcome('personal-outcome').getByRole('status')).toHaveText('Example deleted.');

    await options.page.evaluate(() => {
      chrome.runtime.sendMessage = (() => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }) as typeof chrome.runtime.sendMessage;
    });
    const failing = rows.first();
    await press(options, failing.getByRole('button', { name: /^Delete/ }), 'failed', NO_ANSWER);
    // In its own row, not the other's, nor under the list.
    await expect(failing.getByRole('alert')).toHaveText(NO_ANSWER);
    await expect(rows.nth(1).getByRole('alert')).toHaveCount(0);
    await expect(options.outcome('personal-outcome')).toHaveCount(0);
    await personal.screenshot({ path: `${SCREENSHOT_DIR}/outcome-personal-row-failed.png` });
    await options.reload();
    await press(
      options,
      personal.getByRole('button', { name: 'Delete all examples' }),
      'done',
      'All examples deleted.',
    );
    await expect(rows).toHaveCount(0);
    await personal.screenshot({ path: `${SCREENSHOT_DIR}/outcome-personal-all-deleted.png` });
  });

  test('when an action fails, Options says why beside its button, as an alert', async ({ openExtensionPage }) => {
    const options = await OptionsPage.open(openExtensionPage);
    const page = options.page;
    await expect(options.section('data').getByTestId('export-button')).toBeVisible();
    // The background stops answering this page (a worker that cannot be reached).
    await page.evaluate(() => {
      chrome.runtime.sendMessage = (() => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }) as typeof chrome.runtime.sendMessage;
    });

    const camera = options.section('camera');
    await press(options, camera.getByTestId('options-camera-switch'), 'failed', NO_ANSWER);
    await press(options, camera.getByRole('button', { name: 'Calibrate my neutral face' }), 'failed', NO_ANSWER);
    await camera.screenshot({ path: `${SCREENSHOT_DIR}/outcome-camera-failed.png` });

    const features = options.section('features');
    await features.getByLabel('RapidAPI key for SoundNet').fill(GOOD_KEY);
    await press(options, features.getByRole('button', { name: 'Save key' }), 'failed', NO_ANSWER);
    // The key stays typed, to save again.
    await expect(features.getByLabel('RapidAPI key for SoundNet')).toHaveValue(GOOD_KEY);
    await features.getByTestId('rapidapi-key').screenshot({ path: `${SCREENSHOT_DIR}/outcome-key-failed.png` });

    const data = options.section('data');
    await press(options, data.getByTestId('delete-history'), 'failed', NO_ANSWER);
    await press(options, data.getByTestId('export-button'), 'failed', NO_ANSWER);
    const outcome = await options.outcomeOf(data.getByTestId('delete-everything'));
    await options.deleteEverything();
    await expect(outcome.getByRole('alert')).toHaveText(NO_ANSWER);
    await expect(data.getByRole('alert').filter({ hasText: NO_ANSWER })).toHaveCount(3);
    await data
      .getByTestId('storage-used')
      .locator('..')
      .screenshot({ path: `${SCREENSHOT_DIR}/outcome-data-failed.png` });
  });
});

test.describe('with a camera not allowed yet', () => {
  // A fake device but no fake prompt: Chrome's prompt is dismissed, as a person closing it would.
  test.use({ extensionLaunch: { args: ['--use-fake-device-for-media-stream'] } });

  test('"Allow the camera" says when it was not allowed, and when it was', async ({
    openExtensionPage,
    context,
    extensionId,
  }) => {
    const options = await OptionsPage.open(openExtensionPage);
    const camera = options.section('camera');
    const allow = camera.getByRole('button', { name: 'Allow the camera' });
    await press(options, allow, 'failed', /The camera was not allowed\./);
    await camera
      .getByTestId('camera-permission')
      .screenshot({ path: `${SCREENSHOT_DIR}/outcome-camera-not-allowed.png` });

    // Asked again, the person says "Allow"; the button goes, what it pointed at stays.
    await setCameraPermission(context, extensionId, 'prompt');
    await options.reload();
    await expect(allow).toBeVisible();
    await setCameraPermission(context, extensionId, 'granted');
    await press(options, allow, 'done', 'Camera allowed.');
    await expect(camera.getByTestId('camera-permission')).toHaveAttribute('data-permission', 'granted');
    await camera.getByTestId('camera-permission').screenshot({ path: `${SCREENSHOT_DIR}/outcome-camera-allowed.png` });
  });
});
