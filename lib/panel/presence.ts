import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { PANEL_PORT } from '@/lib/messaging/transport';

/** The part of WXT's context the presence port needs; tests pass a fake. */
export type PresenceContext = Pick<ContentScriptContext, 'isInvalid' | 'onInvalidated' | 'setTimeout'>;

/** The part of a runtime port the presence needs. */
export interface PresencePort {
  disconnect(): void;
  onDisconnect: { addListener(callback: () => void): void };
}

const RECONNECT_MS = 250;

/**
 * Keeps a port open to the background while this tab shows the panel, so the
 * background knows a web player is open (and the camera may run). The port drops when
 * the worker stops; the panel reconnects, which also wakes the worker.
 *
 * When WXT invalidates this script (an update, or a newer copy of it started in the tab)
 * the panel is removed, so the port is closed with it and never reopened: the camera must
 * not run for a tab that no longer shows its switch.
 */
export function announcePresence(
  ctx: PresenceContext,
  open: () => PresencePort = () => browser.runtime.connect({ name: PANEL_PORT }),
): void {
  let port: PresencePort | null = null;
  const connect = () => {
    if (ctx.isInvalid) return;
    try {
      const opened = open();
      port = opened;
      opened.onDisconnect.addListener(() => {
        if (port === opened) port = null;
        ctx.setTimeout(connect, RECONNECT_MS);
      });
    } catch {
      // The extension was updated or removed under this page: ctx.onInvalidated handles it.
    }
  };
  ctx.onInvalidated(() => {
    const open = port;
    port = null;
    try {
      open?.disconnect();
    } catch {
      // Already gone with the extension's context: nothing is left to close.
    }
  });
  connect();
}
