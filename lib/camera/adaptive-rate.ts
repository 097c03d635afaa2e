import { topMood } from '@/lib/mood/argmax';
import type { FaceFrame, Mood, MoodScores } from '@/lib/mood/types';

/** Tuning of `createAdaptiveRate`. Times in milliseconds. */
export interface AdaptiveRateOptions {
  /** The configured frame rate: the ceiling, and the rate whenever anything changes. */
  readonly fps: number;
  /**
   * The rate once the face has been still and the mood steady for `holdMs`; never above `fps`.
   * @default 2
   */
  readonly steadyFps?: number;
  /**
   * How long the mood, the raw top class and the face must hold before the loop slows down.
   * @default 4000
   */
  readonly holdMs?: number;
  /**
   * Largest `faceMotion` between two frames that still counts as "the face barely moved".
   * @default 0.08
   */
  readonly stillness?: number;
  /** False keeps the configured rate all the time. @default true */
  readonly enabled?: boolean;
}

/** What one frame told the loop. */
export interface RateSignal {
  /** When the frame was taken. */
  readonly atMs: number;
  /** The detected face, or null (no face in this frame). */
  readonly face: FaceFrame | null;
  /** The frame's own scores (the raw, unsmoothed top class is taken from them). */
  readonly scores: MoodScores | null;
  /** The smoothed mood after this frame. */
  readonly mood: Mood | null;
}

/** The lowest rate the loop ever runs at while watching. */
export const FLOOR_FPS = 1;

/**
 * Decides the camera loop's next interval: the configured rate while anything changes, a
 * slower one once the smoothed mood has held for `holdMs` and the face barely moves, and
 * straight back to the configured rate on the first frame that differs (a feature jump, a
 * face lost or found, another raw top class, another mood). Pure: time comes from the signals.
 */
export function createAdaptiveRate(options: AdaptiveRateOptions) {
  let ceiling = clampFps(options.fps, FLOOR_FPS);
  let enabled = options.enabled ?? true;
  const steadyFps = Math.max(FLOOR_FPS, options.steadyFps ?? 2);
  const holdMs = Math.max(0, options.holdMs ?? 4000);
  const stillness = Math.max(0, options.stillness ?? 0.08);

  let previous: RateSignal | null = null;
  let steadySince: number | null = null;

  const changed = (before: RateSignal, now: RateSignal): boolean => {
    if (now.mood !== before.mood) return true;
    if ((now.face === null) !== (before.face === null)) return true;
    if (topClass(now.scores) !== topClass(before.scores)) return true;
    return now.face !== null && before.face !== null && faceMotion(before.face, now.face) > stillness;
  };

  return {
    /** Feeds one frame; returns the frames per second to run at until the next one. */
    next(signal: RateSignal): number {
      const before = previous;
      previous = signal;
      // Only a face in view, with a mood, can be steady: looking away keeps the full rate.
      if (!before || changed(before, signal) || signal.mood === null || signal.face === null) {
        steadySince = signal.atMs;
        return ceiling;
      }
      steadySince ??= signal.atMs;
      if (!enabled || signal.atMs - steadySince < holdMs) return ceiling;
      return Math.min(ceiling, steadyFps);
    },
    /** Forgets the history (e.g. while calibrating, or after a restart): full rate again. */
    reset() {
      previous = null;
      steadySince = null;
    },
    setFps(fps: number) {
      ceiling = clampFps(fps, FLOOR_FPS);
    },
    setEnabled(value: boolean) {
      enabled = value;
    },
    get fps() {
      return ceiling;
    },
  };
}

export type AdaptiveRate = ReturnType<typeof createAdaptiveRate>;

/** The class with the highest score, or null. */
export function topClass(scores: MoodScores | null): Mood | null {
  return scores ? topMood(scores) : null;
}

/**
 * How much a face changed between two frames: the largest blendshape change, or the move of
 * the landmarks' box (its centre's shift and its size change, relative to its size), whichever
 * is larger. 0 for the same face; about 0.01–0.05 for a still face's detector jitter.
 */
export function faceMotion(a: FaceFrame, b: FaceFrame): number {
  let motion = 0;
  for (const [name, value] of Object.entries(b.blendshapes)) {
    if (name === '_neutral') continue;
    motion = Math.max(motion, Math.abs(value - (a.blendshapes[name] ?? 0)));
  }
  const boxA = landmarkBox(a);
  const boxB = landmarkBox(b);
  if (boxA && boxB) {
    const size = Math.max(1e-6, boxA.size);
    motion = Math.max(
      motion,
      Math.hypot(boxB.cx - boxA.cx, boxB.cy - boxA.cy) / size,
      Math.abs(boxB.size - boxA.size) / size,
    );
  }
  return motion;
}

function landmarkBox(face: FaceFrame): { cx: number; cy: number; size: number } | null {
  const points = face.landmarks;
  if (!points || points.length === 0) return null;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, size: Math.max(maxX - minX, maxY - minY) };
}

function clampFps(fps: number, floor: number): number {
  return Number.isFinite(fps) ? Math.max(floor, fps) : floor;
}
