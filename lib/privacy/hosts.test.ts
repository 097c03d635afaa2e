import { describe, expect, it } from 'vitest';
import type { UserManifest } from 'wxt';
import config from '@/wxt.config';
import { CONTACTED_ORIGINS, hostPattern, SOUNDNET_ORIGIN } from './hosts';

/** The manifest wxt.config.ts writes for one browser (MV3, a production build). */
async function manifestFor(browser: 'chrome' | 'firefox'): Promise<UserManifest> {
  const manifestFn = config.manifest as (env: object) => UserManifest | Promise<UserManifest>;
  return manifestFn({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
}

describe("the manifest's hosts", () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    it(`${browser}: SoundNet's host is optional (asked for when a key is saved), never in the install warning`, async () => {
      const manifest = await manifestFor(browser);
      const soundnet = hostPattern(SOUNDNET_ORIGIN);
      expect(manifest.host_permissions).not.toContain(soundnet);
      expect(manifest.optional_host_permissions).toEqual([soundnet]);
      // Together they are still exactly the hosts the CSP allows and the privacy statement names.
      expect([...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])].sort()).toEqual(
        CONTACTED_ORIGINS.map(hostPattern).sort(),
      );
      expect(manifest.content_security_policy?.extension_pages).toContain(SOUNDNET_ORIGIN);
    });
  }
});
