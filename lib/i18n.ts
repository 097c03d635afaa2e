import { browser } from 'wxt/browser';
import messages from '@/public/_locales/en/messages.json' with { type: 'json' };

/** A key of `public/_locales/en/messages.json`, the one list of words MoodDJ shows. */
export type MessageKey = keyof typeof messages;

/**
 * The plural categories every counted message carries, as `<base>_one` and `<base>_other` in each
 * language's messages.json. A category a language's rules select beyond these reads as `other`:
 * Spanish `many` is for "un millón de canciones", and MoodDJ writes counts in digits ("1.000.000 canciones").
 */
export const PLURAL_CATEGORIES = ['one', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

/** A counted message: `base` such that `<base>_one` and `<base>_other` are keys. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}_other` ? (`${Base}_one` extends MessageKey ? Base : never) : never;
}[MessageKey];

/** `$1`…`$9` as Chrome substitutes them; `$$` is a literal dollar sign. */
const SUBSTITUTION = /\$(\$|[1-9])/g;

/**
 * The message for `key` in the browser's language, with `$1`… replaced by `substitutions`.
 * Pass numbers already formatted (`formatNumber`) when their formatting matters.
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

/**
 * The counted message `base` for `count`: `<base>_one` or `<base>_other` as the UI language's plural
 * rules pick. `$1` is `count` in the UI language's digits, unless `substitutions` are given: then they
 * fill `$1`… as in `t` (a message that counts its `$2`, say).
 */
export function tPlural(base: PluralBase, count: number, ...substitutions: (string | number)[]): string {
  return t(pluralKey(base, count), ...(substitutions.length ? substitutions : [formatNumber(count)]));
}

/** The key `tPlural` would use, for `tSplit` around a counted message. */
export function pluralKey(base: PluralBase, count: number, locale = uiLocale()): MessageKey {
  return `${base}_${pluralCategory(count, locale)}`;
}

/** `count`'s plural category in `locale`, narrowed to the ones messages carry (`other` for the rest). */
export function pluralCategory(count: number, locale = uiLocale()): PluralCategory {
  const category = pluralRules(locale).select(count);
  return (PLURAL_CATEGORIES as readonly string[]).includes(category) ? (category as PluralCategory) : 'other';
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

/**
 * The browser's UI language, the one Chrome picks messages.json by: every number, date and plural
 * follows it, so a Spanish message never carries English digits. `navigator.language` where the
 * extension APIs are gone (a content script after an update), `en` where neither exists (unit tests).
 *
 * In the service worker Chromium can answer `getUILanguage()` with en-US while it serves the Spanish
 * messages (seen with `--lang=es`; pages answer `es`). So a UI language of another language than the
 * messages in use gives way to `navigator.language` when that one matches them.
 */
export function uiLocale(): string {
  const fallback = globalThis.navigator?.language || 'en';
  let language = '';
  let messagesIn = '';
  try {
    language = browser.i18n.getUILanguage();
    messagesIn = browser.i18n.getMessage('language_tag');
  } catch {
    // No i18n here.
  }
  if (!language) return fallback;
  const primary = (tag: string) => tag.split(/[-_]/)[0]?.toLowerCase();
  if (messagesIn && primary(language) !== primary(messagesIn) && primary(fallback) === primary(messagesIn)) {
    return fallback;
  }
  return language;
}

/** `n` in the UI language's digits: "1,240" in English, "1240" or "1.240" in Spanish. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(uiLocale(), options).format(n);
}

const rules = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let found = rules.get(locale);
  if (!found) {
    found = new Intl.PluralRules(locale);
    rules.set(locale, found);
  }
  return found;
}

function substitute(message: string, values: readonly string[]): string {
  return message.replace(SUBSTITUTION, (_all, token: string) =>
    token === '$' ? '$' : (values[Number(token) - 1] ?? ''),
  );
}
