import { type Browser, browser } from 'wxt/browser';
import { isSpotifyUrl } from '@/lib/messaging/sender-policy';
import { PANEL_PORT } from '@/lib/messaging/transport';

/**
 * Tracks open web-player tabs through the ports their panels keep open. A port closes
 * when its tab closes or navigates away, which needs no `tabs` permission. After a
 * service-worker restart the panels reconnect, so the set rebuilds itself.
 */
export function trackPanels(onChange: (tabIds: ReadonlySet<number>) => void): { tabIds(): ReadonlySet<number> } {
  const ports = new Map<number, Browser.runtime.Port>();
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PANEL_PORT) return;
    const tabId = port.sender?.tab?.id;
    const url = port.sender?.tab?.url ?? port.sender?.url ?? '';
    if (port.sender?.id !== browser.runtime.id || tabId === undefined || !isSpotifyUrl(url)) {
      port.disconnect();
      return;
    }
    ports.set(tabId, port);
    onChange(new Set(ports.keys()));
    port.onDisconnect.addListener(() => {
      if (ports.get(tabId) === port) ports.delete(tabId);
      onChange(new Set(ports.keys()));
    });
  });
  return { tabIds: () => new Set(ports.keys()) };
}
