import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { hostPattern, SOUNDNET_ORIGIN } from '@/lib/privacy/hosts';
import type { KeyTestResult } from '@/lib/sync/messages';

/** SoundNet's host as the browser's prompt and settings name it. */
export const SOUNDNET_HOST = new URL(SOUNDNET_ORIGIN).host;

/**
 * Asks the browser for SoundNet's host, an optional host permission (the browser's prompt, or a yes at once when it
 * is granted already). Call it first thing in a click handler, before any `await`: the browser lets an extension
 * ask only while it handles the person's click (Firefox only in the handler's synchronous part), and refuses the
 * request after that.
 */
export function requestSoundNetAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: [hostPattern(SOUNDNET_ORIGIN)] });
}

/** What the key's buttons ask the background (`syncMessages`). */
export interface KeyBackground {
  save(key: string | null): Promise<void>;
  test(key: string | null): Promise<KeyTestResult>;
  /** The grant was given: the background checks it and resumes; whether SoundNet can be asked now. */
  checkAccess(): Promise<boolean>;
}

/**
 * "Save key": `asked` is the request the click started. The key goes to the background only once the browser grants
 * SoundNet's host; refused, it is not saved (so never used), and the draft stays for another try.
 */
export async function saveKey(asked: Promise<boolean>, key: string, background: KeyBackground): Promise<void> {
  // Refused: what it means, and the button that asks again.
  if (!(await asked)) throw new Error(t('options_key_refused_save', SOUNDNET_HOST, t('options_key_save')));
  await background.save(key);
}

/** "Test key": one real request once the host is granted; refused, nothing is sent (`no-access`). */
export async function testKey(
  asked: Promise<boolean>,
  key: string | null,
  background: KeyBackground,
): Promise<KeyTestResult> {
  if (!(await asked)) return 'no-access';
  return background.test(key);
}

/** "Grant access", after the grant was taken back: the background checks it and SoundNet carries on. */
export async function grantAccess(asked: Promise<boolean>, background: KeyBackground): Promise<void> {
  if (!(await asked) || !(await background.checkAccess())) {
    throw new Error(t('options_key_refused_grant', SOUNDNET_HOST, t('options_key_grant')));
  }
}
