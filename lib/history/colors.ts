import type { Mood } from '@/lib/mood/types';

/**
 * The mood colours of `components/tokens.css` as hex, for canvas drawing: a canvas cannot
 * resolve `var(--mdj-happy)`. `colors.test.ts` keeps the two in step.
 */
export const MOOD_HEX: Readonly<Record<Mood, string>> = {
  happy: '#ffd84d',
  sad: '#6aa9ff',
  angry: '#ff6b57',
  neutral: '#b3b3b3',
  surprised: '#c58bff',
};

/** Chart chrome on the dark surface (`--mdj-text-dim` for labels, faint white for lines). */
export const CHART_INK = {
  axis: '#b3b3b3',
  grid: 'rgba(255, 255, 255, 0.08)',
  tick: 'rgba(255, 255, 255, 0.16)',
  font: '12px system-ui, sans-serif',
} as const;
