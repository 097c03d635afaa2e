// The Playwright adapter, checked in real Chromium: a throwaway extension (lib/spotify bundled with esbuild)
// signs in through chrome.identity.launchWebAuthFlow. /authorize is answered by the CDP intercept, /api/token
// and the Web API by context.route, all from the service worker. Needs no build of MoodDJ itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, expect, test, type Worker } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, findChromium } from '../chromium';
import { base62Id, FAKE_CLIENT_ID, installSpotifyFake, XSS_TRACK_NAME } from './spotify-server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const ENTRY = `
import { connect, createTokenProvider } from './lib/spotify/auth';
import { createMemoryTokenStore } from './test/support/token-store';
import { createSpotifyClient, savedTrackRows } from './lib/spotify/client';
const launchWebAuthFlow = (url) => chrome.identity.launchWebAuthFlow({ url, interactive: true });
self.signIn = async (clientId) => {
  try {
    const tokens = await connect({ clientId, redirectUri: chrome.identity.getRedirectURL(), launchWebAuthFlow });
    self.client = createSpotifyClient({ tokens: createTokenProvider({ store: createMemoryTokenStore(tokens) }) });
    return 'connected';
  } catch (error) {
    return error.name + ':' + error.kind;
  }
};
self.listAndQueue = async () => {
  const rows = savedTrackRows(await self.client.savedTracks({ offset: 0 }));
  await self.client.queue(rows[1].uri);
  const devices = await self.client.devices();
  return { names: rows.map((row) => row.name), devices: devices.map((device) => device.name) };
};
`;

const tracks = Array.from({ length: 8 }, (_, i) => ({
  id: base62Id(`spec-track-${i}`),
  name: `Song ${i}`,
  artists: ['Artist'],
  album: 'Album',
  durationMs: 200_000,
  valence: 0.5,
  energy: 0.5,
  tempo: 120,
  danceability: 0.5,
  acousticness: 0.5,
  instrumentalness: 0,
  speechiness: 0,
  liveness: 0,
  loudness: -6,
  key: 0,
  mode: 1,
  genre: 'pop',
}));

let dir: string;
let context: BrowserContext;
let worker: Worker;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mooddj-spotify-fake-'));
  const extension = join(dir, 'extension');
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    outfile: join(extension, 'background.js'),
    logLevel: 'warning',
  });
  writeFileSync(
    join(extension, 'manifest.json'),
    JSON.stringify({
      name: 'spotify-fake-check',
      version: '1.0',
      manifest_version: 3,
      background: { service_worker: 'background.js' },
      permissions: ['identity'],
      host_permissions: ['https://api.spotify.com/*', 'https://accounts.spotify.com/*'],
    }),
  );
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: findChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
});

test.afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('sign-in through launchWebAuthFlow, then library, queue and a refresh after a 401', async () => {
  const fake = await installSpotifyFake(context, { tracks, xssTrackName: true });
  try {
    expect(
      await worker.evaluate(
        (id) => (self as unknown as { signIn(id: string): Promise<string> }).signIn(id),
        FAKE_CLIENT_ID,
      ),
    ).toBe('connected');
    const extensionId = new URL(worker.url()).host;
    expect(fake.recorded.authorize).toEqual([
      expect.objectContaining({ clientId: FAKE_CLIENT_ID, redirectUri: `https://${extensionId}.chromiumapp.org/` }),
    ]);
    expect(fake.recorded.tokenGrants).toEqual([{ grantType: 'authorization_code', ok: true, error: null }]);

    fake.fail.next(1, 'expireToken', 'devices');
    const result = await worker.evaluate(() =>
      (self as unknown as { listAndQueue(): Promise<{ names: string[]; devices: string[] }> }).listAndQueue(),
    );
    expect(result.names[0]).toBe(XSS_TRACK_NAME);
    expect(result.devices).toEqual(['Web Player (Chrome)']);
    expect(fake.recorded.queue).toEqual([{ uri: `spotify:track:${tracks[1]?.id}`, deviceId: null }]);
    expect(fake.recorded.tokenGrants.map((grant) => grant.grantType)).toEqual(['authorization_code', 'refresh_token']);
    expect(fake.requests.play + fake.requests.pause).toBe(0);
  } finally {
    await fake.uninstall();
  }
});

test('a refused consent reaches the extension as access-denied', async () => {
  const fake = await installSpotifyFake(context, { tracks, denyConsent: true });
  try {
    expect(
      await worker.evaluate(
        (id) => (self as unknown as { signIn(id: string): Promise<string> }).signIn(id),
        FAKE_CLIENT_ID,
      ),
    ).toBe('SpotifyAuthError:access-denied');
  } finally {
    await fake.uninstall();
  }
});
