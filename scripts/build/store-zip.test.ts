import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertZippable, isStoreBuild, withoutKeyForStore } from './store-zip';

describe('the store build', () => {
  it('is chosen by MOODDJ_STORE=1 only', () => {
    expect(isStoreBuild({ MOODDJ_STORE: '1' })).toBe(true);
    expect(isStoreBuild({})).toBe(false);
    expect(isStoreBuild({ MOODDJ_STORE: '0' })).toBe(false);
  });

  it('drops the manifest key; other builds keep it', () => {
    const store = { name: 'MoodDJ', key: 'MIIB…' };
    withoutKeyForStore(store, true);
    expect(store).toEqual({ name: 'MoodDJ' });
    const unpacked = { name: 'MoodDJ', key: 'MIIB…' };
    withoutKeyForStore(unpacked, false);
    expect(unpacked).toEqual({ name: 'MoodDJ', key: 'MIIB…' });
  });
});

describe('zipping', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function buildWith(manifest: object): string {
    const dir = mkdtempSync(join(tmpdir(), 'mooddj-zip-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }

  it('refuses a build whose manifest has a key, naming the command that works', () => {
    expect(() => assertZippable(buildWith({ name: 'MoodDJ', key: 'MIIB…' }))).toThrow(/npm run zip/);
  });

  it('accepts a build without one', () => {
    expect(() => assertZippable(buildWith({ name: 'MoodDJ' }))).not.toThrow();
  });
});
