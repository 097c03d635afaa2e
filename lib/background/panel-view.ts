import { z } from 'zod';
import { storage } from '#imports';
import type { LiveState } from '@/lib/live-state/state';
import type { Settings } from '@/lib/settings/schema';
import type { LiveStateStore } from '../live-state/store';

/**
 * Whether the panel is collapsed to its pill, remembered across pages and restarts. Only
 * the background reads and writes it (content scripts may not touch extension storage);
 * the key is the one the panel used to write itself, so the user's choice carries over.
 */
const collapsedItem = storage.defineItem<unknown>('local:panelCollapsed');

/** The live state with the panel's DJ switches taken from settings; the same object when they already agree. */
export function followSettings(state: LiveState, settings: Settings): LiveState {
  const { mode, autoDj } = settings.dj;
  if (state.dj.mode === mode && state.dj.autoDj === autoDj) return state;
  return { ...state, dj: { ...state.dj, mode, autoDj } };
}

/**
 * Keeps what the panel shows from storage in the live state: the DJ switches (from
 * settings, which the panel cannot read) and the collapsed state.
 */
export function createPanelView(live: LiveStateStore) {
  return {
    /** On start and after every settings change. */
    followSettings(settings: Settings): Promise<LiveState> {
      return live.update((state) => followSettings(state, settings));
    },
    /** On start: the remembered collapsed state into the live state. */
    async loadCollapsed(): Promise<LiveState> {
      const stored = z
        .boolean()
        .catch(false)
        .parse(await collapsedItem.getValue());
      return live.update((state) => (state.panelCollapsed === stored ? state : { ...state, panelCollapsed: stored }));
    },
    /** The `setPanelCollapsed` handler: remember it, then every open panel follows. */
    async setCollapsed(collapsed: boolean): Promise<void> {
      await collapsedItem.setValue(collapsed);
      await live.update((state) => ({ ...state, panelCollapsed: collapsed }));
    },
  };
}
