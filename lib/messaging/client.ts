import type { AnswerOf, Contract, InputOf } from './contract';
import { send } from './transport';

type Args<S> = undefined extends InputOf<S> ? [data?: InputOf<S>] : [data: InputOf<S>];

/** One method per message of the contract: sends it and resolves with its answer (or the receiver's refusal). */
export type Client<C extends Contract> = {
  [K in keyof C['messages'] & string]: (...args: Args<C['messages'][K]>) => Promise<AnswerOf<C['messages'][K]>>;
};

/**
 * A typed client for a contract's messages, built from the contract itself: a page asks
 * `clientFor(djMessages).queueTracks({ count: 5 })`. With `tabId`, the messages go to that tab's content
 * script (the background's broadcasts to panels).
 */
export function clientFor<C extends Contract>(
  contract: C,
  options: { tabId?: number; send?: typeof send } = {},
): Client<C> {
  const transport = options.send ?? send;
  const client: Record<string, (data?: unknown) => Promise<unknown>> = {};
  for (const type of Object.keys(contract.messages)) {
    client[type] = (data?: unknown) => transport(type, data, options.tabId);
  }
  return client as unknown as Client<C>;
}
