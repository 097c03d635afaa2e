import { mkdirSync } from 'node:fs';
import { expect, offscreenOpen, SCREENSHOT_DIR, test } from './fixtures';

mkdirSync(SCREENSHOT_DIR, { recursive: true });

test('the panel sits above the player bar in its own shadow root', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  const panel = page.getByTestId('mooddj-panel');
  await expect(panel.getByText('MoodDJ', { exact: true })).toBeVisible();
  const host = page.locator('mooddj-panel');
  await expect(host).toHaveCount(1);
  expect(await host.evaluate((el) => el.shadowRoot !== null)).toBe(true);

  const panelBox = await panel.boundingBox();
  const barBox = await page.getByTestId('now-playing-bar').boundingBox();
  if (!panelBox || !barBox) throw new Error('panel or player bar has no box');
  expect(panelBox.y + panelBox.height).toBeLessThanOrEqual(barBox.y);
  expect(panelBox.y + panelBox.height).toBeGreaterThan(barBox.y - 40);

  // The fixture's hostile `button { font-size: 40px }` must not reach the panel.
  const fontSize = await panel
    .getByRole('button', { name: 'Collapse the MoodDJ panel' })
    .evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).toBe('18px');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/panel.png` });
});

test('the panel collapses to a pill and remembers it', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  await page.getByRole('button', { name: 'Collapse the MoodDJ panel' }).click();
  const pill = page.getByRole('button', { name: 'Open the MoodDJ panel' });
  await expect(pill).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/panel-collapsed.png` });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Open the MoodDJ panel' })).toBeVisible();
  await page.getByRole('button', { name: 'Open the MoodDJ panel' }).click();
  await expect(page.getByRole('button', { name: 'Collapse the MoodDJ panel' })).toBeVisible();
});

test('the panel comes back, once, when the page replaces its body', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  await page.evaluate(() => {
    document.body.innerHTML = '<main><h1>Liked Songs</h1></main><footer data-testid="now-playing-bar">bar</footer>';
  });
  await expect(page.getByText('Liked Songs')).toBeVisible();
  await expect(page.getByTestId('mooddj-panel')).toBeVisible();
  await expect(page.locator('mooddj-panel')).toHaveCount(1);

  // A wholesale swap of the <body> element, as a re-rendering SPA may do.
  await page.evaluate(() => {
    const body = document.createElement('body');
    body.innerHTML = '<main><h1>Search</h1></main>';
    document.documentElement.replaceChild(body, document.body);
  });
  await expect(page.getByText('Search', { exact: true })).toBeVisible();
  await expect(page.getByTestId('mooddj-panel')).toBeVisible();
  await expect(page.locator('mooddj-panel')).toHaveCount(1);
});

test('a mood picked in the panel reaches the popup, and the camera switch opens and closes the offscreen document', async ({
  context,
  openWebPlayer,
  openExtensionPage,
}) => {
  const page = await openWebPlayer();
  await page.getByRole('button', { name: 'Happy' }).click();
  await expect(page.getByTestId('mood-badge')).toHaveAttribute('data-mood', 'happy');

  const popup = await openExtensionPage('/popup.html');
  await expect(popup.getByTestId('mood-badge')).toHaveAttribute('data-mood', 'happy');

  await page.getByTestId('camera-switch').click();
  await expect(page.getByTestId('camera-switch')).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => offscreenOpen(context)).toBe(true);
  // The popup follows live: the switch it shows moved too.
  await expect(popup.getByTestId('camera-switch')).toHaveAttribute('aria-checked', 'true');

  await page.close();
  await expect.poll(() => offscreenOpen(context), { timeout: 10_000 }).toBe(false);
  await expect(popup.getByTestId('camera-state')).toHaveAttribute('data-status', 'paused');
});
