import { t } from '@/lib/i18n';
import type { Mood } from './types';

/** A mood's name in the person's language (no colours: the background uses it too, e.g. for a playlist's name). */
export function moodLabel(mood: Mood): string {
  // Written-out keys, so the i18n test sees each one used.
  switch (mood) {
    case 'happy':
      return t('mood_happy');
    case 'sad':
      return t('mood_sad');
    case 'angry':
      return t('mood_angry');
    case 'neutral':
      return t('mood_neutral');
    case 'surprised':
      return t('mood_surprised');
  }
}
