import { z } from 'zod';

/**
 * How a feature declares the messages it receives: once, in its own folder (`lib/<feature>/messages.ts`).
 * Each message names the schema of its data, who may send it and what it answers. The receiver implements
 * exactly that contract (`Handlers`), a sender gets a typed client from it (`./client.ts`), and the
 * protocol-wide tables (`lib/protocol.ts`, `lib/message-senders.md`) are derived from all the contracts.
 * Nothing here knows any feature.
 */

/** Who sends a message, as the receiver can tell from the sender (`./senders.ts`). */
export type SenderKind = 'extension-page' | 'spotify-tab' | 'offscreen' | 'background';

/** Where a contract's messages are handled. */
export type Receiver = 'background' | 'offscreen' | 'pages';

declare const answerType: unique symbol;

/** The data of a message that carries none. */
export const noData = z.undefined();

/** A message's answer, carried only in the type system. */
export interface Answer<R> {
  readonly [answerType]: R;
}

/** What a message answers: `answers<SessionView>()`. Commands answer nothing (`answers()`). */
export const answers = <R = void>(): Answer<R> => ({}) as Answer<R>;

/** One message: what its data may be, who may send it, what it answers. */
export interface MessageSpec<D extends z.ZodType = z.ZodType, R = unknown> {
  /** Every receiver parses the data with this before acting; numbers are bounded, strings capped. */
  data: D;
  /** Who may send it. Anyone else is refused before the handler runs. */
  from: readonly SenderKind[];
  answer: Answer<R>;
}

// biome-ignore lint/suspicious/noExplicitAny: the answer type varies per message; each is checked where it is used.
export type Messages = Record<string, MessageSpec<z.ZodType, any>>;

/** A feature's messages to one receiver. */
export interface Contract<M extends Messages = Messages, To extends Receiver = Receiver> {
  to: To;
  messages: M;
}

/** Declares a feature's messages to `to`. */
export function defineContract<To extends Receiver, const M extends Messages>(to: To, messages: M): Contract<M, To> {
  return { to, messages };
}

/** The data a handler receives: parsed, defaults applied. */
export type DataOf<S> = S extends MessageSpec<infer D> ? z.output<D> : never;
/** The data a sender passes. */
export type InputOf<S> = S extends MessageSpec<infer D> ? z.input<D> : never;
/** What the message answers. */
export type AnswerOf<S> = S extends { answer: Answer<infer R> } ? R : never;

type MaybePromise<T> = T | Promise<T>;

/** A receiver's handler: the checked data and the checked kind of its sender. */
export type Handler<S> = (data: DataOf<S>, from: SenderKind) => MaybePromise<AnswerOf<S>>;

/** Exactly one handler per message of the contract: a missing or an extra one does not compile. */
export type Handlers<C extends Contract> = { [K in keyof C['messages']]: Handler<C['messages'][K]> };

/** A contract with its handlers, as a receiver registers them. */
export interface Implementation<C extends Contract = Contract> {
  contract: C;
  handlers: Handlers<C>;
}

/** Pairs a contract with the handlers that implement it (type-checked against it). */
export function implement<C extends Contract>(contract: C, handlers: Handlers<C>): Implementation<C> {
  return { contract, handlers };
}

/** The protocol map `@webext-core/messaging` expects, derived from a contract's messages. */
export type ProtocolOf<M extends Messages> = {
  [K in keyof M]: (data: InputOf<M[K]>) => AnswerOf<M[K]>;
};
