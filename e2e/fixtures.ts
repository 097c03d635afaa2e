import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, test as base, chromium, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const here = dirname(fileURLToPath(import.meta.url));
export const EXTENSION_DIR = resolve(here, '../.output/chrome-mv3');
export const SCREENSHOT_DIR = resolve(here, '../test-results/screenshots');
export const WEB_PLAYER_HTML = readFileSync(join(here, 'pages/web-player.html'), 'utf8');

export interface LaunchOptions {
  /** Extra Chromium flags, e.g. the fake camera. */
  args?: string[];
}

export interface ExtensionFixtures {
  extensionLaunch: LaunchOptions;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Opens the routed fixture web player and waits for the panel. */
  openWebPlayer: (path?: string) => Promise<Page>;
  /** Opens an extension page by path, e.g. `/popup.html`. */
  openExtensionPage: (path: string) => Promise<Page>;
}

/** Serves the fixture web player for every open.spotify.com page, so no real URL changes. */
export async function routeWebPlayer(context: BrowserContext, html = WEB_PLAYER_HTML): Promise<void> {
  await context.route('https://open.spotify.com/**', (route) =>
    route.request().resourceType() === 'document'
      ? route.fulfill({ status: 200, contentType: 'text/html', body: html })
      : route.fulfill({ status: 404, body: '' }),
  );
}

export const test = base.extend<ExtensionFixtures>({
  extensionLaunch: [{}, { option: true }],
  context: async ({ extensionLaunch }, use) => {
    const profile = mkdtempSync(join(tmpdir(), 'mooddj-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium(),
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        ...CHROMIUM_ARGS,
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        ...(extensionLaunch.args ?? []),
      ],
    });
    await routeWebPlayer(context);
    await use(context);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  },
  worker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ worker }, use) => {
    await use(new URL(worker.url()).host);
  },
  openWebPlayer: async ({ context, worker }, use) => {
    void worker; // the extension must be up before the page loads, or the content script misses it
    await use(async (path = '/') => {
      const page = await context.newPage();
      await page.goto(`https://open.spotify.com${path}`);
      await page.getByTestId('mooddj-panel').waitFor();
      return page;
    });
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}${path}`);
      return page;
    });
  },
});

export const expect = test.expect;

/** Lists the browser's targets of one type through CDP (Playwright hides the offscreen document). */
export async function targetsOfType(context: BrowserContext, type: string): Promise<{ url: string; type: string }[]> {
  const cdp = await context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('No browser CDP session: launchPersistentContext should expose one.');
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { url: string; type: string }[];
    };
    return targetInfos.filter((t) => t.type === type);
  } finally {
    await cdp.detach();
  }
}
