import { z } from 'zod';
import { describeError } from '@/lib/errors/report';
import { t } from '@/lib/i18n';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '@/lib/settings/schema';
import { getSettings, updateSettings, watchSettings } from '@/lib/settings/store';

/**
 * Settings for a page: loaded once, kept in step with other pages, saved field by
 * field. A rejected value keeps its message in `errors` under "section.field".
 */
export class SettingsClient {
  value = $state<Settings>(DEFAULT_SETTINGS);
  loaded = $state(false);
  errors = $state<Record<string, string>>({});
  #stop: () => void;

  constructor() {
    this.#stop = watchSettings((next) => {
      this.value = next;
    });
    void getSettings().then((settings) => {
      this.value = settings;
      this.loaded = true;
    });
  }

  /** Saves one field; returns false (and records why) if the value is invalid. */
  async save<S extends keyof Settings, F extends keyof Settings[S] & string>(
    section: S,
    field: F,
    value: Settings[S][F],
  ): Promise<boolean> {
    const key = `${section}.${field}`;
    try {
      this.value = await updateSettings({ [section]: { [field]: value } } as SettingsPatch);
      const { [key]: _gone, ...rest } = this.errors;
      this.errors = rest;
      return true;
    } catch (error) {
      const message =
        error instanceof z.ZodError ? (error.issues[0]?.message ?? t('common_invalid_value')) : describeError(error);
      this.errors = { ...this.errors, [key]: message };
      return false;
    }
  }

  dispose(): void {
    this.#stop();
  }
}

let shared: SettingsClient | undefined;

/** This context's settings client; a remounted panel gets the same one back. */
export function settingsClient(): SettingsClient {
  shared ??= new SettingsClient();
  return shared;
}
