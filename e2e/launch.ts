import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const here = dirname(fileURLToPath(import.meta.url));
/** The built extension; `MOODDJ_OUT_DIR` matches the build's own override in wxt.config.ts. */
export const EXTENSION_DIR = resolve(here, '..', process.env.MOODDJ_OUT_DIR ?? '.output', 'chrome-mv3');
export const WEB_PLAYER_HTML = readFileSync(join(here, 'pages/web-player.html'), 'utf8');

/** Starts headless Chromium with the built extension in a fresh profile. */
export async function launchWithExtension(args: string[] = []): Promise<{
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close: () => Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'mooddj-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      ...args,
    ],
  });
  await routeWebPlayer(context);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    worker,
    extensionId: new URL(worker.url()).host,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves the fixture web player for every open.spotify.com page, so no real URL changes. */
export async function routeWebPlayer(context: BrowserContext, html = WEB_PLAYER_HTML): Promise<void> {
  await context.route('https://open.spotify.com/**', (route) =>
    route.request().resourceType() === 'document'
      ? route.fulfill({ status: 200, contentType: 'text/html', body: html })
      : route.fulfill({ status: 404, body: '' }),
  );
}

/** Lists the browser's targets of one type through CDP (Playwright hides the offscreen document). */
export async function targetsOfType(context: BrowserContext, type: string): Promise<{ url: string; type: string }[]> {
  const cdp = await context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('No browser CDP session: launchPersistentContext should expose one.');
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { url: string; type: string }[] };
    return targetInfos.filter((t) => t.type === type);
  } finally {
    await cdp.detach();
  }
}

export async function offscreenOpen(context: BrowserContext): Promise<boolean> {
  return (await targetsOfType(context, 'background_page')).some((t) => t.url.endsWith('/offscreen.html'));
}
