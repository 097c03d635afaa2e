import type { CameraStatus, CurrentMood, LiveState } from '@/lib/live-state/state';
import type { CameraReport } from '@/lib/messaging/protocol';

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

/** Statuses that need the person to act; turning the camera on again retries from scratch. */
export const PROBLEM_STATUSES: ReadonlySet<CameraStatus> = new Set(['not-allowed', 'blocked', 'no-camera', 'error']);

/**
 * Folds a camera report into the live state. The camera's mood shows unless the person
 * picked one by hand; "no face" drops it. Returns the mood that became current, if the
 * label changed, so the caller can write it to the history.
 */
export function applyCameraReport(
  state: LiveState,
  report: CameraReport,
  now: number,
): { state: LiveState; newMood: CurrentMood | null } {
  const camera = { ...state.camera, status: report.status, detail: report.detail ?? null };
  if (!report.reading || state.manualMood) return { state: { ...state, camera }, newMood: null };
  const { mood, confidence, noFace } = report.reading;
  if (noFace || mood === null) {
    return { state: { ...state, camera, mood: state.mood?.source === 'camera' ? null : state.mood }, newMood: null };
  }
  const same = state.mood?.source === 'camera' && state.mood.mood === mood;
  const current: CurrentMood = {
    mood,
    confidence,
    since: same && state.mood ? state.mood.since : now,
    source: 'camera',
  };
  return { state: { ...state, camera, mood: current }, newMood: same ? null : current };
}
