import type { GetReturnType, MaybePromise } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import { type MessageType, onMessage, type ProtocolMap } from './protocol';
import { refusals as contextRefusals, type Refusals } from './refusals';
import { type MessageData, parseMessageData } from './schemas';
import type { SenderInfo } from './sender-policy';

/** The parts of `runtime` the check needs. */
export interface RuntimeInfo {
  id: string;
  getURL(path: '/background.js'): string;
}

/**
 * Whether a message came from this extension's service worker. `runtime.sendMessage` from a
 * content script reaches every extension page (the offscreen document included), so pages
 * must not trust a control message for arriving at all. The worker's messages carry its
 * script URL and no tab (checked in Chromium 156: `chrome-extension://<id>/background.js`).
 */
export function isFromBackground(sender: SenderInfo | undefined, runtime: RuntimeInfo): boolean {
  if (!sender || sender.tab) return false;
  return sender.id === runtime.id && sender.url === runtime.getURL('/background.js');
}

type Receiver<K extends MessageType> = (data: MessageData<K>) => MaybePromise<GetReturnType<ProtocolMap[K]>>;

/**
 * Wraps a page's or the offscreen document's receiver so it runs only for a message the
 * background sent, with data its schema accepts. Anything else is refused (logged once)
 * and the receiver never sees it.
 */
export function fromBackground<K extends MessageType>(
  type: K,
  receive: Receiver<K>,
  runtime: RuntimeInfo = browser.runtime,
  refusals: Refusals = contextRefusals,
) {
  return (message: { data: unknown; sender?: SenderInfo }) => {
    if (!isFromBackground(message.sender, runtime)) throw refusals.refuse(type, 'only the background may send it');
    const parsed = parseMessageData(type, message.data);
    if (!parsed.ok) throw refusals.refuse(type, `invalid data (${parsed.reason})`);
    return receive(parsed.data);
  };
}

/** `onMessage` for messages only the background may send. */
export function onBackgroundMessage<K extends MessageType>(type: K, receive: Receiver<K>): () => void {
  return onMessage(type, fromBackground(type, receive));
}
