import { storage } from '#imports';
import { reportError } from '@/lib/errors/report';
import { LIVE_STATE_SESSION_KEY, liveStateSchema } from '@/lib/live-state/schema';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { sendMessage } from '@/lib/messaging/protocol';

/**
 * The live state, kept in `storage.session` so a restarted service worker picks it up,
 * and pushed to every open surface on each change. `storage.session` is for trusted
 * contexts only (Chrome's default; the background also sets it at startup, see
 * `storage-access.ts`), so no content script reads or forges it.
 */
const liveStateItem = storage.defineItem<unknown>(`session:${LIVE_STATE_SESSION_KEY}`);

/** The stored state, or the initial one when there is none or it no longer fits the schema (after an update). */
async function readState(): Promise<LiveState> {
  const raw = await liveStateItem.getValue();
  if (raw === null) return INITIAL_LIVE_STATE;
  const parsed = liveStateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  reportError('messaging', new Error('The cached live state was invalid; starting from the initial state.'));
  await liveStateItem.setValue(INITIAL_LIVE_STATE);
  return INITIAL_LIVE_STATE;
}

export interface LiveStateStore {
  get(): Promise<LiveState>;
  update(change: (state: LiveState) => LiveState): Promise<LiveState>;
}

/** `panelTabs` lists the tabs to push to; extension pages get a runtime broadcast. */
export function createLiveStateStore(panelTabs: () => Iterable<number>): LiveStateStore {
  let queue: Promise<unknown> = Promise.resolve();
  const store: LiveStateStore = {
    get: readState,
    update(change) {
      // Serialised so two quick changes cannot read the same old state.
      const next = queue.then(async () => {
        const before = await readState();
        const after = change(before);
        if (JSON.stringify(after) === JSON.stringify(before)) return before;
        await liveStateItem.setValue(after);
        broadcast(after, panelTabs());
        return after;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
  return store;
}

function broadcast(state: LiveState, tabs: Iterable<number>): void {
  // No open page or a tab mid-navigation is normal, so these rejections are expected.
  sendMessage('liveStateChanged', state).catch(() => undefined);
  for (const tabId of tabs) sendMessage('liveStateChanged', state, tabId).catch(() => undefined);
}
