import type { Page } from '@playwright/test';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { expect, OptionsPage, PanelPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibrary } from './library';

const catalog = loadCatalog();
const happyClip = sharedFile('faces/video/happy.mjpeg');
const library: CatalogTrack[] = catalog ? catalog.filter((_, i) => i % 150 === 0).slice(0, 200) : [];

/**
 * Presses Alt+Shift+`letter` as the keyboard would, through the DevTools protocol. Extension commands are the
 * browser's own accelerators: a key the page leaves unhandled goes back to the browser, which matches it by
 * its native key code. Playwright's `keyboard.press` sends none, so it never fires a command (playwright
 * #22447); a `rawKeyDown` with `nativeVirtualKeyCode` does (measured on Chromium 156, headless, where
 * leaving the native code out makes the test fail).
 */
async function pressShortcut(page: Page, letter: string): Promise<void> {
  // Shortcuts go to the focused window: the one with this tab.
  await page.bringToFront();
  const cdp = await page.context().newCDPSession(page);
  const code = letter.toUpperCase().charCodeAt(0);
  const key = { modifiers: 1 | 8, key: letter.toUpperCase(), code: `Key${letter.toUpperCase()}` };
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'rawKeyDown',
    ...key,
    windowsVirtualKeyCode: code,
    nativeVirtualKeyCode: code,
  });
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyUp',
    ...key,
    windowsVirtualKeyCode: code,
    nativeVirtualKeyCode: code,
  });
  await cdp.detach();
}

test('options list the shortcuts with the keys the browser assigned, and open its shortcut settings', async ({
  context,
  openExtensionPage,
}) => {
  const options = await OptionsPage.open(openExtensionPage);
  const list = options.page.getByTestId('shortcuts');
  await expect(list.locator('[data-command="toggle-camera"]')).toContainText('Switch the camera on or off');
  await expect(list.locator('[data-command="toggle-camera"] kbd')).toHaveText('Alt+Shift+M');
  await expect(list.locator('[data-command="queue-next"] kbd')).toHaveText('Alt+Shift+Q');
  await expect(list.locator('[data-command="toggle-mode"] kbd')).toHaveText('Alt+Shift+L');
  await options.page.locator('#shortcuts').screenshot({ path: `${SCREENSHOT_DIR}/options-shortcuts.png` });
  const opened = context.waitForEvent('page');
  await options.page.getByRole('button', { name: 'Change shortcuts' }).click();
  expect((await opened).url()).toBe('chrome://extensions/shortcuts');
});

test.describe('each shortcut does what its button does', () => {
  test.skip(!catalog || !happyClip, 'shared data is missing');
  test.use({ extensionLaunch: { args: happyClip ? fakeCameraArgs(happyClip) : [] } });

  test('Alt+Shift+M switches the camera, Alt+Shift+L Match/Lift, Alt+Shift+Q queues the next five', async ({
    context,
    openWebPlayer,
    openExtensionPage,
  }) => {
    const spotify = await syncLibrary(context, openExtensionPage, { tracks: library });
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    const lift = { role: 'radio', name: 'Lift my mood' } as const;

    expect(await panel.isChecked({ testid: 'camera-switch' })).toBe(false);
    await pressShortcut(page, 'm');
    await expect.poll(() => panel.isChecked({ testid: 'camera-switch' })).toBe(true);
    await pressShortcut(page, 'm');
    await expect.poll(() => panel.isChecked({ testid: 'camera-switch' })).toBe(false);

    expect(await panel.attr(lift, 'aria-checked')).toBe('false');
    await pressShortcut(page, 'l');
    await expect.poll(() => panel.attr(lift, 'aria-checked')).toBe('true');
    await pressShortcut(page, 'l');
    await expect.poll(() => panel.attr(lift, 'aria-checked')).toBe('false');

    await panel.pickMood('happy');
    await expect.poll(() => panel.isVisible({ testid: 'suggestion' }), { timeout: 10_000 }).toBe(true);
    await pressShortcut(page, 'q');
    await expect.poll(() => spotify.recorded.queue.length, { timeout: 10_000 }).toBe(5);
    expect(spotify.recorded.play).toEqual([]);
  });
});
