import { moodLabel } from '@/lib/mood/label';
import type { Mood } from '@/lib/mood/types';

/** How a mood looks on a surface: its name, its colour for CSS, and the same colour as hex for a canvas. */
export interface MoodLook {
  label: string;
  /** `var(--mdj-<mood>)`, from `components/tokens.css`. */
  color: string;
  /** The token's value: a canvas cannot resolve `var(…)`. `moods.test.ts` keeps the two in step. */
  hex: string;
}

const look = (mood: Mood, hex: string): MoodLook => ({ label: moodLabel(mood), color: `var(--mdj-${mood})`, hex });

/**
 * The one table of mood labels and colours every page, the panel and the charts use. The background
 * names moods with `moodLabel` alone (`lib/mood/label.ts`): it has no colours to show.
 */
export const MOOD_LOOK: Readonly<Record<Mood, MoodLook>> = {
  happy: look('happy', '#ffd84d'),
  sad: look('sad', '#6aa9ff'),
  angry: look('angry', '#ff6b57'),
  neutral: look('neutral', '#b3b3b3'),
  surprised: look('surprised', '#c58bff'),
};
