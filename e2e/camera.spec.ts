import { resolve } from 'node:path';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { offscreenMarks } from '../scripts/bench/mood-probes';
import { shippedViews } from '../scripts/build/appearance-assets';
import { expect, offscreenOpen, PanelPage, SCREENSHOT_DIR, test } from './fixtures';

const happyClip = sharedFile('faces/video/happy.mjpeg');
const changeClip = sharedFile('faces/video/neutral-to-happy.mjpeg');

test.describe('with the happy clip as the camera', () => {
  test.skip(!happyClip, 'shared/faces/video is missing');
  test.use({ extensionLaunch: { args: happyClip ? fakeCameraArgs(happyClip) : [] } });

  test('the panel shows happy, and the camera stops with the last Spotify tab', async ({ openWebPlayer, context }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('happy');
    await expect.poll(() => panel.attr({ testid: 'camera-state' }, 'data-status')).toBe('running');
    expect(await panel.isVisible({ role: 'meter', name: 'Confidence', within: 'mood-badge' })).toBe(true);
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-happy.png`);
    await page.close();
    await expect.poll(() => offscreenOpen(context)).toBe(false);
  });

  test('every shipped appearance model loads, after the first mood', async ({ openWebPlayer, context }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('happy');
    // The offscreen document marks which views it fuses once they have loaded; all of them, or one failed.
    const views = ['mlp', ...shippedViews(resolve(import.meta.dirname, '..'))].join('+');
    await expect
      .poll(async () => Object.keys(await offscreenMarks(context)), { timeout: 30_000 })
      .toContain(`appearance:${views}`);
    const marks = await offscreenMarks(context);
    expect(marks.appearance).toBeGreaterThanOrEqual(marks.mood ?? Number.POSITIVE_INFINITY);
  });

  test('turning the camera off in the popup turns the camera off', async ({
    openWebPlayer,
    openExtensionPage,
    context,
  }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('happy');
    const popup = await openExtensionPage('/popup.html');
    await popup.getByTestId('camera-switch').click();
    await expect.poll(() => panel.cameraSwitch()).toBe(false);
    await expect.poll(() => panel.mood()).toBe('');
    await expect(popup.getByTestId('camera-state')).toHaveAttribute('data-status', 'off');
    await expect.poll(() => offscreenOpen(context)).toBe(false);
  });
});

for (const mood of ['sad', 'angry', 'surprised', 'neutral'] as const) {
  const clip = sharedFile(`faces/video/${mood}.mjpeg`);
  test.describe(`with the ${mood} clip as the camera`, () => {
    test.skip(!clip, 'shared/faces/video is missing');
    test.use({ extensionLaunch: { args: clip ? fakeCameraArgs(clip) : [] } });

    test(`the panel shows ${mood}, and keeps showing it`, async ({ openWebPlayer }) => {
      const page = await openWebPlayer();
      const panel = new PanelPage(page);
      await panel.toggleCamera();
      await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe(mood);
      // A fixed wait on purpose: "keeps showing it" means the mood does not flip during it.
      await page.waitForTimeout(3000);
      expect(await panel.mood()).toBe(mood);
      // Never connected is not "signed out": the panel only offers to connect.
      expect(await panel.text()).not.toContain('Spotify signed MoodDJ out');
      expect(await panel.isVisible({ role: 'button', name: 'Connect Spotify' })).toBe(true);
      await panel.screenshot(`${SCREENSHOT_DIR}/panel-${mood}.png`);
    });
  });
}

test.describe('with the neutral-to-happy clip as the camera', () => {
  test.skip(!changeClip, 'shared/faces/video is missing');
  test.use({ extensionLaunch: { args: changeClip ? fakeCameraArgs(changeClip) : [] } });

  test('the panel moves from neutral to happy, announcing it', async ({ openWebPlayer }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('neutral');
    await expect.poll(() => panel.mood(), { timeout: 15_000 }).toBe('happy');
    await expect.poll(() => panel.text({ css: '[aria-live="polite"]' })).toBe('Mood: Happy');
  });
});

test.describe("with Chromium's default fake camera (no face)", () => {
  test.use({ extensionLaunch: { args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] } });

  test('the panel says there is no face in view', async ({ openWebPlayer }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.attr({ testid: 'camera-state' }, 'data-status'), { timeout: 20_000 }).toBe('no-face');
    expect(await panel.isVisible({ text: 'No face in view' })).toBe(true);
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-no-face.png`);
  });
});

test.describe('with the camera not granted yet', () => {
  // A fake device but no fake-UI flag: the offscreen document gets "Permission dismissed".
  test.use({
    extensionLaunch: {
      args: happyClip ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${happyClip}`] : [],
    },
  });
  test.skip(!happyClip, 'shared/faces/video is missing');

  test('the panel offers the grant page, and a grant there starts the camera', async ({
    openWebPlayer,
    context,
    extensionId,
  }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect
      .poll(() => panel.attr({ testid: 'camera-state' }, 'data-status'), { timeout: 20_000 })
      .toBe('not-allowed');
    expect(await panel.isVisible({ text: 'Camera not allowed yet' })).toBe(true);
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-not-allowed.png`);

    const grantPage = context.waitForEvent('page');
    await panel.click({ role: 'button', name: 'Allow the camera', within: 'camera-state' });
    const grant = await grantPage;
    await expect(grant.getByRole('heading', { name: 'Allow the camera for MoodDJ' })).toBeVisible();

    // The person says "Allow": done through CDP, as Playwright cannot grant an extension origin.
    const browser = context.browser();
    if (!browser) throw new Error('no browser');
    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.setPermission', {
      permission: { name: 'camera' },
      setting: 'granted',
      origin: `chrome-extension://${extensionId}`,
    });
    await grant.getByRole('button', { name: 'Allow the camera' }).click();
    await expect(grant.getByText('Done. The camera is allowed')).toBeVisible();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('happy');
  });
});

const neutralClip = sharedFile('faces/video/neutral.mjpeg');

test.describe('calibration with the neutral clip', () => {
  test.skip(!neutralClip, 'shared/faces/video is missing');
  test.use({ extensionLaunch: { args: neutralClip ? fakeCameraArgs(neutralClip) : [] } });

  test('options captures a neutral baseline without a web player open, then clears it', async ({
    openExtensionPage,
    context,
  }) => {
    const options = await openExtensionPage('/options.html');
    const calibration = options.getByTestId('calibration');
    await expect(calibration).toHaveAttribute('data-state', 'none');
    await options.getByRole('button', { name: 'Calibrate my neutral face' }).click();
    await expect(calibration).toHaveAttribute('data-state', 'running');
    await expect(calibration).toHaveAttribute('data-state', 'set', { timeout: 30_000 });
    await expect(calibration.getByText(/^Calibrated on/)).toBeVisible();
    await options.getByTestId('calibration').scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${SCREENSHOT_DIR}/options-calibrated.png`, fullPage: true });
    // The camera was only on for calibration; with no web player open it goes off again.
    await expect.poll(() => offscreenOpen(context), { timeout: 10_000 }).toBe(false);

    await options.getByRole('button', { name: 'Clear calibration' }).click();
    await expect(calibration).toHaveAttribute('data-state', 'none');
    await options.reload();
    await expect(options.getByTestId('calibration')).toHaveAttribute('data-state', 'none');
  });
});
