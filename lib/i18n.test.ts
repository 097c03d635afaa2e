import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '@/public/_locales/en/messages.json' with { type: 'json' };
import {
  formatNumber,
  type MessageKey,
  PLURAL_CATEGORIES,
  pluralCategory,
  pluralKey,
  t,
  tPlural,
  tSplit,
  uiLocale,
} from './i18n';

describe('t', () => {
  const original = fakeBrowser.i18n.getMessage;
  afterEach(() => {
    fakeBrowser.i18n.getMessage = original;
  });

  it('falls back to the English message, with $1… substituted, when the browser has no i18n', () => {
    expect(t('sync_analysed_other', '1,240', '2,000')).toBe('1,240 / 2,000 tracks analysed');
    expect(t('options_field_range', 1, 15)).toBe('Enter a value from 1 to 15');
    expect(t('sync_now')).toBe('Sync now');
  });

  it('leaves a missing substitution empty, as Chrome does', () => {
    expect(t('dj_queue_count')).toBe('Queue ');
  });

  it('uses the browser’s message when it has one, passing substitutions as strings', () => {
    const calls: unknown[] = [];
    fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
      calls.push([key, substitutions]);
      return `«${key}»`;
    }) as typeof fakeBrowser.i18n.getMessage;
    expect(t('dj_queue_count', 5)).toBe('«dj_queue_count»');
    expect(calls).toEqual([['dj_queue_count', ['5']]]);
  });

  it('falls back when the browser answers with an empty string (unknown key)', () => {
    fakeBrowser.i18n.getMessage = (() => '') as typeof fakeBrowser.i18n.getMessage;
    expect(t('mood_happy')).toBe('Happy');
  });

  it('splits a message around $1 for markup', () => {
    expect(tSplit('options_spotify_connected_as')).toEqual(['Connected as ', '.']);
  });
});

describe('the UI language', () => {
  const original = fakeBrowser.i18n.getUILanguage;
  const originalMessage = fakeBrowser.i18n.getMessage;
  afterEach(() => {
    fakeBrowser.i18n.getUILanguage = original;
    fakeBrowser.i18n.getMessage = originalMessage;
    vi.unstubAllGlobals();
  });
  const speak = (language: string) => {
    fakeBrowser.i18n.getUILanguage = () => language;
  };

  it('is the browser’s, or English where there is none (a test’s fakeBrowser, Node without navigator)', () => {
    speak('es-419');
    expect(uiLocale()).toBe('es-419');
    fakeBrowser.i18n.getUILanguage = original;
    expect(uiLocale()).toBe(globalThis.navigator?.language || 'en');
  });

  it('follows the messages in use where the worker’s getUILanguage disagrees with them', () => {
    // Chromium's service worker, started with --lang=es: en-US from getUILanguage, Spanish messages.
    speak('en-US');
    fakeBrowser.i18n.getMessage = ((key: string) =>
      key === 'language_tag' ? 'es' : '') as typeof fakeBrowser.i18n.getMessage;
    vi.stubGlobal('navigator', { language: 'es-ES' });
    expect(uiLocale()).toBe('es-ES');
    // A French browser gets the English messages (no French ones): numbers stay French.
    speak('fr-FR');
    fakeBrowser.i18n.getMessage = ((key: string) =>
      key === 'language_tag' ? 'en' : '') as typeof fakeBrowser.i18n.getMessage;
    vi.stubGlobal('navigator', { language: 'fr-FR' });
    expect(uiLocale()).toBe('fr-FR');
  });

  it('writes numbers as the UI language does', () => {
    speak('en');
    expect(formatNumber(1240)).toBe('1,240');
    speak('es');
    expect(formatNumber(12400)).toBe('12.400');
    expect(formatNumber(3.4)).toBe('3,4');
  });

  it('picks a counted message by the UI language’s plural rules, $1 being the count in its digits', () => {
    speak('en');
    expect(tPlural('history_changes', 1)).toBe('1 change');
    expect(tPlural('history_changes', 0)).toBe('0 changes');
    expect(tPlural('history_changes', 2500)).toBe('2,500 changes');
    expect(tPlural('sync_analysed', 1, '0', '1')).toBe('0 / 1 track analysed');
    expect(pluralKey('session_saved_to', 3)).toBe('session_saved_to_other');
    // French counts 0 as one; the key follows the rules, not `n === 1`.
    expect(pluralKey('history_changes', 0, 'fr')).toBe('history_changes_one');
    // Spanish says "un millón de" (`many`); MoodDJ writes the digits, which read as `other`.
    expect(pluralCategory(1_000_000, 'es')).toBe('other');
  });
});

