import { existsSync } from 'node:fs';

/** Where Chromium is commonly installed, after `CHROMIUM_PATH` and Debian's binary. */
const CANDIDATES = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium-browser/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * Finds a Chromium to drive. It never downloads one: browser downloads fail on our
 * machines, and the tests must run against the system's browser.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (exists(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  const found = CANDIDATES.find((path) => exists(path));
  if (found) return found;
  throw new Error(
    'No Chromium found. Install it (Debian: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to its binary. ' +
      `Looked in: ${CANDIDATES.join(', ')}. (Never run \`npx playwright install\`.)`,
  );
}

/** Flags for a quiet headless Chromium on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
