import { resolve } from 'node:path';
import { type BrowserContext, test as base, type Page, type Worker } from '@playwright/test';
import { type BrowserLanguage, launchWithExtension, type ProfileMemory } from './launch';
import { PanelPage } from './pages/panel';

export { offscreenOpen, routeWebPlayer, targetsOfType } from './launch';
export { OptionsPage } from './pages/options';
export { PanelPage } from './pages/panel';
export { PopupPage } from './pages/popup';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../test-results/screenshots');

export interface LaunchOptions extends BrowserLanguage, ProfileMemory {
  /** Extra Chromium flags, e.g. the fake camera. */
  args?: string[];
}

export interface ExtensionFixtures {
  extensionLaunch: LaunchOptions;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Opens the routed fixture web player and waits for the panel (drive it with `new PanelPage(page)`). */
  openWebPlayer: (path?: string) => Promise<Page>;
  /** Opens an extension page by path, e.g. `/popup.html`. */
  openExtensionPage: (path: string) => Promise<Page>;
}

export const test = base.extend<ExtensionFixtures>({
  extensionLaunch: [{}, { option: true }],
  context: async ({ extensionLaunch }, use) => {
    const launched = await launchWithExtension(extensionLaunch.args, extensionLaunch);
    await use(launched.context);
    await launched.close();
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
      // The panel's shadow root is closed: locators cannot see it, the DevTools protocol can.
      await new PanelPage(page).waitForVisible();
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
