import { expect, targetsOfType, test } from './fixtures';
import { fakeCameraArgs, sharedFile } from './shared';

const happyClip = sharedFile('faces/video/happy.mjpeg');

test.describe('with the happy clip as the camera', () => {
  test.skip(!happyClip, 'shared/faces/video is missing');
  test.use({ extensionLaunch: { args: happyClip ? fakeCameraArgs(happyClip) : [] } });

  test('the panel shows happy, and the camera stops with the last Spotify tab', async ({ openWebPlayer, context }) => {
    const page = await openWebPlayer();
    await page.getByTestId('camera-switch').click();
    await expect(page.getByTestId('mood-badge')).toHaveAttribute('data-mood', 'happy', { timeout: 20_000 });
    await expect(page.getByTestId('camera-state')).toHaveAttribute('data-status', 'running');
    await page.close();
    await expect
      .poll(async () =>
        (await targetsOfType(context, 'background_page')).some((t) => t.url.endsWith('/offscreen.html')),
      )
      .toBe(false);
  });
});
