import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { PANEL_PORT } from '@/lib/background/panel-presence';

/**
 * Keeps a port open to the background while this tab shows the panel, so the
 * background knows a web player is open. The port drops when the worker stops; the
 * panel reconnects, which also wakes the worker.
 */
export function announcePresence(ctx: ContentScriptContext): void {
  const connect = () => {
    if (ctx.isInvalid) return;
    try {
      const port = browser.runtime.connect({ name: PANEL_PORT });
      port.onDisconnect.addListener(() => ctx.setTimeout(connect, 250));
    } catch {
      // The extension was updated or removed under this page: ctx.onInvalidated handles it.
    }
  };
  connect();
}
