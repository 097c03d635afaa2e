import { t } from '@/lib/i18n';
import type { CameraStatus } from '@/lib/live-state/state';

/** What a person can do about a camera status. */
export type CameraAction = 'grant' | 'site-settings' | 'open-player' | 'retry' | 'reopen-host' | null;

// Words for the camera's statuses, shared by the surfaces (`components/CameraState.svelte`) and the camera page
// itself (`entrypoints/offscreen/`, which runs where page modules may not be imported).

/**
 * Firefox keeps the camera in a pinned MoodDJ tab (it has no offscreen document): the surfaces say so while the
 * camera is on, so the tab is not a surprise.
 */
export const CAMERA_IN_TAB: boolean = import.meta.env.FIREFOX === true;

/** The statuses in which the camera is open (as the toolbar badge's `CAMERA_ON_STATUSES` in the worker). */
export const CAMERA_OPEN_STATUSES: ReadonlySet<CameraStatus> = new Set(['starting', 'running', 'no-face']);

export type CameraStatusText = Readonly<Record<CameraStatus, { title: string; hint: string; action: CameraAction }>>;

/**
 * The sentence and the fix for each camera status. A blocked camera in Firefox (`inTab`) gets words, not a button:
 * Firefox lets no extension open its settings (`about:preferences`), nor a site's permissions.
 */
export function cameraStatusText(inTab: boolean): CameraStatusText {
  return {
    off: { title: t('camera_off_title'), hint: t('camera_off_hint'), action: null },
    paused: { title: t('camera_paused_title'), hint: t('camera_paused_hint'), action: 'open-player' },
    starting: { title: t('camera_starting_title'), hint: t('camera_starting_hint'), action: null },
    running: { title: t('camera_running_title'), hint: t('camera_running_hint'), action: null },
    'no-face': { title: t('camera_no_face_title'), hint: t('camera_no_face_hint'), action: null },
    'not-allowed': { title: t('camera_not_allowed_title'), hint: t('camera_not_allowed_hint'), action: 'grant' },
    blocked: inTab
      ? { title: t('camera_blocked_title'), hint: t('camera_blocked_hint_firefox'), action: null }
      : { title: t('camera_blocked_title'), hint: t('camera_blocked_hint'), action: 'site-settings' },
    'no-camera': { title: t('camera_no_camera_title'), hint: t('camera_no_camera_hint'), action: 'retry' },
    error: { title: t('camera_error_title'), hint: t('camera_error_hint'), action: 'retry' },
    'host-closed': { title: t('camera_host_closed_title'), hint: t('camera_host_closed_hint'), action: 'reopen-host' },
  };
}

/** The words for this build's browser. */
export const CAMERA_STATUS_TEXT: CameraStatusText = cameraStatusText(CAMERA_IN_TAB);
