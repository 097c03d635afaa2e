import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { migrateSettings } from './migrations';
import { applySettingsPatch, DEFAULT_SETTINGS, parseSettings } from './schema';
import { getSettings, SETTINGS_KEY } from './store';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('parseSettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, repaired: [] });
    expect(DEFAULT_SETTINGS.camera.fps).toBe(5);
    expect(DEFAULT_SETTINGS.history.retentionDays).toBe(30);
  });

  it('repairs each corrupt field to its default and keeps the valid ones', () => {
    const { settings, repaired } = parseSettings({
      camera: { fps: 'fast', enabled: true, noFaceAfterSeconds: -4 },
      dj: { mode: 'chaos', queueAhead: 4 },
      history: 'forever',
      spotify: { clientId: 'not-an-id' },
    });
    expect(settings.camera).toEqual({ enabled: true, fps: 5, noFaceAfterSeconds: 2, adaptiveRate: true });
    expect(settings.dj.mode).toBe('match');
    expect(settings.dj.queueAhead).toBe(4);
    expect(settings.history.retentionDays).toBe(30);
    expect(settings.spotify.clientId).toBe('');
    expect(repaired.sort()).toEqual([
      'camera.fps',
      'camera.noFaceAfterSeconds',
      'dj.mode',
      'history',
      'spotify.clientId',
    ]);
  });

  it('reads settings stored before sources existed as Liked Songs only, and repairs a bad playlist id', () => {
    const stored = { dj: { mode: 'lift' } };
    expect(parseSettings(stored).settings.sources).toEqual({ likedSongs: true, playlists: [] });
    const bad = parseSettings({ sources: { likedSongs: false, playlists: ['ok1', '../x'] } });
    expect(bad.settings.sources).toEqual({ likedSongs: false, playlists: [] });
    expect(bad.repaired).toContain('sources.playlists.1');
  });

  it('replaces a stored value that is not an object at all', () => {
    expect(parseSettings('garbage')).toEqual({ settings: DEFAULT_SETTINGS, repaired: ['(root)'] });
    expect(parseSettings([1, 2]).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses an invalid patch with the field named', () => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { camera: { fps: 99 } })).toThrow(/fps|<=15|too big/i);
    expect(applySettingsPatch(DEFAULT_SETTINGS, { camera: { fps: 10 } }).camera.fps).toBe(10);
  });
});

describe('migrateSettings', () => {
  it('repairs corrupt stored settings, writes them back and logs the repair', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await storage.setItem(SETTINGS_KEY, { camera: { fps: -1, enabled: 'yes' }, dj: { holdSeconds: 45 } });
    const { repaired } = await migrateSettings();
    expect(repaired.sort()).toEqual(['camera.enabled', 'camera.fps']);
    const stored = await storage.getItem(SETTINGS_KEY);
    expect(parseSettings(stored).repaired).toEqual([]);
    expect(await getSettings()).toMatchObject({ camera: { fps: 5, enabled: false }, dj: { holdSeconds: 45 } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Repaired invalid stored settings: camera.'));
  });

  it('runs each versioned step once, in order, and records the version', async () => {
    await storage.setItem(SETTINGS_KEY, { cameraFps: 8 });
    await storage.setMeta(SETTINGS_KEY, { v: 1 });
    const steps = {
      2: (old: unknown) => ({ camera: { fps: (old as { cameraFps: number }).cameraFps } }),
      3: (old: unknown) => ({ ...(old as object), dj: { queueAhead: 5 } }),
    };
    const { from } = await migrateSettings(steps, 3);
    expect(from).toBe(1);
    expect(await getSettings()).toMatchObject({ camera: { fps: 8 }, dj: { queueAhead: 5 } });
    expect(await storage.getMeta(SETTINGS_KEY)).toEqual({ v: 3 });
    // A second run is a no-op: nothing is migrated twice.
    const again = await migrateSettings(steps, 3);
    expect(again.from).toBe(3);
    expect((await getSettings()).camera.fps).toBe(8);
  });

  it('stores the defaults on a fresh install', async () => {
    await migrateSettings();
    expect(parseSettings(await storage.getItem(SETTINGS_KEY))).toEqual({ settings: DEFAULT_SETTINGS, repaired: [] });
  });
});
