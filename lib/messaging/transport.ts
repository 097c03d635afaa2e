import { defineExtensionMessaging, type ProtocolWithReturn } from '@webext-core/messaging';
import type { SenderInfo } from './sender-policy';

/**
 * The wire: `runtime.sendMessage` / `tabs.sendMessage` through `@webext-core/messaging`, untyped. Types come
 * from the features' contracts (`./contract.ts`); the checks from `./receive.ts`. One listener per message
 * name per context (the library's rule).
 */
const messenger = defineExtensionMessaging<Record<string, ProtocolWithReturn<unknown, unknown>>>({
  logger: undefined,
});

/** Sends `type` to the background (and every extension page), or to one tab's content script. */
export function send(type: string, data: unknown, tabId?: number): Promise<unknown> {
  return tabId === undefined ? messenger.sendMessage(type, data) : messenger.sendMessage(type, data, tabId);
}

/** A message as a receiver sees it: data unchecked, the sender as the browser reports it. */
export interface Incoming {
  data: unknown;
  sender?: SenderInfo;
}

/** Listens for `type` in this context. Returns a function that stops listening. */
export function listen(type: string, receive: (message: Incoming) => unknown): () => void {
  return messenger.onMessage(type, (message) => receive(message as Incoming) as never);
}

/** The port name a panel keeps open to say "I am alive in this tab" (see lib/background/panel-presence.ts). */
export const PANEL_PORT = 'mooddj-panel';
