import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { expect, OptionsPage, PanelPage, SCREENSHOT_DIR, test } from './fixtures';

const neutralClip = sharedFile('faces/video/neutral.mjpeg');

// "That's not me": a hand pick right after a camera reading keeps the face as a personal example.
test.describe('with the neutral clip as the camera', () => {
  test.skip(!neutralClip, 'shared/faces/video is missing');
  test.use({ extensionLaunch: { args: neutralClip ? fakeCameraArgs(neutralClip) : [] } });

  test('picking sad while the camera reads neutral adds a personal example that Options lists and deletes', async ({
    openWebPlayer,
    openExtensionPage,
  }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('neutral');
    await expect.poll(() => panel.attr({ testid: 'camera-state' }, 'data-status')).toBe('running');
    await panel.pickMood('sad');
    await expect.poll(() => panel.mood()).toBe('sad');

    const options = await OptionsPage.open(openExtensionPage);
    const section = options.section('camera');
    const examples = section.getByTestId('personal-example');
    await expect(examples).toHaveCount(1);
    await expect(examples.first()).toHaveAttribute('data-mood', 'sad');
    await expect(examples.first()).toContainText('Sad');
    await section.getByTestId('personal-examples').scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SCREENSHOT_DIR}/options-personal-examples.png` });

    // A second pick while the pick (not the camera) is in effect is not a correction of the camera.
    await panel.pickMood('angry');
    await expect.poll(() => panel.mood()).toBe('angry');
    await page.waitForTimeout(500);
    await expect(examples).toHaveCount(1);

    await section.getByRole('button', { name: /^Delete the Sad example from / }).click();
    await expect(examples).toHaveCount(0);
    await expect(section.getByText('No personal examples yet.')).toBeVisible();
  });
});
