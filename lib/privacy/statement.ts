import { FEATURE_NAMES, GEOMETRY_NAMES } from '@/lib/mood/features';
import { PERSONAL_MAX_PER_MOOD } from '@/lib/mood/personal';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';

/**
 * The facts the privacy statement (components/PrivacyStatement.svelte, Options → Your data and /privacy.html)
 * and PRIVACY.md state, taken from the code that makes them true, so the words cannot drift from it.
 * `lib/privacy/statement.test.ts` holds PRIVACY.md to the same facts.
 */

/** The day the current policy took effect (PRIVACY.md says the same: the test checks it). */
export const PRIVACY_EFFECTIVE_DATE = '2026-12-06';

/**
 * What a calibration and each personal example store: the face's `extractFeatures` vector, all numbers derived
 * from MediaPipe's output for one face, never pixels. Blendshape values (one per movement, left and right as their
 * mean and difference), face measurements (distances between landmarks), and landmark coordinates (the positions
 * of points around the mouth, eyes, brows, nose and jaw, relative to the eyes).
 */
export const FACE_NUMBERS = {
  total: FEATURE_NAMES.length,
  blendshapes: FEATURE_NAMES.filter((name) => name.startsWith('bs_')).length,
  measurements: GEOMETRY_NAMES.length,
  landmarkCoordinates: FEATURE_NAMES.filter((name) => name.startsWith('s_')).length,
} as const;

/** Personal examples kept per mood; the oldest goes when a new one comes. */
export const PERSONAL_EXAMPLES_PER_MOOD = PERSONAL_MAX_PER_MOOD;

/** Days of mood and play history kept unless the person chooses otherwise. */
export const DEFAULT_RETENTION_DAYS = DEFAULT_SETTINGS.history.retentionDays;

/**
 * The third parties' own privacy pages. ReccoBeats publishes no privacy policy that we could find, so its home
 * page stands in; SoundNet's API page is where RapidAPI lists the provider.
 */
export const THIRD_PARTY_POLICIES = [
  { who: 'Spotify', kind: 'policy', url: 'https://www.spotify.com/legal/privacy-policy/' },
  { who: 'ReccoBeats', kind: 'home', url: 'https://reccobeats.com/' },
  { who: 'RapidAPI', kind: 'policy', url: 'https://rapidapi.com/privacy/' },
  { who: 'SoundNet', kind: 'api-page', url: 'https://rapidapi.com/soundnet-soundnet-default/api/track-analysis' },
] as const;

/** Where in Options a delete button sits: the section ids of entrypoints/options/App.svelte. */
export type OptionsPlace = 'camera' | 'spotify' | 'features' | 'data';

/** The link to an Options section, from Options itself (same document: it scrolls) or from /privacy.html. */
export function optionsLink(place: OptionsPlace): string {
  return `/options.html#${place}`;
}

/** One piece of a message cut at its substitutions: plain text, or the index of the substitution it stood for. */
export type MessagePart = { text: string } | { slot: number };

/** Private-use characters no message contains, one per substitution. */
const mark = (i: number) => String.fromCharCode(0xe100 + i);

/**
 * A message cut at its substitutions, so the page can put a link or a quoted button name where `$1`, `$2`… stood,
 * in whatever order the language puts them. `render` is `t` with the markers as substitutions.
 */
export function messageParts(render: (...markers: string[]) => string, slots: number): MessagePart[] {
  const markers = Array.from({ length: slots }, (_, i) => mark(i));
  const text = render(...markers);
  const parts: MessagePart[] = [];
  let rest = '';
  for (const char of text) {
    const slot = markers.indexOf(char);
    if (slot < 0) {
      rest += char;
      continue;
    }
    if (rest) parts.push({ text: rest });
    rest = '';
    parts.push({ slot });
  }
  if (rest) parts.push({ text: rest });
  return parts;
}

/** A date as the UI language writes it in full ("6 December 2026"). */
export function formatEffectiveDate(locale: string, date = PRIVACY_EFFECTIVE_DATE): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
