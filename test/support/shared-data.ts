import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared data folder: `MOODDJ_SHARED`, else `../shared` beside the checkout. */
export const SHARED_DIR = process.env.MOODDJ_SHARED
  ? resolve(process.env.MOODDJ_SHARED)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');

/**
 * The path of a file in the shared folder, or null when it is missing. In CI a missing
 * file is an error; elsewhere the caller skips, and says so loudly.
 */
export function sharedFile(relative: string): string | null {
  const path = join(SHARED_DIR, relative);
  if (existsSync(path)) return path;
  if (process.env.CI === 'true') {
    throw new Error(`CI needs ${path} (from ../shared or MOODDJ_SHARED), and it is missing.`);
  }
  console.warn(
    `\n*** SKIPPING: ${path} is missing. Put the shared data beside the checkout or set MOODDJ_SHARED. ***\n`,
  );
  return null;
}

/** Chromium flags for a fake camera playing one of the shared clips. */
export function fakeCameraArgs(clip: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
  ];
}
