/**
 * `npm run test:zip`: runs the real `npm run zip` into a scratch folder and reads manifest.json out of the
 * zip it wrote. The store zip must have no `key` (the Chrome Web Store refuses one), the unpacked build
 * beside it must keep its key (the id, and so the redirect URI, stays pinned), and a plain `wxt zip`
 * without MOODDJ_STORE must refuse to zip. Not a vitest file: it builds the extension three times.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readZipEntry } from '../../test/support/zip';

const ROOT = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(ROOT, '.output-zip-check-'));
const env = { ...process.env, MOODDJ_OUT_DIR: out, MOODDJ_STORE: undefined };

function manifestAt(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function check(what: string, ok: boolean): void {
  if (!ok) throw new Error(`store zip: ${what}`);
  console.log(`ok: ${what}`);
}

try {
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, env, stdio: 'ignore' });
  execFileSync('npm', ['run', 'zip'], { cwd: ROOT, env, stdio: 'ignore' });

  const zips = readdirSync(out).filter((name) => name.endsWith('-chrome.zip'));
  check('npm run zip wrote one *-chrome.zip', zips.length === 1);
  const zipped = readZipEntry(join(out, zips[0] ?? ''), 'manifest.json');
  check('the zip has a manifest.json', zipped !== null);
  const storeManifest = JSON.parse(zipped?.toString('utf8') ?? '{}') as Record<string, unknown>;
  check('the zipped manifest is the extension', storeManifest.name === '__MSG_extension_name__');
  check('the zipped manifest has no key', !('key' in storeManifest));
  // Below it, content scripts could read and write settings (storage.local.setAccessLevel): see wxt.config.ts.
  check('the zipped manifest asks for Chrome 140 or later', storeManifest.minimum_chrome_version === '140');
  check(
    'the unpacked build keeps its key after the zip',
    typeof manifestAt(join(out, 'chrome-mv3/manifest.json')).key === 'string',
  );

  const plain = spawnSync('npx', ['wxt', 'zip'], { cwd: ROOT, env, encoding: 'utf8' });
  check(
    'a plain `wxt zip` (no MOODDJ_STORE) refuses to zip, saying why',
    plain.status !== 0 && `${plain.stdout}${plain.stderr}`.includes('npm run zip'),
  );
  check('… and writes no second zip', readdirSync(out).filter((name) => name.endsWith('-chrome.zip')).length === 1);
} finally {
  if (existsSync(out)) rmSync(out, { recursive: true, force: true });
}
