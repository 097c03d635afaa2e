/**
 * The store zip: the Chrome Web Store refuses an upload whose manifest has a `key`. Development
 * and unpacked builds keep it (it pins the extension id, and so the Spotify redirect URI); `npm run zip`
 * builds with `MOODDJ_STORE=1`, which leaves it out and builds into its own folder, so the unpacked build
 * in `.output/chrome-mv3` keeps its key after a zip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set by `npm run zip`. */
export const STORE_ENV = 'MOODDJ_STORE';

export function isStoreBuild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[STORE_ENV] === '1';
}

/** WXT's `outDirTemplate` for a store build, beside (not over) the unpacked build. */
export const STORE_OUT_DIR_TEMPLATE = 'store-{{browser}}-mv{{manifestVersion}}';

/** For `build:manifestGenerated`: drops the `key` in a store build; other builds keep the manifest as is. */
export function withoutKeyForStore(manifest: { key?: string }, store: boolean): void {
  if (store) delete manifest.key;
}

/**
 * For `zip:extension:start`: refuses to zip a build whose manifest still has a `key`, so a plain
 * `wxt zip` (without the env var) fails loudly instead of writing a zip the store rejects.
 */
export function assertZippable(outDir: string): void {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { key?: unknown };
  if ('key' in manifest) {
    throw new Error(
      `The store refuses a manifest with a "key", and ${outDir}/manifest.json has one. Zip with \`npm run zip\` (${STORE_ENV}=1).`,
    );
  }
}
