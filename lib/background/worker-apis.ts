import { type Browser, browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { ActionBadge } from '@/lib/camera/badge-service';
import { offscreenCameraMessages } from '@/lib/camera/messages';
import { OFFSCREEN_PATH } from '@/lib/camera/offscreen-manager';
import type { IdleSource, OffscreenChannel } from '@/lib/camera/service';
import type { HostTabs } from '@/lib/camera/tab-host';
import { clientFor } from '@/lib/messaging/client';
import { offscreenPersonalMessages } from '@/lib/mood/messages';
import type { PersonalChannel } from '@/lib/mood/personal-service';
import type { PageRequest } from '@/lib/navigation/messages';
import { pageOnInstall, pageUrl } from '@/lib/navigation/page-url';
import type { CollapsedItem } from '@/lib/panel/panel-service';
import { hostPattern, SOUNDNET_ORIGIN } from '@/lib/privacy/hosts';
import type { SignIn } from '@/lib/spotify/connection-service';
import type { HostAccess } from '@/lib/sync/soundnet-key';
import type { Alarms, Clock } from './context';

// The browser's side of the context: thin adapters the root hands to services, which tests replace
// with the fakes in `test/support/background.ts`.

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export const browserAlarms: Alarms = {
  // The context's `info` is the union Chrome's overloads spell out one case at a time.
  create: (name, info) => browser.alarms.create(name, info as Browser.alarms.AlarmCreateInfo),
  clear: (name) => browser.alarms.clear(name),
  get: (name) => browser.alarms.get(name),
};

/** Seconds without input before the machine counts as idle and the camera turns off. */
const IDLE_AFTER_SECONDS = 300;

export function browserIdle(): IdleSource {
  browser.idle.setDetectionInterval(IDLE_AFTER_SECONDS);
  return {
    query: async () => (await browser.idle.queryState(IDLE_AFTER_SECONDS)) !== 'active',
    onChange: (listener) => browser.idle.onStateChanged.addListener((state) => listener(state !== 'active')),
  };
}

const offscreen = clientFor(offscreenCameraMessages);

export const offscreenChannel: OffscreenChannel = {
  async ping() {
    try {
      return (await offscreen.offscreenPing()) === 'pong';
    } catch {
      return false;
    }
  },
  configure: (config) => offscreen.configureCamera(config),
  calibrate: () => offscreen.calibrate(),
  calibrationCleared: () => offscreen.calibrationCleared(),
  readStats: () => offscreen.readCameraStats(),
};

/**
 * Firefox's camera tab (`lib/camera/tab-host.ts`), without the `tabs` permission: `runtime.getContexts` lists
 * MoodDJ's own pages in tabs with their tab ids (Firefox 125+), and creating, activating and closing a tab, or
 * hearing that one closed or finished loading (`tabs.onUpdated` without the URL), need no permission.
 */
export function firefoxHostTabs(): HostTabs {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  return {
    url,
    async find() {
      const contexts = await browser.runtime.getContexts({ contextTypes: ['TAB' as Browser.runtime.ContextType] });
      return contexts.filter((context) => context.documentUrl === url && context.tabId >= 0).map((c) => c.tabId);
    },
    async activeTab() {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id ?? null;
    },
    async create(options) {
      const tab = await browser.tabs.create(options);
      if (tab.id === undefined) throw new Error('Firefox did not give the camera tab an id.');
      return tab.id;
    },
    async activate(tabId) {
      await browser.tabs.update(tabId, { active: true });
    },
    remove: (tabId) => browser.tabs.remove(tabId),
    onRemoved: (listener) => browser.tabs.onRemoved.addListener((tabId) => listener(tabId)),
    watchLoads(listener) {
      const onUpdated = (tabId: number, change: Browser.tabs.OnUpdatedInfo) => {
        if (change.status === 'complete') listener(tabId);
      };
      browser.tabs.onUpdated.addListener(onUpdated);
      return () => browser.tabs.onUpdated.removeListener(onUpdated);
    },
  };
}

const personal = clientFor(offscreenPersonalMessages);

export const personalChannel: PersonalChannel = {
  keep: (mood) => personal.keepPersonalExample({ mood }),
  changed: () => personal.personalExamplesChanged(),
};

/** Opens a page in a new tab (a content script cannot open extension pages itself). */
export async function openPageInTab(request: PageRequest): Promise<void> {
  await browser.tabs.create({
    url: pageUrl(request, browser.runtime.id, (path) => browser.runtime.getURL(path as '/')),
  });
}

/** Opens the page a first install greets the person with (the welcome page); an update opens nothing. */
export function greetOnInstall(report: (error: unknown) => void): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    const page = pageOnInstall(reason);
    if (page) openPageInTab(page).catch(report);
  });
}

/** Spotify's sign-in window and the redirect URL registered in the person's Spotify app. */
export const browserSignIn: SignIn = {
  redirectUri: () => browser.identity.getRedirectURL(),
  launchWebAuthFlow: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
};

/** The toolbar button's badge and tooltip, for every tab (the camera's light, `lib/camera/badge-service.ts`). */
export const browserActionBadge: ActionBadge = {
  setBadgeText: (text) => browser.action.setBadgeText({ text }),
  setBadgeBackgroundColor: (color) => browser.action.setBadgeBackgroundColor({ color }),
  setBadgeTextColor: (color) => browser.action.setBadgeTextColor({ color }),
  setTitle: (title) => browser.action.setTitle({ title }),
};

/** Whether the panel is collapsed; the key is the one the panel used to write itself, so the choice carries over. */
export const panelCollapsedItem = (): CollapsedItem =>
  storage.defineItem<unknown>('local:panelCollapsed') as CollapsedItem;

/** SoundNet's host as the manifest lists it in `optional_host_permissions`. */
const SOUNDNET_HOST = { origins: [hostPattern(SOUNDNET_ORIGIN)] };

/**
 * The grant of SoundNet's host, an optional host permission: Options asks for it (only a page, during a click, can);
 * the worker checks it, gives it back, and hears when the person grants or takes it back in the browser's settings.
 */
export const soundnetHostAccess: HostAccess = {
  has: () => browser.permissions.contains(SOUNDNET_HOST),
  release: async () => {
    await browser.permissions.remove(SOUNDNET_HOST);
  },
  onChange: (listener) => {
    browser.permissions.onAdded.addListener(() => listener());
    browser.permissions.onRemoved.addListener(() => listener());
  },
};
