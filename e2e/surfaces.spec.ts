import { mkdirSync } from 'node:fs';
import { expect, SCREENSHOT_DIR, test } from './fixtures';

mkdirSync(SCREENSHOT_DIR, { recursive: true });

test('the popup shows the mood, the camera switch and a way to the web player', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('/popup.html');
  await popup.setViewportSize({ width: 352, height: 480 });
  await expect(popup.getByRole('heading', { name: 'MoodDJ' })).toBeVisible();
  await expect(popup.getByTestId('camera-switch')).toHaveAttribute('aria-checked', 'false');
  await expect(popup.getByTestId('camera-state')).toHaveAttribute('data-status', 'off');
  await expect(popup.getByRole('button', { name: 'Open Spotify' })).toBeVisible();
  await expect(popup.getByText(/coming soon/i)).toHaveCount(0);

  await popup.getByRole('button', { name: 'Surprised' }).click();
  await expect(popup.getByTestId('mood-badge')).toHaveAttribute('data-mood', 'surprised');
  await expect(popup.getByText('Picked by hand')).toBeVisible();
  await popup.screenshot({ path: `${SCREENSHOT_DIR}/popup.png` });
});

test('the options page validates as you type and saves without a button', async ({
  openExtensionPage,
  extensionId,
}) => {
  const options = await openExtensionPage('/options.html');
  await expect(options.getByRole('heading', { name: 'MoodDJ settings' })).toBeVisible();
  for (const name of ['Camera & detection', 'DJ', 'Spotify', 'Your data']) {
    await expect(options.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  await expect(options.getByTestId('redirect-uri')).toHaveText(`https://${extensionId}.chromiumapp.org/`);

  const fps = options.getByLabel('Frames per second');
  await fps.fill('40');
  await expect(options.getByText('Enter a value from 1 to 15')).toBeVisible();
  await fps.fill('8');
  await expect(options.getByText('Enter a value from 1 to 15')).toHaveCount(0);

  await options.getByLabel('Client ID').fill('not-a-client-id');
  await expect(options.getByText('A Spotify Client ID is 32 hexadecimal characters')).toBeVisible();
  await options.screenshot({ path: `${SCREENSHOT_DIR}/options.png`, fullPage: true });

  await options.reload();
  await expect(options.getByLabel('Frames per second')).toHaveValue('8');
});

test('the manifest keeps the extension id stable and asks for nothing broader', async ({ extensionId, worker }) => {
  expect(extensionId).toBe('glmgeodeblocnbhnebfbkflannpckceg');
  const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
  expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'identity', 'idle', 'offscreen', 'storage']);
  expect([...manifest.host_permissions].sort()).toEqual([
    'https://accounts.spotify.com/*',
    'https://api.reccobeats.com/*',
    'https://api.spotify.com/*',
    'https://track-analysis.p.rapidapi.com/*',
  ]);
  // Written out, not imported, so a change to lib/privacy/hosts.ts must be a deliberate change here too.
  expect(manifest.content_security_policy).toEqual({
    extension_pages:
      "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self' https://accounts.spotify.com " +
      'https://api.spotify.com https://api.reccobeats.com https://track-analysis.p.rapidapi.com',
  });
});