const ROOT = join(import.meta.dirname, '..');
/** `t('key'` or `tSplit('key'`: the only way code names a message. */
const KEY_USE = /\bt(?:Split)?\(\s*'([a-z0-9_]+)'/g;
/** `tPlural('base'` or `pluralKey('base'`: a counted message, one key per plural category. */
const PLURAL_USE = /\b(?:tPlural|pluralKey)\(\s*'([a-z0-9_]+)'/g;
/**
 * A call of `t(`, `tSplit(`, `tPlural(` or `pluralKey(` whose key is not written out, to catch keys built at
 * run time. `tSplit(pluralKey('base', n)…` is written out: `PLURAL_USE` sees its base.
 */
const DYNAMIC_CALL = /\b(?:t|tSplit|tPlural|pluralKey)\(\s*(?![\s)']|pluralKey\(\s*')/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Where each key is used, and the files that pass `t` a key built at run time. */
function keysUsed(): { used: Map<string, string[]>; dynamic: string[] } {
  const used = new Map<string, string[]>();
  const dynamic: string[] = [];
  const files = [...sources('lib'), ...sources('components'), ...sources('entrypoints')].filter(
    (file) => relative(ROOT, file) !== join('lib', 'i18n.ts'),
  );
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, key] of text.matchAll(KEY_USE)) {
      if (key) used.set(key, [...(used.get(key) ?? []), relative(ROOT, file)]);
    }
    for (const [, base] of text.matchAll(PLURAL_USE)) {
      for (const category of PLURAL_CATEGORIES) {
        const key = `${base}_${category}`;
        used.set(key, [...(used.get(key) ?? []), relative(ROOT, file)]);
      }
    }
    if (DYNAMIC_CALL.test(text)) dynamic.push(relative(ROOT, file));
  }
  // The manifest names its words as __MSG_key__.
  for (const [, key] of readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8').matchAll(/__MSG_([a-z0-9_]+)__/g)) {
    if (key) used.set(key, [...(used.get(key) ?? []), 'wxt.config.ts']);
  }
  return { used, dynamic };
}

describe('messages.json', () => {
  const { used, dynamic } = keysUsed();
  const defined = Object.keys(messages) as MessageKey[];

  it('is named by written-out keys only, so the checks below see every use', () => {
    expect(dynamic).toEqual([]);
  });

  it('defines every key the code uses', () => {
    const missing = [...used]
      .filter(([key]) => !(key in messages))
      .map(([key, files]) => `${key} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('has no key the code does not use', () => {
    expect(defined.filter((key) => !used.has(key))).toEqual([]);
  });

  it('names keys in snake_case and gives each a message and a description', () => {
    for (const key of defined) {
      expect(key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
      expect(messages[key].message.length, key).toBeGreaterThan(0);
      expect(messages[key].description.length, key).toBeGreaterThan(0);
    }
  });
});

const LOCALES_DIR = join(ROOT, 'public', '_locales');
type Catalog = Record<string, { message: string; description?: string }>;
/** Every language MoodDJ ships, as Chrome names its folder (`es`, `pt_BR`). */
const catalogs: [string, Catalog][] = readdirSync(LOCALES_DIR)
  .sort()
  .map((folder) => [folder, JSON.parse(readFileSync(join(LOCALES_DIR, folder, 'messages.json'), 'utf8')) as Catalog]);
const placeholders = (message: string) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();
/** The bases of counted messages, from English. */
const pluralBases = [
  ...new Set(Object.keys(messages).flatMap((key) => (key.endsWith('_other') ? [key.slice(0, -'_other'.length)] : []))),
];
/**
 * Categories a language's rules select for whole numbers that its messages need not carry, because the `other`
 * message reads right there: Spanish `many` is "un millón de canciones", and MoodDJ writes "1.000.000 canciones".
 */
const READS_AS_OTHER: Record<string, readonly string[]> = { es: ['many'] };
/** Counts as MoodDJ shows them: whole numbers, small and large. */
const COUNTS = [...Array.from({ length: 2001 }, (_, n) => n), 10_000, 100_000, 1_000_000, 2_000_000, 1e9];

describe.each(catalogs)('the %s messages', (folder, catalog) => {
  const locale = folder.replace('_', '-');

  it('have exactly the English keys, so no language lacks a message or keeps one the code dropped', () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(messages).sort());
  });

  it('fill the same $1… as the English message, and none is empty', () => {
    const wrong = Object.entries(catalog)
      .filter(([key, { message }]) => {
        const english = messages[key as MessageKey]?.message ?? '';
        return message.trim() === '' || placeholders(message).join() !== placeholders(english).join();
      })
      .map(([key, { message }]) => `${key}: ${message}`);
    expect(wrong).toEqual([]);
  });

  it('name their own language for the pages’ lang attribute', () => {
    expect(catalog.language_tag?.message).toBe(locale);
  });

  it('carry every plural category their language needs for each counted message', () => {
    const needed = new Set(COUNTS.map((n) => new Intl.PluralRules(locale).select(n)));
    const missing = [...needed].filter(
      (category) =>
        !(PLURAL_CATEGORIES as readonly string[]).includes(category) &&
        !(READS_AS_OTHER[folder] ?? []).includes(category),
    );
    expect(missing, `${locale} needs plural categories MoodDJ's messages do not carry`).toEqual([]);
    for (const base of pluralBases) {
      for (const category of PLURAL_CATEGORIES) expect(catalog, base).toHaveProperty([`${base}_${category}`]);
    }
  });
});

it('ships English and Spanish', () => {
  expect(catalogs.map(([folder]) => folder)).toEqual(['en', 'es']);
});
