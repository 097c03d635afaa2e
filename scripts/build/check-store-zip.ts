/**
 * `npm run test:zip`: runs the real `npm run zip` and `npm run zip:firefox` into a scratch folder and reads the
 * zips they wrote.
 * - Chrome/Edge: no `key` (the Chrome Web Store refuses one), Chrome 140 or later; the unpacked build beside it
 *   keeps its key (the id, and so the redirect URI, stays pinned); a plain `wxt zip` without MOODDJ_STORE refuses.
 * - Firefox (AMO): the gecko id, strict_min_version, the data-collection declaration, no key, no offscreen;
 *   `web-ext lint` finds no error and no warning that scripts/build/package-checks.ts does not explain.
 * - Both: MoodDJ's LICENSE and THIRD_PARTY_NOTICES.txt naming every production dependency; no source map,
 *   key, env file or test.
 * - The sources archive AMO asks for: the files a reviewer needs and none of the private ones, and a build from a
 *   clean unzip of it (with this checkout's node_modules) gives the same add-on, byte for byte.
 * Not a vitest file: it builds the extension five times.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readZip } from '../../test/support/zip';
import { GECKO_ID } from '../../wxt.config';
import { fakeCameraTraces } from './fake-camera';
import { sharedDir } from './mediapipe-assets';
import { assetPackages, lintProblems, packageProblems, productionDependencies } from './package-checks';
import { SOURCES_FORBIDDEN, SOURCES_REQUIRED } from './sources-zip';

const ROOT = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(ROOT, '.output-zip-check-'));
const rebuild = mkdtempSync(join(tmpdir(), 'mooddj-sources-'));
// The clean unzip has no ../shared beside it: it finds the model where this checkout does.
const env = { ...process.env, MOODDJ_OUT_DIR: out, MOODDJ_STORE: undefined, MOODDJ_SHARED: sharedDir(ROOT) };

function manifestAt(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function check(what: string, ok: boolean, details = ''): void {
  if (!ok) throw new Error(`store zip: ${what}${details ? `\n  ${details}` : ''}`);
  console.log(`ok: ${what}`);
}

function onlyZip(dir: string, suffix: string): string {
  const zips = readdirSync(dir).filter((name) => name.endsWith(suffix));
  check(`one *${suffix} in ${dir === out ? 'the output' : dir}`, zips.length === 1, zips.join(', '));
  return join(dir, zips[0] ?? '');
}

function manifestIn(files: ReadonlyMap<string, Buffer>): Record<string, unknown> {
  const bytes = files.get('manifest.json');
  check('the zip has a manifest.json', bytes !== undefined);
  return JSON.parse(bytes?.toString('utf8') ?? '{}') as Record<string, unknown>;
}

const mustName = [...new Set([...productionDependencies(ROOT), ...assetPackages(ROOT)])];

function checkContents(store: string, files: ReadonlyMap<string, Buffer>): void {
  const problems = packageProblems(files, { root: ROOT, mustName });
  check(
    `the ${store} package has LICENSE, notices naming ${mustName.length} packages, nothing private`,
    problems.length === 0,
    problems.join('\n  '),
  );
}

try {
  // Chrome Web Store and Edge Add-ons: one zip.
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, env, stdio: 'ignore' });
  execFileSync('npm', ['run', 'zip'], { cwd: ROOT, env, stdio: 'ignore' });
  const chrome = readZip(onlyZip(out, '-chrome.zip'));
  const chromeManifest = manifestIn(chrome);
  check('the zipped manifest is the extension', chromeManifest.name === '__MSG_extension_name__');
  check('the zipped manifest has no key', !('key' in chromeManifest));
  // Below it, content scripts could read and write settings (storage.local.setAccessLevel): see wxt.config.ts.
  check('the zipped manifest asks for Chrome 140 or later', chromeManifest.minimum_chrome_version === '140');
  check(
    'the unpacked build keeps its key after the zip',
    typeof manifestAt(join(out, 'chrome-mv3/manifest.json')).key === 'string',
  );
  checkContents('Chrome', chrome);

  const plain = spawnSync('npx', ['wxt', 'zip'], { cwd: ROOT, env, encoding: 'utf8' });
  check(
    'a plain `wxt zip` (no MOODDJ_STORE) refuses to zip, saying why',
    plain.status !== 0 && `${plain.stdout}${plain.stderr}`.includes('npm run zip'),
  );
  check('… and writes no second zip', readdirSync(out).filter((name) => name.endsWith('-chrome.zip')).length === 1);

  // addons.mozilla.org: the add-on and its sources.
  execFileSync('npm', ['run', 'zip:firefox'], { cwd: ROOT, env, stdio: 'ignore' });
  const firefoxZip = onlyZip(out, '-firefox.zip');
  const firefox = readZip(firefoxZip);
  const ffManifest = manifestIn(firefox);
  const gecko = (ffManifest.browser_specific_settings as { gecko?: Record<string, unknown> } | undefined)?.gecko;
  check('the Firefox manifest has the fixed gecko id', gecko?.id === GECKO_ID);
  check('… asks for Firefox 140 or later', gecko?.strict_min_version === '140.0');
  check(
    '… declares its data collection',
    JSON.stringify(gecko?.data_collection_permissions) === JSON.stringify({ required: ['none'] }),
  );
  check('… has no key', !('key' in ffManifest));
  check('… asks for no offscreen permission', !(ffManifest.permissions as string[]).includes('offscreen'));
  check(
    '… runs its background as scripts (Firefox MV3)',
    Array.isArray((ffManifest.background as { scripts?: unknown }).scripts),
  );
  checkContents('Firefox', firefox);
  // The Firefox e2e build's fake camera (lib/offscreen/fake-camera.ts) must leave nothing in a normal one.
  const traces = [...fakeCameraTraces(chrome), ...fakeCameraTraces(firefox)];
  check('neither package has the test-only fake camera', traces.length === 0, traces.join(', '));

  const lint = spawnSync(
    'npx',
    ['web-ext', 'lint', '--source-dir', join(out, 'store-firefox-mv3'), '--output', 'json', '--no-config-discovery'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const { problems, explained } = lintProblems(JSON.parse(lint.stdout));
  for (const line of explained) console.log(`  web-ext lint, explained: ${line}`);
  check('web-ext lint: no error and no unexplained warning', problems.length === 0, problems.join('\n  '));

  const sources = readZip(onlyZip(out, '-sources.zip'));
  const names = [...sources.keys()];
  const missing = SOURCES_REQUIRED.filter((name) => !sources.has(name));
  check('the sources archive has what a rebuild needs', missing.length === 0, `missing: ${missing.join(', ')}`);
  const leaked = names.filter((name) => SOURCES_FORBIDDEN.some((pattern) => pattern.test(name)));
  check('… and nothing private, generated or test-only', leaked.length === 0, leaked.join(', '));

  for (const [name, bytes] of sources) {
    mkdirSync(dirname(join(rebuild, name)), { recursive: true });
    writeFileSync(join(rebuild, name), bytes);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(rebuild, 'node_modules'), 'dir');
  const rebuilt = spawnSync('npm', ['run', 'zip:firefox'], {
    cwd: rebuild,
    env: { ...env, MOODDJ_OUT_DIR: undefined },
    encoding: 'utf8',
  });
  check('npm run zip:firefox works in a clean unzip of the sources', rebuilt.status === 0, rebuilt.stderr.slice(-2000));
  const again = readZip(onlyZip(join(rebuild, '.output'), '-firefox.zip'));
  const differ = [...new Set([...firefox.keys(), ...again.keys()])].filter(
    (name) => !firefox.get(name)?.equals(again.get(name) ?? Buffer.alloc(0)),
  );
  check('… and rebuilds the uploaded add-on byte for byte', differ.length === 0, `differ: ${differ.join(', ')}`);
} finally {
  for (const dir of [out, rebuild]) if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
