import { browser } from 'wxt/browser';
import { reportError } from '@/lib/errors/report';

/** The part of a `storage` area this needs. */
export interface AccessLevelArea {
  /** Absent in Firefox (153 has it on neither area). */
  setAccessLevel?(options: { accessLevel: 'TRUSTED_CONTEXTS' }): Promise<void>;
}

/**
 * Closes extension storage to content scripts. Settings, budgets, the retention and the
 * Client ID live in `storage.local`, which Chrome opens to content scripts by default, so
 * a compromised page's content script could rewrite them. `session` is trusted
 * by default; it is set too so that never depends on a default.
 *
 * Checked in Chromium 156 with a throwaway extension: after `setAccessLevel` on `local`
 * and `session`, a content script's `get` and `set` both reject with "Access to storage is
 * not allowed from this context", and the level survives a browser restart. It runs on
 * every worker start anyway, which also covers installs and updates.
 *
 * Firefox has no `setAccessLevel` (on either area), so there is nothing to call and nothing to report: there
 * `storage.local` stays readable by MoodDJ's own content script, which never reads it (settings reach the panel
 * through the background only), and the secrets are in IndexedDB, which only the background opens.
 */
export async function restrictStorageToTrustedContexts(
  areas: readonly AccessLevelArea[] = [browser.storage.local, browser.storage.session],
): Promise<void> {
  // async: an area that throws at once (an old browser, a test fake) becomes a rejection too.
  const results = await Promise.allSettled(
    areas
      .filter((area) => typeof area.setAccessLevel === 'function')
      .map(async (area) => area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })),
  );
  for (const result of results) {
    if (result.status === 'rejected') reportError('settings', result.reason);
  }
}
