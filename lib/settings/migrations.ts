import { storage } from '#imports';
import { reportError } from '@/lib/errors/report';
import { repairStoredSettings, SETTINGS_KEY } from './store';

/** Bump with a new entry in `SETTINGS_MIGRATIONS` whenever the stored shape changes. */
export const SETTINGS_VERSION = 1;

/**
 * Step `n` turns a version n-1 value into version n. Each step is pure and tolerant:
 * a missing or odd field is left for the validator to repair.
 */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, (old: unknown) => unknown>> = {};

/**
 * Runs the versioned migrations (version kept in WXT's meta key, as `defineItem` does),
 * then validates and repairs what is stored. The background calls it on install and
 * update; it runs the steps itself rather than through `defineItem`, because that
 * starts them on import in every context and they could run twice.
 */
export async function migrateSettings(
  migrations: Readonly<Record<number, (old: unknown) => unknown>> = SETTINGS_MIGRATIONS,
  targetVersion = SETTINGS_VERSION,
): Promise<{ from: number; repaired: string[] }> {
  const meta = await storage.getMeta<{ v?: number }>(SETTINGS_KEY);
  const from = typeof meta.v === 'number' ? meta.v : 1;
  let value = await storage.getItem<unknown>(SETTINGS_KEY);
  if (value !== null && from < targetVersion) {
    try {
      for (let version = from + 1; version <= targetVersion; version++) {
        value = migrations[version]?.(value) ?? value;
      }
      await storage.setItem(SETTINGS_KEY, value);
    } catch (error) {
      // A failed step must not leave the user without settings: validation below repairs.
      reportError('settings', error);
    }
  }
  await storage.setMeta(SETTINGS_KEY, { v: targetVersion });
  return { from, repaired: await repairStoredSettings() };
}
