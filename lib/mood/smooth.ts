import { argmax } from './argmax.ts';
import { MOODS, type Mood, type MoodScores } from './types.ts';

/** Tuning of `createMoodSmoother`. All times are in milliseconds. */
export interface MoodSmootherOptions {
  /**
   * Time constant of the exponential moving average over scores. Time-based rather than
   * per-frame, so the smoother behaves the same at 2 fps and at 30 fps. At 200 ms one clear frame 200 ms after
   * the last (5 fps) moves the average 63% of the way, enough for a change from a confident face to lead by the
   * margin at once (at 250 ms it took a second frame); the frame count of the dwell, not the average, is what
   * keeps a flicker out.
   * @default 200
   */
  readonly tauMs?: number;
  /**
   * A challenger's smoothed score must beat the current mood's by this much (hysteresis).
   * @default 0.1
   */
  readonly margin?: number;
  /**
   * A challenger must keep that lead for this long, and over `dwellFrames` frames, before the mood
   * switches: a real change shows in well under a second, while a flicker never flips it.
   * @default 400
   */
  readonly dwellMs?: number;
  /**
   * …and over at least this many face frames in a row (the first included), so a flicker of one or
   * two frames never flips the mood at any frame rate, nor does one frame after a long gap (a hidden
   * tab's throttled timers): time alone would let two frames 500 ms apart do it.
   * @default 3
   */
  readonly dwellFrames?: number;
  /**
   * Face frames needed before the first mood is reported (no dwell for the first one).
   * @default 2
   */
  readonly firstFrames?: number;
  /**
   * How long without a face before reporting `noFace` and dropping the mood. Until then the
   * last mood is kept, so looking away briefly does not change the music.
   * @default 2000
   */
  readonly noFaceMs?: number;
}

/** The smoother's view after one frame. */
export interface SmoothedMood {
  /** The stable mood, or null before the first face or after `noFaceMs` without one. */
  readonly mood: Mood | null;
  /** Smoothed score of `mood` (0–1), 0 when there is no mood. */
  readonly confidence: number;
  /** True when `mood` differs from the previous push's. */
  readonly changed: boolean;
  /** True once no face has been seen for `noFaceMs`. */
  readonly noFace: boolean;
}

export interface MoodSmoother {
  /** Feeds one frame's scores (`null` = no face in this frame) taken at `nowMs`. */
  push(scores: MoodScores | null, nowMs: number): SmoothedMood;
  /** Forgets everything, as if newly created. */
  reset(): void;
}

/** Turns noisy per-frame mood scores into a stable mood (EMA + hysteresis + minimum dwell). */
export function createMoodSmoother(options: MoodSmootherOptions = {}): MoodSmoother {
  const tauMs = positive(options.tauMs, 200);
  const margin = Math.max(0, options.margin ?? 0.1);
  const dwellMs = Math.max(0, options.dwellMs ?? 400);
  const dwellFrames = Math.max(1, Math.round(options.dwellFrames ?? 3));
  const firstFrames = Math.max(1, Math.round(options.firstFrames ?? 2));
  const noFaceMs = Math.max(0, options.noFaceMs ?? 2000);

  let ema: number[] | null = null;
  let faceFrames = 0;
  let lastFaceMs: number | null = null;
  let startMs: number | null = null;
  let mood: Mood | null = null;
  let challenger: Mood | null = null;
  let challengerSince = 0;
  let challengerFrames = 0;
  let noFace = false;

  const reset = () => {
    ema = null;
    faceFrames = 0;
    lastFaceMs = null;
    startMs = null;
    mood = null;
    challenger = null;
    noFace = false;
  };

  const forgetFace = () => {
    ema = null;
    faceFrames = 0;
    mood = null;
    challenger = null;
  };

  const push = (scores: MoodScores | null, nowMs: number): SmoothedMood => {
    startMs ??= nowMs;
    const before = mood;
    if (scores === null) {
      // Before any face, the timeout runs from the first push.
      if (nowMs - (lastFaceMs ?? startMs) >= noFaceMs) {
        noFace = true;
        forgetFace();
      }
    } else {
      noFace = false;
      const s = MOODS.map((m) => (Number.isFinite(scores[m]) ? scores[m] : 0));
      if (ema === null || lastFaceMs === null) {
        ema = s;
      } else {
        // A longer gap since the last face frame gives the new frame more weight.
        const alpha = 1 - Math.exp(-Math.max(0, nowMs - lastFaceMs) / tauMs);
        ema = ema.map((v, k) => v + alpha * ((s[k] ?? 0) - v));
      }
      lastFaceMs = nowMs;
      faceFrames++;
      update(ema, nowMs);
    }
    return {
      mood,
      confidence: mood !== null && ema !== null ? (ema[MOODS.indexOf(mood)] ?? 0) : 0,
      changed: mood !== before,
      noFace,
    };
  };

  const update = (smoothed: readonly number[], nowMs: number) => {
    const best = argmax(smoothed);
    const top = MOODS[best] as Mood;
    if (mood === null) {
      if (faceFrames >= firstFrames) mood = top;
      return;
    }
    const lead = (smoothed[best] ?? 0) - (smoothed[MOODS.indexOf(mood)] ?? 0);
    if (top === mood || lead < margin) {
      challenger = null;
      return;
    }
    if (challenger !== top) {
      challenger = top;
      challengerSince = nowMs;
      challengerFrames = 0;
    }
    challengerFrames++;
    if (nowMs - challengerSince >= dwellMs && challengerFrames >= dwellFrames) {
      mood = top;
      challenger = null;
    }
  };

  return { push, reset };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
