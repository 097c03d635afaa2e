import { t } from '@/lib/i18n';
import { moodLabel } from '@/lib/mood/label';
import { isActivity, type PickableMood } from '@/lib/mood/types';

/** How a mood looks on a surface: its name, its colour for CSS, and the same colour as hex for a canvas. */
export interface MoodLook {
  label: string;
  /** `var(--mdj-<mood>)` (an activity's: `var(--mdj-activity-<activity>)`), from `components/tokens.css`. */
  color: string;
  /** The token's value: a canvas cannot resolve `var(…)`. `moods.test.ts` keeps the two in step. */
  hex: string;
}

/**
 * A mood's colour token. The activities' have a prefix of their own: `--mdj-focus` is the focus ring's, and the
 * activities are no faces either.
 */
export const moodToken = (mood: PickableMood): string =>
  isActivity(mood) ? `--mdj-activity-${mood}` : `--mdj-${mood}`;

const look = (mood: PickableMood, hex: string): MoodLook => ({
  label: moodLabel(mood),
  color: `var(${moodToken(mood)})`,
  hex,
});

/**
 * The one table of mood labels and colours every page, the panel and the charts use. The background
 * names moods with `moodLabel` alone (`lib/mood/label.ts`): it has no colours to show.
 */
export const MOOD_LOOK: Readonly<Record<PickableMood, MoodLook>> = {
  happy: look('happy', '#ffd84d'),
  sad: look('sad', '#6aa9ff'),
  angry: look('angry', '#ff6b57'),
  neutral: look('neutral', '#b3b3b3'),
  surprised: look('surprised', '#c58bff'),
  // The activities take the hues the faces and the lift targets leave free (calm teal, energetic pink: `chart.ts`),
  // light enough for text on every surface: focus chartreuse, workout orange, wind down a night-sky periwinkle.
  focus: look('focus', '#b5e253'),
  workout: look('workout', '#ff9447'),
  winddown: look('winddown', '#9ea8ff'),
};

/**
 * The heading over the suggestions for `mood` in `mode`. An activity is a target itself, so it is matched in
 * both modes (`lib/dj/service.ts`) and never "lifted from".
 */
export function djHeading(mode: 'match' | 'lift', mood: PickableMood): string {
  const label = MOOD_LOOK[mood].label;
  if (isActivity(mood)) return t('dj_heading_activity', label);
  return mode === 'lift' ? t('dj_heading_lift', label) : t('dj_heading_match', label);
}
