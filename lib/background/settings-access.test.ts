import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import type { BackgroundEvents } from './context';
import { createSettingsAccess, type SettingsStorage } from './settings-access';

function memoryStorage(initial: Settings = DEFAULT_SETTINGS) {
  let value = initial;
  let listener: ((settings: Settings) => void) | null = null;
  const storage: SettingsStorage & { reads: number; change(next: Settings): void } = {
    reads: 0,
    async read() {
      storage.reads++;
      return value;
    },
    async write(next) {
      value = next;
      queueMicrotask(() => listener?.(next));
    },
    watch(onChange) {
      listener = onChange;
      return () => {
        listener = null;
      };
    },
    change(next) {
      value = next;
      listener?.(next);
    },
  };
  return storage;
}

describe('createSettingsAccess', () => {
  it('reads the storage once, however often it is asked', async () => {
    const storage = memoryStorage();
    const changes: BackgroundEvents['settingsChanged'][] = [];
    const access = createSettingsAccess(storage, (change) => changes.push(change));
    await Promise.all([access.get(), access.get()]);
    await access.get();
    expect(storage.reads).toBe(1);
    expect(changes).toEqual([{ settings: DEFAULT_SETTINGS, previous: null }]);
  });

  it('follows a change another context made, without reading again, and reports it once', async () => {
    const storage = memoryStorage();
    const changes: BackgroundEvents['settingsChanged'][] = [];
    const access = createSettingsAccess(storage, (change) => changes.push(change));
    await access.get();
    const next = { ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, fps: 10 } };
    storage.change(next);
    storage.change(next);
    expect((await access.get()).camera.fps).toBe(10);
    expect(storage.reads).toBe(1);
    expect(changes.map((c) => [c.settings.camera.fps, c.previous?.camera.fps ?? null])).toEqual([
      [DEFAULT_SETTINGS.camera.fps, null],
      [10, DEFAULT_SETTINGS.camera.fps],
    ]);
  });

  it('answers an update with the new value at once, and the watch echo does not report it twice', async () => {
    const storage = memoryStorage();
    const changes: BackgroundEvents['settingsChanged'][] = [];
    const access = createSettingsAccess(storage, (change) => changes.push(change));
    const saved = await access.update({ dj: { mode: 'lift' } });
    expect(saved.dj.mode).toBe('lift');
    expect((await access.get()).dj.mode).toBe('lift');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(changes.map((c) => c.settings.dj.mode)).toEqual(['match', 'lift']);
  });

  it('applies two quick patches one after the other', async () => {
    const access = createSettingsAccess(memoryStorage(), () => undefined);
    await Promise.all([access.update({ dj: { mode: 'lift' } }), access.update({ dj: { autoDj: true } })]);
    expect((await access.get()).dj).toMatchObject({ mode: 'lift', autoDj: true });
  });

  it('tries the storage again after a failed first read', async () => {
    const storage = memoryStorage();
    const read = storage.read;
    storage.read = () => Promise.reject(new Error('storage unavailable'));
    const access = createSettingsAccess(storage, () => undefined);
    await expect(access.get()).rejects.toThrow('storage unavailable');
    storage.read = read;
    expect(await access.get()).toEqual(DEFAULT_SETTINGS);
  });
});
