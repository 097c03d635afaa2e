import type { z } from 'zod';
import { storage } from '#imports';
import { createSerialQueue } from '@/lib/async/serial';
import { reportError } from '@/lib/errors/report';
import { LIVE_STATE_SESSION_KEY } from '@/lib/live-state/schema';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { clientFor } from '@/lib/messaging/client';
import { fitLiveState } from './fit';
import { liveStateBroadcast } from './messages';

export interface LiveStateStore {
  get(): Promise<LiveState>;
  update(change: (state: LiveState) => LiveState): Promise<LiveState>;
}

/** Where the state survives a worker restart; tests pass one in memory. */
export interface LiveStateItem {
  getValue(): Promise<unknown>;
  setValue(value: LiveState): Promise<void>;
}

export interface LiveStateStoreDeps {
  /** Sends one state to every open surface. */
  broadcast(state: LiveState): void;
  /** @default the `storage.session` item (trusted contexts only, see `storage-access.ts`) */
  item?: LiveStateItem;
  /** Runs the broadcast once the current task is over. @default `setTimeout(run, 0)` */
  defer?(run: () => void): void;
  /** Where a refused update is reported (`ctx.report` in the worker). @default the funnel, tagged `live-state` */
  report?(error: unknown): void;
}

/**
 * The live state, kept in `storage.session` so a restarted service worker picks it up, and pushed to
 * every open surface. The worker is its only writer, so after the first read it lives in memory.
 *
 * Broadcasts are coalesced: every update writes the stored value at once, but the surfaces get one
 * message per task with the state as it is then, not one per field a handler touched ("Queue 5" used
 * to send four whole states in a row).
 *
 * The limits are kept here, where the state is written, not only where it is received: a text over its bound
 * (an imported track name of 5,000 characters) is cut before it is stored (`fitLiveState`), and an update
 * still outside the schema is refused and reported, the state kept as it was. Every receiver checks the
 * schema and would refuse the whole state, freezing every surface's view.
 */
export function createLiveStateStore(deps: LiveStateStoreDeps): LiveStateStore {
  const item = deps.item ?? sessionItem();
  const defer = deps.defer ?? ((run: () => void) => void setTimeout(run, 0));
  const report = deps.report ?? ((error: unknown) => reportError('live-state', error));
  let current: LiveState | null = null;
  const serial = createSerialQueue().run;
  let flushPending = false;

  const flush = () => {
    flushPending = false;
    if (current) deps.broadcast(current);
  };

  const load = async (): Promise<LiveState> => {
    current ??= await readState(item, report);
    return current;
  };

  return {
    get: () => serial(load),
    update(change) {
      // Serialised so two quick changes cannot read the same old state.
      return serial(async () => {
        const before = await load();
        const fitted = fitLiveState(change(before));
        if (!fitted.success) {
          report(new Error(`A live-state update was refused; the state stays as it was (${describe(fitted.error)})`));
          return before;
        }
        const after = fitted.data;
        if (JSON.stringify(after) === JSON.stringify(before)) return before;
        current = after;
        await item.setValue(after);
        if (!flushPending) {
          flushPending = true;
          defer(flush);
        }
        return after;
      });
    },
  };
}

/** The real broadcast: extension pages get a runtime message, each live panel a tab message. */
export function broadcastTo(panelTabs: () => Iterable<number>): (state: LiveState) => void {
  return (state) => {
    // No open page or a tab mid-navigation is normal, so these rejections are expected.
    clientFor(liveStateBroadcast)
      .liveStateChanged(state)
      .catch(() => undefined);
    for (const tabId of panelTabs()) {
      clientFor(liveStateBroadcast, { tabId })
        .liveStateChanged(state)
        .catch(() => undefined);
    }
  };
}

function sessionItem(): LiveStateItem {
  return storage.defineItem<unknown>(`session:${LIVE_STATE_SESSION_KEY}`) as LiveStateItem;
}

/**
 * The stored state (its texts cut to their bounds), or the initial one when there is none or it no longer fits
 * the schema (after an update).
 */
async function readState(item: LiveStateItem, report: (error: unknown) => void): Promise<LiveState> {
  const raw = await item.getValue();
  if (raw === null || raw === undefined) return INITIAL_LIVE_STATE;
  const parsed = fitLiveState(raw);
  if (parsed.success) return parsed.data;
  report(new Error(`The cached live state was invalid; starting from the initial state (${describe(parsed.error)})`));
  await item.setValue(INITIAL_LIVE_STATE);
  return INITIAL_LIVE_STATE;
}

/** Where the state broke the schema and how, never the values (they may be track names). */
function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'the state'}: ${issue.message}`)
    .join('; ');
}
