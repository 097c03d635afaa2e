import { mkdirSync } from 'node:fs';
import { expect, offscreenOpen, PanelPage, SCREENSHOT_DIR, test } from './fixtures';

mkdirSync(SCREENSHOT_DIR, { recursive: true });

test('the panel sits above the player bar in its own closed shadow root', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  const panel = new PanelPage(page);
  await expect.poll(() => panel.isVisible({ text: 'MoodDJ' })).toBe(true);
  expect(await panel.hostCount()).toBe(1);
  // The browser itself reports the root as closed; the page gets null for it.
  expect(await panel.shadowRootMode()).toBe('closed');
  expect(await page.evaluate(() => document.querySelector('mooddj-panel')?.shadowRoot ?? null)).toBeNull();

  const panelBox = await panel.box();
  const barBox = await page.getByTestId('now-playing-bar').boundingBox();
  if (!panelBox || !barBox) throw new Error('panel or player bar has no box');
  expect(panelBox.y + panelBox.height).toBeLessThanOrEqual(barBox.y);
  expect(panelBox.y + panelBox.height).toBeGreaterThan(barBox.y - 40);

  // The fixture's hostile `button { font-size: 40px }` must not reach the panel.
  expect(await panel.style({ name: 'Collapse the MoodDJ panel' }, 'font-size')).toBe('18px');
  await panel.screenshot(`${SCREENSHOT_DIR}/panel.png`);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/panel-page.png` });
});

test('the panel collapses to a pill and remembers it', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  const panel = new PanelPage(page);
  await panel.click({ name: 'Collapse the MoodDJ panel' });
  await expect.poll(() => panel.isVisible({ name: 'Open the MoodDJ panel' })).toBe(true);
  await panel.screenshot(`${SCREENSHOT_DIR}/panel-collapsed.png`);

  // The background keeps the choice (content scripts may not write storage): a new page follows it.
  await page.reload();
  await panel.waitForVisible();
  await expect.poll(() => panel.isVisible({ name: 'Open the MoodDJ panel' })).toBe(true);
  await panel.click({ name: 'Open the MoodDJ panel' });
  await expect.poll(() => panel.isVisible({ name: 'Collapse the MoodDJ panel' })).toBe(true);
  await page.reload();
  await panel.waitForVisible();
  await expect.poll(() => panel.isVisible({ name: 'Collapse the MoodDJ panel' })).toBe(true);
});

test('keys typed in the panel do not reach the page', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  const panel = new PanelPage(page);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { keysSeen: string[] }).keysSeen = seen;
    for (const type of ['keydown', 'keyup', 'keypress']) document.addEventListener(type, (e) => seen.push(e.type));
  });
  await panel.focus({ testid: 'camera-switch' });
  await page.keyboard.press('KeyK');
  await page.keyboard.press('Space');
  // Space on the focused switch still works inside the panel.
  await expect.poll(() => panel.cameraSwitch()).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen)).toEqual([]);
  // The same keys typed on the page itself are seen, so the listener works.
  await page.locator('#page-title').click();
  await page.keyboard.press('KeyK');
  expect(await page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen)).toEqual([
    'keydown',
    'keypress',
    'keyup',
  ]);
});

test('the panel comes back, once, when the page replaces its body', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  const panel = new PanelPage(page);
  await page.evaluate(() => {
    document.body.innerHTML = '<main><h1>Liked Songs</h1></main><footer data-testid="now-playing-bar">bar</footer>';
  });
  await expect(page.getByText('Liked Songs')).toBeVisible();
  await panel.waitForVisible();
  expect(await panel.hostCount()).toBe(1);
  await expect(page.locator('mooddj-panel')).toHaveCount(1);

  // A wholesale swap of the <body> element, as a re-rendering SPA may do.
  await page.evaluate(() => {
    const body = document.createElement('body');
    body.innerHTML = '<main><h1>Search</h1></main>';
    document.documentElement.replaceChild(body, document.body);
  });
  await expect(page.getByText('Search', { exact: true })).toBeVisible();
  await panel.waitForVisible();
  await expect(page.locator('mooddj-panel')).toHaveCount(1);
});

test('a mood picked in the panel reaches the popup, and the camera switch opens and closes the offscreen document', async ({
  context,
  openWebPlayer,
  openExtensionPage,
}) => {
  const page = await openWebPlayer();
  const panel = new PanelPage(page);
  await panel.pickMood('happy');
  await expect.poll(() => panel.mood()).toBe('happy');

  const popup = await openExtensionPage('/popup.html');
  await expect(popup.getByTestId('mood-badge')).toHaveAttribute('data-mood', 'happy');

  await page.bringToFront();
  await panel.toggleCamera();
  await expect.poll(() => panel.cameraSwitch()).toBe(true);
  await expect.poll(() => offscreenOpen(context)).toBe(true);
  // The popup follows live: the switch it shows moved too.
  await expect(popup.getByTestId('camera-switch')).toHaveAttribute('aria-checked', 'true');

  await page.close();
  await expect.poll(() => offscreenOpen(context), { timeout: 10_000 }).toBe(false);
  await expect(popup.getByTestId('camera-state')).toHaveAttribute('data-status', 'paused');
});
