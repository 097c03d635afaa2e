import { storage } from '#imports';
import { createSerialQueue } from '@/lib/async/serial';
import { reportError } from '@/lib/errors/report';
import { LIVE_STATE_SESSION_KEY, liveStateSchema } from '@/lib/live-state/schema';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { clientFor } from '@/lib/messaging/client';
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
}

/**
 * The live state, kept in `storage.session` so a restarted service worker picks it up, and pushed to
 * every open surface. The worker is its only writer, so after the first read it lives in memory.
 *
 * Broadcasts are coalesced: every update writes the stored value at once, but the surfaces get one
 * message per task with the state as it is then, not one per field a handler touched ("Queue 5" used
 * to send four whole states in a row).
 */
export function createLiveStateStore(deps: LiveStateStoreDeps): LiveStateStore {
  const item = deps.item ?? sessionItem();
  const defer = deps.defer ?? ((run: () => void) => void setTimeout(run, 0));
  let current: LiveState | null = null;
  const serial = createSerialQueue().run;
  let flushPending = false;

  const flush = () => {
    flushPending = false;
    if (current) deps.broadcast(current);
  };

  const load = async (): Promise<LiveState> => {
    current ??= await readState(item);
    return current;
  };

  return {
    get: () => serial(load),
    update(change) {
      // Serialised so two quick changes cannot read the same old state.
      return serial(async () => {
        const before = await load();
        const after = change(before);
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

/** The stored state, or the initial one when there is none or it no longer fits the schema (after an update). */
async function readState(item: LiveStateItem): Promise<LiveState> {
  const raw = await item.getValue();
  if (raw === null || raw === undefined) return INITIAL_LIVE_STATE;
  const parsed = liveStateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  reportError('messaging', new Error('The cached live state was invalid; starting from the initial state.'));
  await item.setValue(INITIAL_LIVE_STATE);
  return INITIAL_LIVE_STATE;
}
