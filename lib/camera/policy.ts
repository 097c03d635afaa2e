import type { CameraStatus, LiveState } from '@/lib/live-state/state';
import { withCameraReading } from '@/lib/mood/current';
import type { CameraReport } from './messages';

/**
 * Whether the offscreen document (and with it the camera light) should be on. The
 * camera runs only while the user wants it, a web-player tab is open and the machine is
 * in use, or while the person calibrates; every other case turns it off.
 */
export function cameraWanted(input: {
  enabled: boolean;
  spotifyTabs: number;
  idle: boolean;
  calibrating: boolean;
}): boolean {
  if (input.idle) return false;
  return input.calibrating || (input.enabled && input.spotifyTabs > 0);
}

/** The status to show while the camera is not wanted. */
export function stoppedStatus(enabled: boolean): CameraStatus {
  return enabled ? 'paused' : 'off';
}

/** The statuses `stoppedStatus` gives: the camera is not wanted, so MoodDJ has let it go (or is about to). */
export const STOPPED_STATUSES: ReadonlySet<CameraStatus> = new Set(['off', 'paused']);

/** Statuses that need the person to act; turning the camera on again retries from scratch. */
export const PROBLEM_STATUSES: ReadonlySet<CameraStatus> = new Set(['not-allowed', 'blocked', 'no-camera', 'error']);

/**
 * Folds a camera report into the live state: its status and, with a reading, the mood in effect by the rules
 * of `lib/mood/current.ts` (a hand pick wins; "no face" takes the camera's mood away).
 */
export function applyCameraReport(state: LiveState, report: CameraReport, now: number): LiveState {
  const camera = { ...state.camera, status: report.status, detail: report.detail ?? null };
  const next = { ...state, camera };
  return report.reading ? withCameraReading(next, report.reading, now) : next;
}
