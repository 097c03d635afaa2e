import type { GetDataType, GetReturnType, MaybePromise } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import { reportError } from '@/lib/errors/report';
import { type MessageType, onMessage, type ProtocolMap } from '@/lib/messaging/protocol';
import { assertSenderAllowed, type SenderInfo, type SenderKind } from '@/lib/messaging/sender-policy';

/** A background handler: the message's data and the checked kind of its sender. */
export type Handler<K extends MessageType> = (
  data: GetDataType<ProtocolMap[K]>,
  from: SenderKind,
) => MaybePromise<GetReturnType<ProtocolMap[K]>>;

export type BackgroundHandlers = { [K in MessageType]?: Handler<K> };

/**
 * Wraps a handler so it runs only for senders `MESSAGE_POLICY` allows; anything else
 * is refused with an error the sender receives, and the handler never sees it.
 */
export function guard<K extends MessageType>(type: K, handler: Handler<K>, extensionId: string) {
  return (message: { data: GetDataType<ProtocolMap[K]>; sender: SenderInfo }) => {
    let kind: SenderKind;
    try {
      kind = assertSenderAllowed(type, message.sender, extensionId);
    } catch (error) {
      reportError('messaging', error);
      throw error;
    }
    return handler(message.data, kind);
  };
}

/** Registers every handler behind the sender guard. */
export function registerHandlers(handlers: BackgroundHandlers, extensionId = browser.runtime.id): void {
  for (const type of Object.keys(handlers) as MessageType[]) register(type, handlers, extensionId);
}

function register<K extends MessageType>(type: K, handlers: BackgroundHandlers, extensionId: string): void {
  const handler = handlers[type] as Handler<K> | undefined;
  if (handler) onMessage(type, guard(type, handler, extensionId));
}
