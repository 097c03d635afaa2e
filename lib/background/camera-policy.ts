import type { CameraStatus } from '@/lib/state/live-state';

/**
 * Whether the offscreen document (and with it the camera light) should be on. The
 * camera runs only while the user wants it, a web-player tab is open and the machine is
 * in use; every other case turns it off.
 */
export function cameraWanted(input: { enabled: boolean; spotifyTabs: number; idle: boolean }): boolean {
  return input.enabled && input.spotifyTabs > 0 && !input.idle;
}

/** The status to show while the camera is not wanted. */
export function stoppedStatus(enabled: boolean): CameraStatus {
  return enabled ? 'paused' : 'off';
}
