import { expect, test } from './fixtures';

test('the panel renders on the web player, in a closed shadow root', async ({ openWebPlayer }) => {
  const panel = await openWebPlayer();
  // The page's own scripts must not see into it.
  expect(await panel.page.evaluate(() => document.querySelector('mooddj-panel')?.shadowRoot ?? null)).toBeNull();
  expect(await panel.attr('camera-switch', 'aria-checked')).toBe('false');
  expect(await panel.text()).toContain('Connect Spotify');
});

test('the popup and the options page render', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('/popup.html');
  await expect
    .poll(() => popup.evaluate(() => document.querySelector('[data-testid="camera-switch"]') !== null))
    .toBe(true);
  const options = await openExtensionPage('/options.html');
  await expect
    .poll(() => options.evaluate(() => [...document.querySelectorAll('h1')].map((h) => h.textContent?.trim())))
    .toContain('MoodDJ settings');
  await expect
    .poll(() => options.evaluate(() => [...document.querySelectorAll('section[id]')].map((s) => s.id)))
    .toEqual(expect.arrayContaining(['camera', 'spotify', 'data']));
});
