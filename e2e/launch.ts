import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Worker } from '@playwright/test';
import { OPTIONAL_HOST_PERMISSIONS } from '@/lib/privacy/hosts';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const here = dirname(fileURLToPath(import.meta.url));
/** The built extension; `MOODDJ_OUT_DIR` matches the build's own override in wxt.config.ts. */
export const EXTENSION_DIR = resolve(here, '..', process.env.MOODDJ_OUT_DIR ?? '.output', 'chrome-mv3');
export const WEB_PLAYER_HTML = readFileSync(join(here, 'pages/web-player.html'), 'utf8');

/** How the browser is started beyond its flags. */
export interface BrowserLanguage {
  /**
   * The browser's UI language (`--lang`, which picks the extension's messages.json and `i18n.getUILanguage()`),
   * also its Accept-Language and the pages' `navigator.language`. @default the system's: English on our machines
   */
  lang?: string;
}

/** What the fresh profile remembers. */
export interface ProfileMemory {
  /**
   * Whether the person allowed SoundNet's host (an optional host permission) before: then "Save key" is granted
   * without a prompt (`rememberSoundNetGrant`). Without it, Chrome's prompt opens and nothing in headless answers it.
   * @default true
   */
  soundnetAllowedBefore?: boolean;
}

/** MoodDJ's id, pinned by the manifest's `key`. */
const EXTENSION_ID = 'glmgeodeblocnbhnebfbkflannpckceg';

/**
 * Chrome's permission prompt cannot be answered in headless Chromium: it stays open, and no switch
 * (`--apps-gallery-install-auto-confirm-for-tests` included) or DevTools command answers it. Chrome does not prompt
 * for an optional permission the extension was granted before (`runtime_granted_permissions`, kept after the
 * extension's own `permissions.remove`: permissions_api.cc), so a profile that remembers the grant lets "Save key"
 * take the real `permissions.request` path to "granted", `permissions.onAdded` in the worker included.
 */
function rememberSoundNetGrant(profile: string): void {
  const granted = {
    api: [],
    explicit_host: [...OPTIONAL_HOST_PERMISSIONS],
    manifest_permissions: [],
    scriptable_host: [],
  };
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ extensions: { settings: { [EXTENSION_ID]: { runtime_granted_permissions: granted } } } }),
  );
}

/** Starts headless Chromium with the built extension in a fresh profile. */
export async function launchWithExtension(
  args: string[] = [],
  { lang, soundnetAllowedBefore = true }: BrowserLanguage & ProfileMemory = {},
): Promise<{
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close: () => Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'mooddj-'));
  if (soundnetAllowedBefore) rememberSoundNetGrant(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    ...(lang ? { locale: lang } : {}),
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      ...(lang ? [`--lang=${lang}`, `--accept-lang=${lang}`] : []),
      ...args,
    ],
  });
  await routeWebPlayer(context);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await installGreeting(context);
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

/**
 * A fresh profile is a first install, and MoodDJ greets it with its welcome page (`pageOnInstall`). Waits for that
 * tab (it opens a few hundred ms after the worker), so no test takes it for a page it opened itself. It stays open:
 * e2e/welcome.spec.ts walks it.
 */
async function installGreeting(context: BrowserContext, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!context.pages().some((page) => page.url().endsWith('/welcome.html'))) {
    if (Date.now() > deadline) throw new Error('The install did not open the welcome page (welcome.html).');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
