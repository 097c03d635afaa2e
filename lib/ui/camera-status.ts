import type { CameraStatus } from '@/lib/state/live-state';

/** What a person can do about a camera status. */
export type CameraAction = 'grant' | 'site-settings' | 'open-player' | 'retry' | null;

/** The sentence and the fix for each camera status. */
export const CAMERA_STATUS_TEXT: Readonly<Record<CameraStatus, { title: string; hint: string; action: CameraAction }>> =
  {
    off: { title: 'Camera off', hint: 'Turn the camera on, or pick a mood by hand.', action: null },
    paused: {
      title: 'Paused',
      hint: 'The camera waits until a Spotify web player tab is open.',
      action: 'open-player',
    },
    starting: { title: 'Starting the camera…', hint: 'The first mood shows within a second or two.', action: null },
    running: { title: 'Watching for your mood', hint: 'Frames stay on this device.', action: null },
    'no-face': {
      title: 'No face in view',
      hint: 'Sit in front of the camera with your face lit.',
      action: null,
    },
    'not-allowed': {
      title: 'Camera not allowed yet',
      hint: 'MoodDJ needs your permission once, on a page of its own.',
      action: 'grant',
    },
    blocked: {
      title: 'Camera blocked',
      hint: 'The camera is blocked for MoodDJ. Open its site settings and set Camera to Allow.',
      action: 'site-settings',
    },
    'no-camera': { title: 'No camera found', hint: 'Connect a webcam, then try again.', action: 'retry' },
    error: { title: 'The camera stopped', hint: 'Something went wrong with the camera.', action: 'retry' },
  };
