import type { Page } from '@playwright/test';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { axeOnPage, axeOnPanel } from './axe';
import { expect, OptionsPage, PanelPage, PopupPage, SCREENSHOT_DIR, test } from './fixtures';

const neutralClip = sharedFile('faces/video/neutral.mjpeg');

/**
 * An example the old rule kept (a hand pick against the camera), as the database upgrade marks it.
 * Written from an extension page, as the test's own look into IndexedDB; MoodDJ's pages never write it.
 */
async function addOldRuleExample(page: Page, mood: string, at: number): Promise<void> {
  await page.evaluate(
    async ({ mood, at }) => {
      const open = indexedDB.open('mooddj');
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('personalExamples', 'readwrite');
        tx.objectStore('personalExamples').add({ mood, at, example: { version: 0 }, implicit: true });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { mood, at },
  );
}

// A mood picked by hand only chooses the music; the face is taught only through "Not how I feel: I'm …".
test.describe('with the neutral clip as the camera', () => {
  test.skip(!neutralClip, 'shared/faces/video is missing');
  test.use({ extensionLaunch: { args: neutralClip ? fakeCameraArgs(neutralClip) : [] } });

  test('"Not how I feel: I\'m sad" keeps the face, Options lists and deletes it; a mood picked against the camera adds none', async ({
    openWebPlayer,
    openExtensionPage,
  }) => {
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('neutral');
    await expect.poll(() => panel.attr({ testid: 'camera-state' }, 'data-status')).toBe('running');
    await expect.poll(() => panel.isVisible({ testid: 'teach-open' })).toBe(true);
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-teach-offered.png`);

    await panel.click({ testid: 'teach-open' });
    await expect.poll(() => panel.count({ testid: 'teach-choice' })).toBe(4);
    expect(await panel.attrAll({ testid: 'teach-choice' }, 'data-mood')).not.toContain('neutral');
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-teach-choices.png`);
    expect(await axeOnPanel(page)).toEqual([]);
    await panel.click({ name: 'Keep this face as “Sad”', role: 'button' });
    await expect.poll(() => panel.text({ testid: 'teach-outcome' })).toBe('Kept: MoodDJ will read this face as “Sad”.');
    await panel.screenshot(`${SCREENSHOT_DIR}/panel-teach-kept.png`);
    // Teaching is not a pick: the music still follows the camera.
    expect(await panel.text({ testid: 'mood-badge' })).not.toContain('Picked by hand');

    const options = await OptionsPage.open(openExtensionPage);
    const section = options.section('camera');
    const examples = section.getByTestId('personal-example');
    await expect(examples).toHaveCount(1);
    await expect(examples.first()).toHaveAttribute('data-mood', 'sad');
    await expect(examples.first()).toHaveAttribute('data-implicit', 'false');
    await expect(examples.first()).toContainText('Sad');
    await section.getByTestId('personal-examples').scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SCREENSHOT_DIR}/options-personal-examples.png` });

    // "I look tired, play me something happy": a pick against the running camera chooses the music, and the
    // face learns nothing from it (under the old rule it became an example of the mood picked).
    const reading = await panel.mood();
    expect(await panel.attr({ testid: 'camera-state' }, 'data-status')).toBe('running');
    const picked = reading === 'happy' ? 'angry' : 'happy';
    await panel.pickMood(picked);
    await expect.poll(() => panel.mood()).toBe(picked);
    expect(await panel.isVisible({ testid: 'teach-open' })).toBe(false);
    await page.waitForTimeout(1000);
    await options.page.reload();
    await expect(examples).toHaveCount(1);
    await expect(examples.first()).toHaveAttribute('data-mood', 'sad');

    await section.getByRole('button', { name: /^Delete the Sad example from / }).click();
    await expect(examples).toHaveCount(0);
    await expect(section.getByText('No personal examples yet.')).toBeVisible();
  });

  test('the popup teaches the face too, and asks once about the examples the old rule kept', async ({
    openWebPlayer,
    openExtensionPage,
  }) => {
    const panel = new PanelPage(await openWebPlayer());
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 20_000 }).toBe('neutral');

    const popup = await PopupPage.open(openExtensionPage);
    await popup.page.setViewportSize({ width: 352, height: 760 });
    await expect(popup.moodBadge).toHaveAttribute('data-mood', 'neutral');
    // Kept before the update by the old rule; the popup asks about it once MoodDJ counts its examples again.
    await addOldRuleExample(popup.page, 'angry', Date.now() - 86_400_000);

    await popup.page.getByTestId('teach-open').click();
    await expect(popup.page.getByTestId('teach-choice')).toHaveCount(4);
    await popup.page.screenshot({ path: `${SCREENSHOT_DIR}/popup-teach-choices.png`, fullPage: true });
    expect(await axeOnPage(popup.page)).toEqual([]);
    await popup.page.getByRole('button', { name: 'Keep this face as “Happy”' }).click();
    await expect(popup.page.getByTestId('teach-outcome')).toHaveText('Kept: MoodDJ will read this face as “Happy”.');
    await expect(popup.page.getByTestId('teach-open')).toBeFocused();

    const notice = popup.page.getByTestId('implicit-examples');
    await expect(notice).toContainText('It kept 1 example that way');
    await popup.page.screenshot({ path: `${SCREENSHOT_DIR}/popup-teach-kept-and-old-examples.png`, fullPage: true });
    expect(await axeOnPage(popup.page)).toEqual([]);

    const options = await OptionsPage.open(openExtensionPage);
    const section = options.section('camera');
    const examples = section.getByTestId('personal-example');
    await expect(examples).toHaveCount(2);
    await expect(section.locator('[data-implicit="true"]')).toContainText('Angry');
    await expect(section.locator('[data-implicit="true"]')).toContainText('from a mood pick');
    await expect(section.getByTestId('implicit-examples')).toBeVisible();
    await section.getByTestId('personal-examples').scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SCREENSHOT_DIR}/options-old-rule-examples.png` });

    await section.getByRole('button', { name: 'Clear them' }).click();
    await expect(examples).toHaveCount(1);
    await expect(examples.first()).toHaveAttribute('data-mood', 'happy');
    await expect(section.getByTestId('implicit-examples')).toHaveCount(0);
    await expect(notice).toHaveCount(0);
  });
});
