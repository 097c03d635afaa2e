import { t } from '@/lib/i18n';
import type { Mood } from '@/lib/mood/types';

/** How each mood looks in every surface. */
export const MOOD_LOOK: Readonly<Record<Mood, { label: string; color: string }>> = {
  happy: { label: t('mood_happy'), color: 'var(--mdj-happy)' },
  sad: { label: t('mood_sad'), color: 'var(--mdj-sad)' },
  angry: { label: t('mood_angry'), color: 'var(--mdj-angry)' },
  neutral: { label: t('mood_neutral'), color: 'var(--mdj-neutral)' },
  surprised: { label: t('mood_surprised'), color: 'var(--mdj-surprised)' },
};
