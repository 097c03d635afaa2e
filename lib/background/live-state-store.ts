import { storage } from '#imports';
import { sendMessage } from '@/lib/messaging/protocol';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/state/live-state';

/**
 * The live state, kept in `storage.session` so a restarted service worker picks it up,
 * and pushed to every open surface on each change.
 */
const liveStateItem = storage.defineItem<LiveState>('session:liveState', { fallback: INITIAL_LIVE_STATE });

export interface LiveStateStore {
  get(): Promise<LiveState>;
  update(change: (state: LiveState) => LiveState): Promise<LiveState>;
}

/** `panelTabs` lists the tabs to push to; extension pages get a runtime broadcast. */
export function createLiveStateStore(panelTabs: () => Iterable<number>): LiveStateStore {
  let queue: Promise<unknown> = Promise.resolve();
  const store: LiveStateStore = {
    get: () => liveStateItem.getValue(),
    update(change) {
      // Serialised so two quick changes cannot read the same old state.
      const next = queue.then(async () => {
        const before = await liveStateItem.getValue();
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
