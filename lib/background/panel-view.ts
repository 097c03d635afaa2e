import { z } from 'zod';
import { storage } from '#imports';
import type { LiveState } from '@/lib/live-state/state';
import type { Settings } from '@/lib/settings/schema';
import type { BackgroundContext, Service } from './context';

/** Where the collapsed state is remembered; tests pass one in memory. */
export interface CollapsedItem {
  getValue(): Promise<unknown>;
  setValue(value: boolean): Promise<void>;
}

/**
 * Whether the panel is collapsed to its pill, remembered across pages and restarts. Only
 * the background reads and writes it (content scripts may not touch extension storage);
 * the key is the one the panel used to write itself, so the user's choice carries over.
 */
const collapsedItem = (): CollapsedItem => storage.defineItem<unknown>('local:panelCollapsed') as CollapsedItem;

/** The live state with the panel's DJ switches taken from settings; the same object when they already agree. */
export function followSettings(state: LiveState, settings: Settings): LiveState {
  const { mode, autoDj } = settings.dj;
  if (state.dj.mode === mode && state.dj.autoDj === autoDj) return state;
  return { ...state, dj: { ...state.dj, mode, autoDj } };
}

/**
 * Keeps what the panel shows from storage in the live state: the DJ switches (from settings, which
 * the panel cannot read) and the collapsed state; and takes the panel's switches back to settings.
 */
export function createPanelViewService(ctx: BackgroundContext, collapsed: CollapsedItem = collapsedItem()): Service {
  // Also right after the panel's own switch: `settings.update` reports the change at once, so the
  // broadcast that follows the click already carries it.
  ctx.events.on('settingsChanged', ({ settings }) => {
    ctx.live.update((state) => followSettings(state, settings)).catch(ctx.report);
  });

  return {
    name: 'panel-view',
    handlers: {
      setPanelCollapsed: async (value) => {
        await collapsed.setValue(value);
        await ctx.live.update((state) => ({ ...state, panelCollapsed: value }));
      },
      updateDjSettings: async (patch) => {
        await ctx.settings.update({ dj: patch });
      },
    },
    async start() {
      const stored = z
        .boolean()
        .catch(false)
        .parse(await collapsed.getValue());
      await ctx.live.update((state) =>
        state.panelCollapsed === stored ? state : { ...state, panelCollapsed: stored },
      );
    },
  };
}
