import { z } from 'zod';
import { cameraStatusSchema } from '@/lib/live-state/schema';
import { answers, defineContract, noData } from '@/lib/messaging/contract';
import { MOODS } from '@/lib/mood/types';

/** What the offscreen document needs from settings (it cannot read extension storage). Bounds match the settings. */
export const cameraConfigSchema = z.strictObject({
  fps: z.number().int().min(1).max(15),
  noFaceMs: z.number().min(500).max(30_000),
  /** False keeps the loop at `fps` even while nothing changes. @default true */
  adaptive: z.boolean().optional(),
});
export type CameraConfig = z.infer<typeof cameraConfigSchema>;

/** Longest camera error detail; the offscreen document cuts longer ones before sending. */
export const CAMERA_DETAIL_MAX = 500;

/** The offscreen document's word on the camera: its status and, with a face, the reading (label and confidence only). */
export const cameraReportSchema = z.strictObject({
  status: cameraStatusSchema,
  detail: z.string().max(CAMERA_DETAIL_MAX).nullable().optional(),
  reading: z
    .strictObject({ mood: z.enum(MOODS).nullable(), confidence: z.number().min(0).max(1), noFace: z.boolean() })
    .optional(),
});
export type CameraReport = z.infer<typeof cameraReportSchema>;

export type CalibrationResult = { ok: true; frames: number } | { ok: false; reason: string };

/** Frame-loop figures for diagnostics and `npm run bench`. No face data, only counts and times. */
export interface CameraStats {
  frames: number;
  faceFrames: number;
  /** detectForVideo + classify per frame, over the recent frames. */
  inferenceMs: { p50: number; p95: number; n: number } | null;
  /** `detectForVideo` alone per frame (the rest of `inferenceMs` is the mood read), over the same frames. */
  detectMs?: { p50: number; p95: number; n: number } | null;
  /** On how many frames the appearance models have run. */
  appearanceRuns?: number;
  /** The mood read alone (frame less detection) on face frames without, and with, an appearance-model run. */
  readMs?: { p50: number; p95: number; n: number } | null;
  appearanceReadMs?: { p50: number; p95: number; n: number } | null;
  /** performance.timeOrigin-based epoch ms when the stream started, and of the first mood. */
  streamStartedAt: number | null;
  firstMoodAt: number | null;
}

/** The camera, to the background. */
export const cameraMessages = defineContract('background', {
  /** Turn the camera on or off (the user's switch). */
  setCameraEnabled: { data: z.boolean(), from: ['extension-page', 'spotify-tab'], answer: answers() },
  // Calibration needs the person to look at the camera on purpose: extension pages only.
  /** Capture a personal neutral baseline: the person looks neutral for about 3 s. */
  startCalibration: { data: noData, from: ['extension-page'], answer: answers<CalibrationResult>() },
  /** Forget the personal neutral baseline. */
  clearCalibration: { data: noData, from: ['extension-page'], answer: answers() },
  /** The camera loop's figures, or null when the camera is off. */
  getCameraStats: { data: noData, from: ['extension-page'], answer: answers<CameraStats | null>() },
  /** The offscreen document has loaded and listens; the answer is its configuration. */
  offscreenReady: { data: noData, from: ['offscreen'], answer: answers<CameraConfig>() },
  /** Camera status and mood readings (label and confidence only). */
  cameraReport: { data: cameraReportSchema, from: ['offscreen'], answer: answers() },
  /**
   * The camera tab's heartbeat (Firefox), while its page is open: Firefox suspends an idle event page after 30 s even
   * with a panel's port open, and a restarted background has lost the camera's mood and status.
   */
  cameraAlive: { data: noData, from: ['offscreen'], answer: answers() },
  /** The camera tab's "Back to the web player" (Firefox): the tab the person was on, or the web player. */
  backToWebPlayer: { data: noData, from: ['offscreen'], answer: answers() },
});

/** The background, to the offscreen document that runs the camera. */
export const offscreenCameraMessages = defineContract('offscreen', {
  /** Liveness probe. */
  offscreenPing: { data: noData, from: ['background'], answer: answers<'pong'>() },
  /** New frame rate or no-face timeout. */
  configureCamera: { data: cameraConfigSchema, from: ['background'], answer: answers() },
  /** Collect ~3 s of neutral frames and store the baseline on this device. */
  calibrate: { data: noData, from: ['background'], answer: answers<CalibrationResult>() },
  /** The stored baseline was deleted; stop using it. */
  calibrationCleared: { data: noData, from: ['background'], answer: answers() },
  /** Frame-loop figures. */
  readCameraStats: { data: noData, from: ['background'], answer: answers<CameraStats>() },
});
