/**
 * `npm run test:e2e:firefox`: builds the Firefox add-on with the test-only fake camera (the happy clip, see
 * lib/offscreen/fake-camera.ts) into its own output folder, then runs the Firefox suite (playwright.firefox.config.ts)
 * under `xvfb-run -a`: headless Firefox has no WebGL, which MediaPipe needs.
 *
 * Without Firefox ESR or xvfb-run it skips, loudly, and succeeds, except in CI (CI=true), where it fails: `.ci/run`
 * installs both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIREFOX_OUT_DIR, FIREFOX_PATH } from '../../e2e/firefox/paths';
import { sharedFile } from '../../test/support/shared-data';

const ROOT = resolve(import.meta.dirname, '../..');

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = [
  ...(existsSync(FIREFOX_PATH) ? [] : [`Firefox ESR (${FIREFOX_PATH}; set FIREFOX_PATH for another)`]),
  ...(onPath('xvfb-run') ? [] : ['xvfb-run (Debian: apt-get install xvfb xauth)']),
];
if (missing.length > 0) {
  const needs = missing.join(' and ');
  if (process.env.CI === 'true') {
    console.error(
      `test:e2e:firefox: the Firefox end-to-end tests need ${needs}, and CI must run them (.ci/run installs them).`,
    );
    process.exit(1);
  }
  console.warn(
    `\n*** SKIPPING the Firefox end-to-end tests: they need ${needs}. Debian: apt-get install firefox-esr xvfb xauth ***\n`,
  );
  process.exit(0);
}

// Missing shared data: the build goes without a clip and the mood test skips, saying so (an error in CI).
const clip = sharedFile('faces/video/happy.mjpeg');
const run = (command: string, args: string[], env: NodeJS.ProcessEnv) => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], {
  MOODDJ_OUT_DIR: FIREFOX_OUT_DIR,
  MOODDJ_FAKE_CAMERA_CLIP: clip ?? '',
});
run('xvfb-run', ['-a', 'npx', 'playwright', 'test', '-c', 'playwright.firefox.config.ts', ...process.argv.slice(2)], {
  MOODDJ_FIREFOX_OUT_DIR: FIREFOX_OUT_DIR,
});
