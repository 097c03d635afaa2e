import { browser } from 'wxt/browser';
import type { Contract, Handler, Handlers, Implementation, MessageSpec, SenderKind } from './contract';
import { refusals as contextRefusals, type Refusals } from './refusals';
import { checkSender, type ExtensionSelf, isFromBackground, type RuntimeInfo, type SenderInfo } from './sender-policy';
import { type Incoming, listen } from './transport';

/** Why a message's data was refused: the first problem's path and zod code (never the value, which may be a key). */
export function parseData(
  spec: MessageSpec,
  data: unknown,
): { ok: true; data: unknown } | { ok: false; reason: string } {
  const result = spec.data.safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.map(String).join('.') : '(data)';
  return { ok: false, reason: `${path}: ${issue?.code ?? 'invalid'}` };
}

/**
 * Wraps a background handler so it runs only for senders its message allows and for data its schema
 * accepts. Anything else is refused with an error the sender receives, logged once per kind of refusal,
 * and the handler never sees it.
 */
export function guard(
  type: string,
  spec: MessageSpec,
  handler: Handler<MessageSpec>,
  extension: string | ExtensionSelf,
  refusals: Refusals = contextRefusals,
) {
  return (message: Incoming) => {
    const sender = checkSender(spec.from, message.sender ?? {}, extension);
    if (!sender.ok) throw refusals.refuse(type, sender.why);
    const parsed = parseData(spec, message.data);
    if (!parsed.ok) throw refusals.refuse(type, `invalid data (${parsed.reason})`);
    return handler(parsed.data, sender.kind);
  };
}

/**
 * Wraps a page's or the offscreen document's handler so it runs only for a message the background sent,
 * with data its schema accepts. Anything else is refused (logged once) and the handler never sees it.
 */
export function fromBackground(
  type: string,
  spec: MessageSpec,
  handler: Handler<MessageSpec>,
  runtime: RuntimeInfo = browser.runtime,
  refusals: Refusals = contextRefusals,
) {
  return (message: { data: unknown; sender?: SenderInfo }) => {
    if (!spec.from.includes('background') || !isFromBackground(message.sender, runtime)) {
      throw refusals.refuse(type, 'only the background may send it');
    }
    const parsed = parseData(spec, message.data);
    if (!parsed.ok) throw refusals.refuse(type, `invalid data (${parsed.reason})`);
    return handler(parsed.data, 'background');
  };
}

/** Each message of an implementation with its spec and handler, untyped for the wire. */
export function entries(implementation: Implementation): [string, MessageSpec, Handler<MessageSpec>][] {
  const handlers = implementation.handlers as Record<string, Handler<MessageSpec> | undefined>;
  return Object.entries(implementation.contract.messages).map(([type, spec]) => {
    const handler = handlers[type];
    // The type system already demands one handler per message; this names the gap if a cast hid one.
    if (!handler) throw new Error(`No handler for "${type}".`);
    return [type, spec, handler];
  });
}

/** This extension as the background's guard knows it (the camera page's host follows the build target). */
export function thisExtension(): ExtensionSelf {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('/'), cameraInTab: import.meta.env.FIREFOX };
}

/** Registers the background's handlers, each behind the sender and data guard. */
export function listenInBackground(
  implementations: readonly Implementation[],
  extension: string | ExtensionSelf = thisExtension(),
) {
  for (const implementation of implementations) {
    for (const [type, spec, handler] of entries(implementation)) listen(type, guard(type, spec, handler, extension));
  }
}

/**
 * A page or the offscreen document implements a contract of messages only the background may send.
 * Returns a function that stops listening.
 */
export function listenFromBackground<C extends Contract>(contract: C, handlers: Handlers<C>): () => void {
  const stops = entries({ contract, handlers }).map(([type, spec, handler]) =>
    listen(type, fromBackground(type, spec, handler)),
  );
  return () => {
    for (const stop of stops) stop();
  };
}

export type { SenderKind };
