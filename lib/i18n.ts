import { browser } from 'wxt/browser';
import messages from '@/public/_locales/en/messages.json' with { type: 'json' };

/** A key of `public/_locales/en/messages.json`, the one list of words MoodDJ shows. */
export type MessageKey = keyof typeof messages;

/** `$1`…`$9` as Chrome substitutes them; `$$` is a literal dollar sign. */
const SUBSTITUTION = /\$(\$|[1-9])/g;

/**
 * The message for `key` in the browser's language, with `$1`… replaced by `substitutions`.
 * Pass numbers already formatted (Intl) when their formatting matters.
 *
 * Falls back to the English text when `getMessage` has nothing: an unknown key, a test whose
 * fakeBrowser has no `i18n`, or a content script cut off by an update ("Extension context invalidated").
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const values = substitutions.map(String);
  let text = '';
  try {
    text = browser.i18n.getMessage(key, values);
  } catch {
    // No i18n here; the English text below serves.
  }
  return text || substitute(messages[key].message, values);
}

/** A private-use character no message contains. */
const MARK = '\uE000';

/**
 * The message for `key` cut at its `$1`, for markup that wraps the substitution in an element:
 * `[before, after]` around e.g. a `<strong>` or a link. Later substitutions fill `$2`….
 */
export function tSplit(key: MessageKey, ...substitutions: (string | number)[]): [string, string] {
  const [before = '', ...after] = t(key, MARK, ...substitutions).split(MARK);
  return [before, after.join(MARK)];
}

function substitute(message: string, values: readonly string[]): string {
  return message.replace(SUBSTITUTION, (_all, token: string) =>
    token === '$' ? '$' : (values[Number(token) - 1] ?? ''),
  );
}
