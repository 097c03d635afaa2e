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

/** The constraints MoodDJ asks for: a small frame is plenty for one face and keeps CPU low. */
export const VIDEO_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 30 }, facingMode: 'user' },
};
