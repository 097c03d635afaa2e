import { t } from '@/lib/i18n';
import type { PickableMood } from './types';

/**
 * A mood's (or an activity's) name in the person's language (no colours: the background uses it too, e.g. for a
 * playlist's name).
 */
export function moodLabel(mood: PickableMood): string {
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
    case 'focus':
      return t('mood_focus');
    case 'workout':
      return t('mood_workout');
    case 'winddown':
      return t('mood_winddown');
  }
}
