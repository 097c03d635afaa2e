import type { Worker } from '@playwright/test';
import { expect, OptionsPage, PanelPage, PopupPage, test } from './fixtures';

/** The toolbar button as the browser shows it, read in the service worker. */
function toolbarButton(worker: Worker) {
  return () =>
    worker.evaluate(async () => ({
      text: await chrome.action.getBadgeText({}),
      title: await chrome.action.getTitle({}),
    }));
}

const ON = { text: '●', title: 'MoodDJ: the camera is on' };
const OFF = { text: '', title: 'MoodDJ' };

// Chromium's own fake camera (a test pattern, no face): the camera runs and reports "no face".
test.use({ extensionLaunch: { args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] } });

test('the toolbar button shows the camera is on, and clears whatever stops it', async ({
  openWebPlayer,
  openExtensionPage,
  worker,
}) => {
  const button = toolbarButton(worker);
  expect(await button()).toEqual(OFF);

  const page = await openWebPlayer();
  const panel = new PanelPage(page);
  await panel.toggleCamera();
  await expect.poll(button, { timeout: 20_000 }).toEqual(ON);
  // High contrast: the dot is white on red.
  expect(await worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([197, 34, 31, 255]);
  expect(await worker.evaluate(() => chrome.action.getBadgeTextColor({}))).toEqual([255, 255, 255, 255]);
  await expect.poll(() => panel.attr({ testid: 'camera-state' }, 'data-status'), { timeout: 20_000 }).toBe('no-face');
  expect(await button()).toEqual(ON);

  // The switch, in another surface.
  const popup = await PopupPage.open(openExtensionPage);
  await popup.cameraSwitch.click();
  await expect.poll(button).toEqual(OFF);
  await popup.cameraSwitch.click();
  await expect.poll(button, { timeout: 20_000 }).toEqual(ON);

  // "Delete everything" resets the settings, the camera switch with them.
  const options = await OptionsPage.open(openExtensionPage);
  await options.deleteEverything();
  await expect(options.page.getByText('Everything was deleted')).toBeVisible({ timeout: 30_000 });
  await expect.poll(button).toEqual(OFF);

  // On again, then the last web-player tab closes.
  await popup.page.bringToFront();
  await popup.cameraSwitch.click();
  await expect.poll(button, { timeout: 20_000 }).toEqual(ON);
  await page.close();
  await expect.poll(button).toEqual(OFF);
});
