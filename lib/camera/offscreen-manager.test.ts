import { describe, expect, it } from 'vitest';
import { createOffscreenManager, type OffscreenApi } from './offscreen-manager';

/** A fake of Chrome's one-document rule, with the real error texts. */
function fakeOffscreen(options: { slowCreate?: boolean } = {}) {
  let exists = false;
  let creates = 0;
  const api: OffscreenApi = {
    hasDocument: async () => exists,
    async create() {
      if (options.slowCreate) await new Promise((resolve) => setTimeout(resolve, 5));
      if (exists) throw new Error('Only a single offscreen document may be created.');
      exists = true;
      creates++;
    },
    async close() {
      if (!exists) throw new Error('No current offscreen document.');
      exists = false;
    },
  };
  return {
    api,
    get creates() {
      return creates;
    },
    set exists(value: boolean) {
      exists = value;
    },
  };
}

describe('the offscreen manager', () => {
  it('creates one document however many callers ask at once', async () => {
    const fake = fakeOffscreen({ slowCreate: true });
    const manager = createOffscreenManager(fake.api);
    const results = await Promise.all([manager.open(), manager.open(), manager.open()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(fake.creates).toBe(1);
    expect(await manager.isOpen()).toBe(true);
  });

  it('treats "already exists" from another path as open', async () => {
    const fake = fakeOffscreen();
    const api: OffscreenApi = { ...fake.api, hasDocument: async () => false };
    fake.exists = true;
    await expect(createOffscreenManager(api).open()).resolves.toBe(false);
  });

  it('closes an open document and shrugs at closing a missing one', async () => {
    const fake = fakeOffscreen();
    const manager = createOffscreenManager(fake.api);
    await manager.open();
    await expect(manager.close()).resolves.toBe(true);
    await expect(manager.close()).resolves.toBe(false);
    expect(await manager.isOpen()).toBe(false);
  });

  it('passes other failures on', async () => {
    const api: OffscreenApi = {
      hasDocument: async () => false,
      create: async () => {
        throw new Error('Invalid reason');
      },
      close: async () => undefined,
    };
    await expect(createOffscreenManager(api).open()).rejects.toThrow('Invalid reason');
  });
});
