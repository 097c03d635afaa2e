import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import type { LiveStateStore } from '../live-state/store';
import { createPanelView, followSettings } from './panel-view';

/** The store's contract without the broadcast: serialised updates, and how many changed anything. */
function memoryStore(initial: LiveState = INITIAL_LIVE_STATE) {
  let state = initial;
  let changes = 0;
  const store: LiveStateStore & { changes(): number } = {
    get: async () => state,
    update: async (change) => {
      const next = change(state);
      if (next !== state) changes++;
      state = next;
      return state;
    },
    changes: () => changes,
  };
  return store;
}

const withDj = (dj: Partial<Settings['dj']>): Settings => ({
  ...DEFAULT_SETTINGS,
  dj: { ...DEFAULT_SETTINGS.dj, ...dj },
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('followSettings', () => {
  it('copies the DJ switches from settings and keeps the rest of the state', () => {
    const state = { ...INITIAL_LIVE_STATE, spotifyTabs: 2, dj: { ...INITIAL_LIVE_STATE.dj, busy: true } };
    const next = followSettings(state, withDj({ mode: 'lift', autoDj: true }));
    expect(next.dj).toEqual({ ...state.dj, mode: 'lift', autoDj: true });
    expect(next.spotifyTabs).toBe(2);
  });

  it('returns the same state when nothing differs, so no broadcast goes out', () => {
    expect(followSettings(INITIAL_LIVE_STATE, DEFAULT_SETTINGS)).toBe(INITIAL_LIVE_STATE);
  });

  it('follows every change, including switching back', () => {
    let state = followSettings(INITIAL_LIVE_STATE, withDj({ autoDj: true }));
    expect(state.dj.autoDj).toBe(true);
    state = followSettings(state, withDj({ autoDj: false, mode: 'lift' }));
    expect(state.dj).toMatchObject({ autoDj: false, mode: 'lift' });
  });
});

describe('the panel view', () => {
  it('setPanelCollapsed remembers the choice and puts it in the live state', async () => {
    const live = memoryStore();
    const view = createPanelView(live);
    await view.setCollapsed(true);
    expect((await live.get()).panelCollapsed).toBe(true);
    expect(await storage.getItem('local:panelCollapsed')).toBe(true);
    await view.setCollapsed(false);
    expect((await live.get()).panelCollapsed).toBe(false);
    expect(await storage.getItem('local:panelCollapsed')).toBe(false);
  });

  it('restores the remembered collapsed state on start (also the one the panel stored itself before)', async () => {
    await storage.setItem('local:panelCollapsed', true);
    const live = memoryStore();
    await createPanelView(live).loadCollapsed();
    expect((await live.get()).panelCollapsed).toBe(true);
  });

  it('reads a corrupt stored value as "open"', async () => {
    await storage.setItem('local:panelCollapsed', 'sideways');
    const live = memoryStore({ ...INITIAL_LIVE_STATE, panelCollapsed: true });
    await createPanelView(live).loadCollapsed();
    expect((await live.get()).panelCollapsed).toBe(false);
  });

  it('keeps the DJ switches in the live state in line with settings, without needless updates', async () => {
    const live = memoryStore();
    const view = createPanelView(live);
    await view.followSettings(DEFAULT_SETTINGS);
    expect(live.changes()).toBe(0);
    const state = await view.followSettings(withDj({ mode: 'lift' }));
    expect(state.dj.mode).toBe('lift');
    expect(live.changes()).toBe(1);
  });
});
