import { describeError } from '@/lib/errors/report';
import { type Client, clientFor } from '@/lib/messaging/client';
import type { Contract } from '@/lib/messaging/contract';

/** Text an error carries when the extension was updated under a running content script. */
const CONTEXT_GONE = /Extension context invalidated|context invalidated/i;

/**
 * How a surface's commands went: the last failure in words, and whether the extension was reloaded or
 * updated under this page (then only a reload helps). One per context (`commandStatus()`).
 */
export class CommandStatus {
  error = $state<string | null>(null);
  contextGone = $state(false);

  /** Runs one command; a failure shows here instead of throwing. */
  async run(request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
      this.error = null;
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error: unknown): void {
    if (CONTEXT_GONE.test(describeError(error))) this.contextGone = true;
    else this.error = describeError(error);
  }
}

let shared: CommandStatus | undefined;

/** This context's command status; every surface of a page shares it. */
export function commandStatus(): CommandStatus {
  shared ??= new CommandStatus();
  return shared;
}

/** A contract's messages as commands: each resolves when acknowledged and never throws. */
export type Commands<C extends Contract> = {
  [K in keyof Client<C>]: (...args: Parameters<Client<C>[K]>) => Promise<void>;
};

/**
 * The commands of one feature's contract for a surface (`commandsFor(djMessages).queueTracks({ count: 5 })`):
 * commands answer with an acknowledgement, the state they change arrives by the live-state broadcast, and a
 * refusal or failure shows in `status`. For a message whose answer the page needs, use `clientFor`.
 */
export function commandsFor<C extends Contract>(contract: C, status: CommandStatus = commandStatus()): Commands<C> {
  const client = clientFor(contract) as unknown as Record<string, (data?: unknown) => Promise<unknown>>;
  const commands: Record<string, (data?: unknown) => Promise<void>> = {};
  for (const [type, send] of Object.entries(client)) commands[type] = (data) => status.run(() => send(data));
  return commands as unknown as Commands<C>;
}
