import { test as base } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { type FirefoxSession, launchFirefox, openExtensionPage } from './launch';
import { FirefoxPanel } from './panel';

export { EXTENSION_ORIGIN, extensionTabs, until } from './launch';
export { FirefoxPanel } from './panel';

export interface FirefoxFixtures {
  /** Firefox with MoodDJ freshly installed (nothing stored, no tab but the welcome page), and the fake network. */
  firefox: FirefoxSession;
  /** Opens the fixture web player in a new tab and waits for the panel. */
  openWebPlayer: () => Promise<FirefoxPanel>;
  /** Opens an extension page by path, e.g. `/popup.html`. */
  openExtensionPage: (path: string) => Promise<Page>;
}

/**
 * One Firefox per worker (a cold start is ≈ 4 s), MoodDJ installed afresh for each test and uninstalled after it,
 * which clears all it stored: no test sees another's settings, sign-in, camera tab or fakes. After a failure Playwright
 * replaces the worker, and with it the browser.
 */
export const test = base.extend<FirefoxFixtures, { firefoxBrowser: FirefoxSession }>({
  firefoxBrowser: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
    async ({}, use) => {
      const session = await launchFirefox();
      await use(session);
      await session.close();
    },
    { scope: 'worker' },
  ],
  firefox: async ({ firefoxBrowser }, use) => {
    const uninstall = await firefoxBrowser.install();
    await use(firefoxBrowser);
    await uninstall();
    await firefoxBrowser.reset();
  },
  openWebPlayer: async ({ firefox }, use) => {
    await use(async () => {
      const page = await firefox.browser.newPage();
      await page.goto('https://open.spotify.com/');
      const panel = new FirefoxPanel(firefox.browser, page);
      await panel.waitForVisible();
      return panel;
    });
  },
  openExtensionPage: async ({ firefox }, use) => {
    await use((path) => openExtensionPage(firefox.browser, path));
  },
});

export const expect = test.expect;
