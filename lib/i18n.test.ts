import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '@/public/_locales/en/messages.json' with { type: 'json' };
import { type MessageKey, t, tSplit } from './i18n';

describe('t', () => {
  const original = fakeBrowser.i18n.getMessage;
  afterEach(() => {
    fakeBrowser.i18n.getMessage = original;
  });

  it('falls back to the English message, with $1… substituted, when the browser has no i18n', () => {
    expect(t('sync_analysed', '1,240', '2,000')).toBe('1,240 / 2,000 tracks analysed');
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

const ROOT = join(import.meta.dirname, '..');
/** `t('key'` or `tSplit('key'`: the only way code names a message. */
const KEY_USE = /\bt(?:Split)?\(\s*'([a-z0-9_]+)'/g;
/** Any call of `t(` or `tSplit(`, to catch keys built at run time. */
const ANY_CALL = /\bt(?:Split)?\(\s*(?!\))(.)/g;

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
    if ([...text.matchAll(ANY_CALL)].some(([, first]) => first !== "'")) dynamic.push(relative(ROOT, file));
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
