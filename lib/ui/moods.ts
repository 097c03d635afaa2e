import type { Mood } from '@/lib/mood/types';

/** How each mood looks in every surface. */
export const MOOD_LOOK: Readonly<Record<Mood, { label: string; color: string }>> = {
  happy: { label: 'Happy', color: 'var(--mdj-happy)' },
  sad: { label: 'Sad', color: 'var(--mdj-sad)' },
  angry: { label: 'Angry', color: 'var(--mdj-angry)' },
  neutral: { label: 'Neutral', color: 'var(--mdj-neutral)' },
  surprised: { label: 'Surprised', color: 'var(--mdj-surprised)' },
};
