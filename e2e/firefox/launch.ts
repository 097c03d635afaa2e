import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { WEB_PLAYER_HTML } from '../launch';
import { type Answerer, type FakeNet, type NetAnswer, type NetRequest, proxyPrefs, startFakeNet } from './fake-net';
import { FIREFOX_OUT_DIR, FIREFOX_PATH } from './paths';

const here = dirname(fileURLToPath(import.meta.url));
/** The Firefox build under test (`npm run test:e2e:firefox` makes it, with the fake camera clip). */
export const FIREFOX_EXTENSION_DIR = resolve(here, '../..', FIREFOX_OUT_DIR, 'firefox-mv3');
/** Pinned through `extensions.webextensions.uuids`, so every extension URL is known before the browser starts. */
export const EXTENSION_UUID = '6f6d6f6f-646a-4a00-8000-00000000d1d1';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** Answers one origin's requests (`null`: not mine). */
export type OriginFake = (request: NetRequest) => Promise<NetAnswer | 'abort' | null>;

export interface FirefoxSession {
  browser: Browser;
  net: FakeNet;
  /** Routes one origin (e.g. `https://api.spotify.com`) to a fake from now on; the web player is always served. */
  serve(origin: string, fake: OriginFake): void;
  /**
   * Installs the built extension as a temporary add-on (a first install: it greets with its welcome page) and returns
   * its uninstall. Uninstalling clears everything MoodDJ stored (storage, IndexedDB, its camera grant), and the
   * pinned UUID stays, so the next install starts from nothing at the same URLs.
   */
  install(): Promise<() => Promise<void>>;
  /** Closes every tab but a blank one and forgets the fakes and the requests seen. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The fixture web player for every open.spotify.com document (so the content script injects with no production URL
 * changed), 404 for anything else there, as `routeWebPlayer` does for Chromium.
 */
const webPlayer: OriginFake = async (request) =>
  request.headers['sec-fetch-dest'] === 'document'
    ? { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: WEB_PLAYER_HTML }
    : { status: 404, headers: { 'content-type': 'text/plain' }, body: '' };

/**
 * Firefox ESR in a fresh profile, driven over WebDriver BiDi (PLATFORM.md, "Firefox"); `install()` adds MoodDJ.
 * Meant to run under `xvfb-run`: headless Firefox has no WebGL, which MediaPipe needs. Every request goes through the
 * fake network, so nothing reaches a real host.
 */
export async function launchFirefox(): Promise<FirefoxSession> {
  if (!existsSync(`${FIREFOX_EXTENSION_DIR}/manifest.json`)) {
    throw new Error(
      `No Firefox build in ${FIREFOX_EXTENSION_DIR}: run \`npm run test:e2e:firefox\`, which builds it first.`,
    );
  }
  // The add-on id from the build itself, for the UUID pin below.
  const manifest = JSON.parse(readFileSync(`${FIREFOX_EXTENSION_DIR}/manifest.json`, 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const fakes = new Map<string, OriginFake>();
  const forgetFakes = () => {
    fakes.clear();
    fakes.set('https://open.spotify.com', webPlayer);
  };
  forgetFakes();
  const answer: Answerer = async (request) => fakes.get(new URL(request.url).origin)?.(request) ?? null;
  const net = await startFakeNet(answer);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX_PATH,
      headless: true,
      // Firefox then accepts the fake network's throwaway certificate, for the background page's requests too.
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 800 },
      // Without it, navigating a tab to moz-extension:// is refused over BiDi.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        ...proxyPrefs(net.port),
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
        'extensions.webextensions.keepUuidOnUninstall': true,
        // A fake camera that is granted without a prompt, yet still refused to background pages (the real rule).
        'media.navigator.streams.fake': true,
        'permissions.default.camera': 1,
        // Firefox's own remote-settings polls (firefox.settings.services.mozilla.com) still come, and get the fake
        // network's 502: release builds ignore the pref that would point them elsewhere.
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.reportingpolicy.firstRun': false,
      },
    });
  } catch (error) {
    await net.close();
    throw error;
  }
  return {
    browser,
    net,
    serve(origin, fake) {
      fakes.set(origin, fake);
    },
    async install() {
      const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
      // A first install greets with the welcome page (`pageOnInstall`), in a tab of its own that comes to the front a
      // moment later: wait for it, so it neither takes a tab a test opened for one of its own nor steals its input.
      await until(async () => (await extensionTabs(browser, '/welcome.html')).length > 0, 'the welcome page');
      return () => browser.uninstallExtension(id);
    },
    async reset() {
      const open = await browser.pages();
      await browser.newPage();
      for (const page of open) await page.close().catch(() => undefined);
      forgetFakes();
      net.seen.length = 0;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await net.close();
    },
  };
}

/** Polls `probe` until it returns something other than undefined/false, or throws after `timeout` ms. */
export async function until<T>(probe: () => Promise<T>, what: string, timeout = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Opens an extension page (e.g. `/popup.html`) in a new tab. Over BiDi a tab's navigation to moz-extension:// never
 * resolves and `page.url()` stays about:blank (Mozilla bug 1755014), yet the page loads and `evaluate` works: start
 * the navigation without awaiting it and wait for the document from inside.
 */
export async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `${EXTENSION_ORIGIN}${path}`;
  page.goto(url).catch(() => undefined);
  await until(
    () => page.evaluate((href) => location.href === href && document.readyState === 'complete', url),
    `${url} to load`,
  );
  return page;
}

/** The tabs currently showing an extension page whose path is `path`, found from inside (see openExtensionPage). */
export async function extensionTabs(browser: Browser, path: string): Promise<Page[]> {
  const found: Page[] = [];
  for (const page of await browser.pages()) {
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(`${EXTENSION_ORIGIN}${path}`)) found.push(page);
  }
  return found;
}
