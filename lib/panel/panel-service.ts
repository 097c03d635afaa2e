import { z } from 'zod';
import type { BackgroundContext, Service } from '@/lib/background/context';
import type { LiveState } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import type { Settings } from '@/lib/settings/schema';
import { panelViewMessages } from './messages';

/**
 * Where the collapsed state is remembered across pages and restarts (`local:panelCollapsed`, in the worker;
 * content scripts may not touch extension storage); tests pass one in memory.
 */
export interface CollapsedItem {
  getValue(): Promise<unknown>;
  setValue(value: boolean): Promise<void>;
}

/** The live state with the panel's DJ switches taken from settings; the same object when they already agree. */
export function followSettings(state: LiveState, settings: Settings): LiveState {
  const { mode, autoDj } = settings.dj;
  if (state.dj.mode === mode && state.dj.autoDj === autoDj) return state;
  return { ...state, dj: { ...state.dj, mode, autoDj } };
}

/**
 * Keeps what the panel shows from storage in the live state: the DJ switches (from settings, which
 * the panel cannot read) and the collapsed state. The panel's DJ switches go to settings through the DJ's
 * `updateDjSettings`.
 */
export function createPanelViewService(ctx: BackgroundContext, collapsed: CollapsedItem): Service {
  // Also right after the panel's own switch: `settings.update` reports the change at once, so the
  // broadcast that follows the click already carries it.
  ctx.events.on('settingsChanged', ({ settings }) =>
    ctx.live.update((state) => followSettings(state, settings)).catch(ctx.report),
  );

  return {
    name: 'panel-view',
    handles: [
      implement(panelViewMessages, {
        setPanelCollapsed: async (value) => {
          await collapsed.setValue(value);
          await ctx.live.update((state) => ({ ...state, panelCollapsed: value }));
        },
      }),
    ],
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
