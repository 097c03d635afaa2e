import type { GetDataType, GetReturnType, MaybePromise } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import { type MessageType, onMessage, type ProtocolMap } from '@/lib/messaging/protocol';
import { refusals as contextRefusals, type Refusals } from '@/lib/messaging/refusals';
import { parseMessageData } from '@/lib/messaging/schemas';
import { checkSender, type SenderInfo, type SenderKind } from '@/lib/messaging/sender-policy';

/** A background handler: the message's data and the checked kind of its sender. */
export type Handler<K extends MessageType> = (
  data: GetDataType<ProtocolMap[K]>,
  from: SenderKind,
) => MaybePromise<GetReturnType<ProtocolMap[K]>>;

export type BackgroundHandlers = { [K in MessageType]?: Handler<K> };

/**
 * Wraps a handler so it runs only for senders `MESSAGE_POLICY` allows and for data its
 * schema (`lib/messaging/schemas.ts`) accepts. Anything else is refused with an error the
 * sender receives, logged once per kind of refusal, and the handler never sees it.
 */
export function guard<K extends MessageType>(
  type: K,
  handler: Handler<K>,
  extensionId: string,
  refusals: Refusals = contextRefusals,
) {
  return (message: { data: unknown; sender: SenderInfo }) => {
    const sender = checkSender(type, message.sender, extensionId);
    if (!sender.ok) throw refusals.refuse(type, sender.why);
    const parsed = parseMessageData(type, message.data);
    if (!parsed.ok) throw refusals.refuse(type, `invalid data (${parsed.reason})`);
    return handler(parsed.data, sender.kind);
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
