import { t } from '@/lib/i18n';

/**
 * Whether a playlist MoodDJ made shows on the person's profile, in their language, as Spotify reported it when it
 * made it. MoodDJ asks for `public: false`, which Spotify has been seen to ignore (Sept 2026), so the words never
 * promise what was asked: they say what Spotify answered. Null when Spotify did not say.
 */
export function playlistVisibilityText(reported: boolean | null): string | null {
  if (reported === null) return null;
  return reported ? t('playlist_reported_public') : t('playlist_reported_not_public');
}
