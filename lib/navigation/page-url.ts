import type { PageRequest } from './messages';

export const WEB_PLAYER_URL = 'https://open.spotify.com/';

/**
 * The URL for a page request. Site settings are where a blocked camera is unblocked, in Chrome; Firefox refuses an
 * extension its settings pages (`tabs.create` with `about:preferences`), so its surfaces say where to go instead.
 */
export function pageUrl(
  request: PageRequest,
  extensionId: string,
  getUrl: (path: string) => string,
  firefox: boolean = import.meta.env.FIREFOX === true,
): string {
  switch (request.page) {
    case 'options':
      return getUrl(`/options.html${request.section ? `#${request.section}` : ''}`);
    case 'camera-grant':
      return getUrl('/camera-grant.html');
    case 'privacy':
      return getUrl('/privacy.html');
    case 'camera-site-settings':
      if (firefox) {
        throw new Error(
          'Firefox does not let MoodDJ open its settings: click the camera icon in the address bar of the MoodDJ ' +
            'camera tab, or open about:preferences#privacy → Permissions → Camera.',
        );
      }
      return `chrome://settings/content/siteDetails?site=${encodeURIComponent(`chrome-extension://${extensionId}`)}`;
    case 'web-player':
      return WEB_PLAYER_URL;
    case 'welcome':
      return getUrl('/welcome.html');
  }
}

/**
 * The page to open when Chrome installs or updates MoodDJ (`runtime.onInstalled`'s reason): a first install
 * greets the person with the setup; an update or a browser update opens nothing.
 */
export function pageOnInstall(reason: string): PageRequest | null {
  return reason === 'install' ? { page: 'welcome' } : null;
}
