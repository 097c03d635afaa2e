// Test support: the browser speaking one of MoodDJ's languages, as Chrome would with `--lang`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Catalog = Record<string, { message: string }>;

/**
 * Makes `browser.i18n` answer from `public/_locales/<folder>/messages.json` and report `locale` as the UI
 * language. Returns the function that puts the fake back as it was (call it in `afterEach`).
 */
export function speak(folder: 'en' | 'es', locale: string = folder): () => void {
  const catalog = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../public/_locales', folder, 'messages.json'), 'utf8'),
  ) as Catalog;
  const { getMessage, getUILanguage } = fakeBrowser.i18n;
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const values = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    return (catalog[key]?.message ?? '').replace(/\$(\$|[1-9])/g, (_all, token: string) =>
      token === '$' ? '$' : (values[Number(token) - 1] ?? ''),
    );
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => locale;
  return () => {
    fakeBrowser.i18n.getMessage = getMessage;
    fakeBrowser.i18n.getUILanguage = getUILanguage;
  };
}
