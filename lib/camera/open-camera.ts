import type { CameraStatus } from '@/lib/live-state/state';

export type CameraPermission = 'granted' | 'denied' | 'prompt' | 'unknown';

/** The camera permission of this extension's origin, if the browser will say. */
export async function cameraPermission(permissions: Permissions | undefined): Promise<CameraPermission> {
  try {
    const status = await permissions?.query({ name: 'camera' as PermissionName });
    return status?.state ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Maps a `getUserMedia` failure in the offscreen document to the status a person can
 * act on. The offscreen document cannot show a prompt: without a prior grant it fails at
 * once with NotAllowedError ("Permission dismissed"), which means "not allowed yet" unless
 * the permission is known to be denied ("blocked").
 */
export function statusForCameraError(
  error: unknown,
  permission: CameraPermission,
): { status: CameraStatus; detail: string | null } {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { status: permission === 'denied' ? 'blocked' : 'not-allowed', detail: null };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { status: 'no-camera', detail: null };
  if (name === 'NotReadableError' || name === 'AbortError') {
    return { status: 'error', detail: 'the camera is in use by another app' };
  }
  return { status: 'error', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * The constraints MoodDJ asks for: the smallest frame that keeps the readings, at about the loop's own rate.
 * 320×240 read every eval clip as 640×480 did, with the blendshapes within 0.01 on average
 * (`npm run bench -- --only=resolution`), and its frames cost less to upload and detect on. Everything is `ideal`
 * or `max`, which Chromium meets by scaling or dropping frames, so a camera that cannot comply still opens. (Where
 * Chromium scales, it only shrinks the frame's display size; `frame-source.ts` detects such a frame at its full
 * size, since FaceLandmarker finds no face in one shown at half size.) Ideal 10 fps is twice the default loop rate,
 * so the frame the loop takes is fresh; a configured rate above 5 asks for twice its rate at the first reading
 * (`capFrameRate` in the offscreen document, which asks for this size again).
 */
export const VIDEO_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: {
    width: { ideal: 320, max: 640 },
    height: { ideal: 240, max: 480 },
    frameRate: { ideal: 10, max: 15 },
    facingMode: 'user',
  },
};
