import { describe, expect, it } from 'vitest';
import { code, walk } from '@/test/support/import-graph';

/**
 * Architecture rule: the content script cannot read or write settings, budgets
 * or secrets. Chrome enforces it too (the background restricts `storage.local` to trusted
 * contexts), so code on that side that tried would only fail at run time; this test says
 * so at build time by walking the content script's import graph. The other import rules
 * are in lib/architecture.test.ts.
 */

const ENTRIES = ['entrypoints/spotify.content/index.ts', 'entrypoints/spotify.content/App.svelte'];

/** Modules that read or write settings, the database or secrets. */
const FORBIDDEN_FILES = [
  'lib/settings/store.ts',
  'lib/ui/settings.svelte.ts',
  'lib/db/schema.ts',
  'lib/background/secrets.ts',
];
/** WXT's storage wrapper: no use in a context where every call rejects. */
const FORBIDDEN_PACKAGES = ['wxt/utils/storage'];
/** Direct storage areas a content script may not use (`session` reads are guarded in the live-state client). */
const FORBIDDEN_TEXT = [/\bstorage\.local\b/, /\bstorage\.sync\b/];

describe('the content script', () => {
  const { files, packages } = walk(ENTRIES);

  it('is walked from its entry through the panel', () => {
    // A walker that found nothing would pass every rule below.
    expect(files.has('lib/panel/mount.ts')).toBe(true);
    expect(files.has('lib/live-state/client.svelte.ts')).toBe(true);
    expect([...files.keys()].some((file) => file.startsWith('components/'))).toBe(true);
  });

  it('reaches no settings, database or secrets module', () => {
    const reached = FORBIDDEN_FILES.filter((file) => files.has(file)).map((file) =>
      (files.get(file) ?? []).join(' → '),
    );
    expect(reached).toEqual([]);
  });

  it('imports no storage wrapper', () => {
    const bad = packages
      .filter(
        (edge) =>
          FORBIDDEN_PACKAGES.includes(edge.specifier) ||
          (edge.specifier === '#imports' && /\bstorage\b/.test(edge.names)),
      )
      .map((edge) => `${edge.from} imports ${edge.specifier}`);
    expect(bad).toEqual([]);
  });

  it('uses no local or sync storage area directly', () => {
    const bad = [...files.keys()].filter((file) => FORBIDDEN_TEXT.some((pattern) => pattern.test(code(file))));
    expect(bad).toEqual([]);
  });

  it('would notice a forbidden import (the walker follows aliases, relative paths and .svelte.ts)', () => {
    const options = walk(['entrypoints/options/App.svelte']);
    expect(options.files.has('lib/ui/settings.svelte.ts')).toBe(true);
    expect(options.files.has('lib/settings/store.ts')).toBe(true);
    const background = walk(['lib/background/main.ts']);
    expect(background.files.has('lib/db/schema.ts')).toBe(true);
    expect(background.packages.some((edge) => edge.specifier === '#imports' && /\bstorage\b/.test(edge.names))).toBe(
      true,
    );
  });
});
