import { browser } from 'wxt/browser';
import type { PageRequest } from '@/lib/messaging/protocol';
import type { Service } from './context';

export const WEB_PLAYER_URL = 'https://open.spotify.com/';

/** The URL for a page request. Site settings are where a blocked camera is unblocked. */
export function pageUrl(request: PageRequest, extensionId: string, getUrl: (path: string) => string): string {
  switch (request.page) {
    case 'options':
      return getUrl(`/options.html${request.section ? `#${request.section}` : ''}`);
    case 'camera-grant':
      return getUrl('/camera-grant.html');
    case 'camera-site-settings':
      return `chrome://settings/content/siteDetails?site=${encodeURIComponent(`chrome-extension://${extensionId}`)}`;
    case 'web-player':
      return WEB_PLAYER_URL;
  }
}

export async function openPage(request: PageRequest): Promise<void> {
  await browser.tabs.create({
    url: pageUrl(request, browser.runtime.id, (path) => browser.runtime.getURL(path as '/')),
  });
}

/** `openPage` for the pages and the panel (a content script cannot open extension pages itself). */
export function createOpenPageService(open: (request: PageRequest) => Promise<void> = openPage): Service {
  return { name: 'open-page', handlers: { openPage: (request) => open(request) } };
}
