import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { panelCollapsedItem } from '@/lib/background/worker-apis';
import { createDjService } from '@/lib/dj/service';
import { INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { fakeContext, fakeLiveStore } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createPanelViewService, followSettings } from './panel-service';

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

describe('the panel view service', () => {
  it('setPanelCollapsed remembers the choice and puts it in the live state', async () => {
    const ctx = fakeContext();
    const view = createPanelViewService(ctx, panelCollapsedItem());
    await handlersOf(view).setPanelCollapsed(true, 'spotify-tab');
    expect((await ctx.live.get()).panelCollapsed).toBe(true);
    expect(await storage.getItem('local:panelCollapsed')).toBe(true);
    await handlersOf(view).setPanelCollapsed(false, 'spotify-tab');
    expect((await ctx.live.get()).panelCollapsed).toBe(false);
    expect(await storage.getItem('local:panelCollapsed')).toBe(false);
  });

  it('restores the remembered collapsed state on start (also the one the panel stored itself before)', async () => {
    await storage.setItem('local:panelCollapsed', true);
    const ctx = fakeContext();
    await createPanelViewService(ctx, panelCollapsedItem()).start?.();
    expect((await ctx.live.get()).panelCollapsed).toBe(true);
  });

  it('reads a corrupt stored value as "open"', async () => {
    await storage.setItem('local:panelCollapsed', 'sideways');
    const ctx = fakeContext({ live: fakeLiveStore({ ...INITIAL_LIVE_STATE, panelCollapsed: true }) });
    await createPanelViewService(ctx, panelCollapsedItem()).start?.();
    expect((await ctx.live.get()).panelCollapsed).toBe(false);
  });

  it('keeps the DJ switches in the live state in line with settings, without needless updates', async () => {
    const ctx = fakeContext();
    createPanelViewService(ctx, panelCollapsedItem());
    ctx.events.emit('settingsChanged', { settings: DEFAULT_SETTINGS, previous: null });
    await ctx.events.idle();
    expect(ctx.live.broadcasts).toHaveLength(0);
    ctx.events.emit('settingsChanged', { settings: withDj({ mode: 'lift' }), previous: DEFAULT_SETTINGS });
    await ctx.events.idle();
    expect((await ctx.live.get()).dj.mode).toBe('lift');
    expect(ctx.live.broadcasts).toHaveLength(1);
  });

  it("saves the panel's DJ switches and the live state has them when the answer arrives", async () => {
    const ctx = fakeContext();
    createPanelViewService(ctx, panelCollapsedItem());
    // The DJ takes the switches to settings; the panel view follows settings into the live state.
    await handlersOf(createDjService(ctx)).updateDjSettings({ autoDj: true }, 'spotify-tab');
    expect(ctx.settings.value.dj.autoDj).toBe(true);
    expect((await ctx.live.get()).dj.autoDj).toBe(true);
    expect(ctx.live.broadcasts).toHaveLength(1);
  });
});
