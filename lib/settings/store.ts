import { storage } from '#imports';
import { reportError } from '@/lib/errors/report';
import { applySettingsPatch, parseSettings, type Settings, type SettingsPatch } from './schema';

/** The storage key of the settings object; its version lives in WXT's `$` meta key. */
export const SETTINGS_KEY = 'local:settings' as const;

/**
 * Settings, stored as WXT storage. Every context reads through `getSettings`, which
 * validates and never returns a broken value; only the background writes repairs back.
 */
const settingsItem = storage.defineItem<unknown>(SETTINGS_KEY);

export async function getSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue()).settings;
}

/** Validates the stored settings, writes the repaired value back and logs each repair. */
export async function repairStoredSettings(): Promise<string[]> {
  const raw = await settingsItem.getValue();
  const { settings, repaired } = parseSettings(raw);
  if (repaired.length > 0 || raw === null) await settingsItem.setValue(settings);
  if (repaired.length > 0) {
    reportError('settings', new Error(`Repaired invalid stored settings: ${repaired.join(', ')}`));
  }
  return repaired;
}

/** Saves settings that are already valid whole (the background's settings access patches in memory). */
export async function saveSettings(settings: Settings): Promise<void> {
  await settingsItem.setValue(settings);
}

/** Merges a patch into the stored settings; throws (and saves nothing) if the result is invalid. */
export async function updateSettings(patch: SettingsPatch): Promise<Settings> {
  const next = applySettingsPatch(await getSettings(), patch);
  await settingsItem.setValue(next);
  return next;
}

/** Calls `onChange` with valid settings whenever they change, in any context. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((raw) => onChange(parseSettings(raw).settings));
}

/** The stored settings as a whole, for an import (replaces them) and "delete everything" (removes them). */
export const storedSettings = {
  write: (settings: Settings): Promise<void> => storage.setItem(SETTINGS_KEY, settings),
  clear: (): Promise<void> => storage.removeItem(SETTINGS_KEY),
};
