import type { HostAccess } from '@/lib/sync/soundnet-key';

/** The fake grant: `set` is the person granting it or taking it back; `released` counts MoodDJ giving it back. */
export interface FakeHostAccess {
  granted: boolean;
  released: number;
  set(granted: boolean): void;
  access: HostAccess;
}

/**
 * The browser's grant of SoundNet's host, in memory: `set` is the person granting or taking it back (in Options'
 * prompt or the browser's extension settings), and calls the listeners as `permissions.onAdded`/`onRemoved` do.
 */
export function fakeHostAccess(granted = true): FakeHostAccess {
  const listeners: (() => void)[] = [];
  const fake: FakeHostAccess = {
    granted,
    released: 0,
    set(next) {
      if (fake.granted === next) return;
      fake.granted = next;
      for (const listener of listeners) listener();
    },
    access: {
      has: async () => fake.granted,
      release: async () => {
        fake.released++;
        fake.set(false);
      },
      onChange: (listener) => {
        listeners.push(listener);
      },
    },
  };
  return fake;
}
