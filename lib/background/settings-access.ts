import { createSerialQueue } from '@/lib/async/serial';
import { applySettingsPatch, type Settings } from '@/lib/settings/schema';
import type { BackgroundEvents, SettingsAccess } from './context';

/** Where the settings live (`lib/settings/store.ts` in the worker; memory in tests). */
export interface SettingsStorage {
  read(): Promise<Settings>;
  write(settings: Settings): Promise<void>;
  /** Calls back with the new (valid) settings whenever any context changes them. */
  watch(onChange: (settings: Settings) => void): () => void;
}

const same = (a: Settings | null, b: Settings) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * The background's settings: read from storage once, then kept current by the storage watch, so a
 * service may ask as often as it likes and the storage is read and parsed once per change, not once
 * per question (a camera mood change used to parse them four times). Every change, the first read
 * included (with `previous: null`), goes to `onChange` once; the root turns it into `settingsChanged`.
 */
export function createSettingsAccess(
  storage: SettingsStorage,
  onChange: (change: BackgroundEvents['settingsChanged']) => void,
): SettingsAccess {
  let current: Settings | null = null;
  let loading: Promise<Settings> | null = null;
  const writes = createSerialQueue();

  const take = (next: Settings) => {
    if (same(current, next)) return;
    const previous = current;
    current = next;
    onChange({ settings: next, previous });
  };

  storage.watch(take);

  const access: SettingsAccess = {
    get() {
      if (current) return Promise.resolve(current);
      loading ??= storage.read().then(
        (read) => {
          // A change the watch saw while this read was on its way is newer than the read.
          if (!current) take(read);
          return current ?? read;
        },
        (error) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
    update(patch) {
      // Serialised: two quick patches must not both start from the same old value.
      return writes.run(async () => {
        const settings = applySettingsPatch(await access.get(), patch);
        await storage.write(settings);
        // Now, not when the watch catches up: the caller's next read (and the panel's switches) see it.
        take(settings);
        return settings;
      });
    },
  };
  return access;
}
