import { t } from '@/lib/i18n';
import type { CameraStatus } from '@/lib/live-state/state';

/** What a person can do about a camera status. */
export type CameraAction = 'grant' | 'site-settings' | 'open-player' | 'retry' | null;

/** The sentence and the fix for each camera status. */
export const CAMERA_STATUS_TEXT: Readonly<Record<CameraStatus, { title: string; hint: string; action: CameraAction }>> =
  {
    off: { title: t('camera_off_title'), hint: t('camera_off_hint'), action: null },
    paused: { title: t('camera_paused_title'), hint: t('camera_paused_hint'), action: 'open-player' },
    starting: { title: t('camera_starting_title'), hint: t('camera_starting_hint'), action: null },
    running: { title: t('camera_running_title'), hint: t('camera_running_hint'), action: null },
    'no-face': { title: t('camera_no_face_title'), hint: t('camera_no_face_hint'), action: null },
    'not-allowed': { title: t('camera_not_allowed_title'), hint: t('camera_not_allowed_hint'), action: 'grant' },
    blocked: { title: t('camera_blocked_title'), hint: t('camera_blocked_hint'), action: 'site-settings' },
    'no-camera': { title: t('camera_no_camera_title'), hint: t('camera_no_camera_hint'), action: 'retry' },
    error: { title: t('camera_error_title'), hint: t('camera_error_hint'), action: 'retry' },
  };
