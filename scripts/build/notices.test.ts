import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNotices, listedPackages, packageDirOf, readPackageNotice } from './notices';

function fakePackage(root: string, name: string, pkg: object, files: Record<string, string> = {}): string {
  const dir = join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', ...pkg }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const MODEL = {
  name: 'A model',
  license: 'Apache-2.0',
  source: 'https://example.test/m',
  licenseSource: 'https://example.test',
};

describe('packageDirOf', () => {
  it('finds the package of a module id, scoped, nested, virtual or with a query', () => {
    expect(packageDirOf('/r/node_modules/dexie/dist/dexie.mjs')).toBe('/r/node_modules/dexie');
    expect(packageDirOf('\0/r/node_modules/@scope/pkg/x.js?inline')).toBe('/r/node_modules/@scope/pkg');
    expect(packageDirOf('/r/node_modules/a/node_modules/b/i.js')).toBe('/r/node_modules/a/node_modules/b');
    expect(packageDirOf('C:\\r\\node_modules\\ky\\index.js')).toBe('C:/r/node_modules/ky');
    expect(packageDirOf('/r/lib/mood/classify.ts')).toBeNull();
    expect(packageDirOf('/r/node_modules/@scope')).toBeNull();
  });
});

describe('the notices', () => {
  it("carry each package's licence and NOTICE, and a standard text where a package ships none", () => {
    const root = mkdtempSync(join(tmpdir(), 'notices-'));
    const withFiles = fakePackage(
      root,
      'with-files',
      { license: 'Apache-2.0' },
      { LICENSE: 'OWN LICENCE', NOTICE: 'OWN NOTICE' },
    );
    const bare = fakePackage(root, '@s/bare', { license: 'MIT', author: 'Jane Doe <jane@example.test>' });
    const text = buildNotices([withFiles], [join(bare, 'model.bin')], [MODEL]);
    expect([...listedPackages(text)]).toEqual(['@s/bare', 'with-files']);
    expect(text).toContain('OWN LICENCE');
    expect(text).toContain('NOTICE (with-files):\n\nOWN NOTICE');
    expect(text).toContain('Copyright (c) Jane Doe\n');
    expect(text).toContain('  * A model — Apache-2.0 (not from npm)');
    expect(text).toContain('Version 2.0, January 2004');
  });

  it('count a package once when reached through a symlinked node_modules', () => {
    const root = mkdtempSync(join(tmpdir(), 'notices-'));
    const dir = fakePackage(root, 'dexie', { license: 'MIT' });
    const other = mkdtempSync(join(tmpdir(), 'notices-link-'));
    symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'), 'dir');
    const text = buildNotices([dir], [join(other, 'node_modules/dexie/x.wasm')], []);
    expect(text.match(/^ {2}dexie 1\.2\.3/gm)).toHaveLength(1);
  });

  it('refuse a package with no licence text to ship, naming it and what to do', () => {
    const root = mkdtempSync(join(tmpdir(), 'notices-'));
    const dir = fakePackage(root, 'odd', { license: 'WTFPL' });
    expect(() => readPackageNotice(dir)).toThrow(/odd .* has no licence file and "WTFPL" has no standard text/);
    const none = fakePackage(root, 'none', {});
    expect(() => buildNotices([none], [], [])).toThrow(/none .* names no licence/);
  });
});
