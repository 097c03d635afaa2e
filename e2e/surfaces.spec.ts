import { mkdirSync } from 'node:fs';
import { expect, OptionsPage, PopupPage, SCREENSHOT_DIR, test } from './fixtures';

mkdirSync(SCREENSHOT_DIR, { recursive: true });

/** Pixels of a canvas in a colour (the mood's), not the sparkline's grey guides or its background. */
function colouredPixels(canvas: HTMLCanvasElement): number {
  const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? { data: [] };
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r = 0, g = 0, b = 0, a = 0] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) count += 1;
  }
  return count;
}

test('the popup shows the mood, the camera switch and a way to the web player', async ({ openExtensionPage }) => {
  const popup = await PopupPage.open(openExtensionPage);
  await expect(popup.heading).toBeVisible();
  await expect(popup.cameraSwitch).toHaveAttribute('aria-checked', 'false');
  await expect(popup.cameraState).toHaveAttribute('data-status', 'off');
  await expect(popup.openSpotifyButton).toBeVisible();
  await expect(popup.page.getByText(/coming soon/i)).toHaveCount(0);

  await popup.pickMood('surprised');
  await expect(popup.moodBadge).toHaveAttribute('data-mood', 'surprised');
  await expect(popup.page.getByText('Picked by hand')).toBeVisible();
  // The day's first mood, picked a moment ago, is seconds against the hours since midnight: it shows as a dot
  // in its colour (the guides are grey), not as nothing.
  const sparkline = popup.page.getByTestId('mood-sparkline').locator('canvas');
  await expect(sparkline).toBeVisible();
  await expect.poll(() => sparkline.evaluate(colouredPixels)).toBeGreaterThan(0);
  await popup.page.screenshot({ path: `${SCREENSHOT_DIR}/popup.png` });
});

test('the options page validates as you type and saves without a button', async ({
  openExtensionPage,
  extensionId,
}) => {
  const options = await OptionsPage.open(openExtensionPage);
  await expect(options.heading).toBeVisible();
  for (const id of ['camera', 'dj', 'spotify', 'data'] as const) {
    await expect(options.sectionHeading(id)).toBeVisible();
  }
  await expect(options.redirectUri).toHaveText(`https://${extensionId}.chromiumapp.org/`);

  await options.framesPerSecond.fill('40');
  await expect(options.page.getByText('Enter a value from 1 to 15')).toBeVisible();
  await options.framesPerSecond.fill('8');
  await expect(options.page.getByText('Enter a value from 1 to 15')).toHaveCount(0);

  await options.clientId.fill('not-a-client-id');
  await expect(options.page.getByText('A Spotify Client ID is 32 hexadecimal characters')).toBeVisible();
  await options.page.screenshot({ path: `${SCREENSHOT_DIR}/options.png`, fullPage: true });

  await options.reload();
  await expect(options.framesPerSecond).toHaveValue('8');
});

test('the manifest keeps the extension id stable and asks for nothing broader', async ({ extensionId, worker }) => {
  expect(extensionId).toBe('glmgeodeblocnbhnebfbkflannpckceg');
  const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
  expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'identity', 'idle', 'offscreen', 'storage']);
  expect([...manifest.host_permissions].sort()).toEqual([
    'https://accounts.spotify.com/*',
    'https://api.reccobeats.com/*',
    'https://api.spotify.com/*',
  ]);
  // SoundNet's host is asked for when a RapidAPI key is saved, so the install warning does not name it.
  expect(manifest.optional_host_permissions).toEqual(['https://track-analysis.p.rapidapi.com/*']);
  // Written out, not imported, so a change to lib/privacy/hosts.ts must be a deliberate change here too.
  expect(manifest.content_security_policy).toEqual({
    extension_pages:
      "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self' https://accounts.spotify.com " +
      'https://api.spotify.com https://api.reccobeats.com https://track-analysis.p.rapidapi.com',
  });
});
