import { summarise } from '@/lib/bench/stats';
import type { CameraStats } from '@/lib/camera/messages';

/** Frame times kept for the figures. */
const TIMING_WINDOW = 600;
/** The first frames pay for WASM warm-up (hundreds of ms); the figures leave them out. */
const WARMUP_FRAMES = 3;

/**
 * The camera loop's figures (Options' diagnostics and `npm run bench`): frame counts, and per frame the whole
 * detect + read time, detection alone, and the mood read alone on frames without and with an appearance run.
 * Counts and times only, never anything of the face.
 */
export function createFrameFigures(options: { appearanceRuns: () => number }) {
  const total: number[] = [];
  const detect: number[] = [];
  const read: number[] = [];
  const readWithAppearance: number[] = [];
  let frames = 0;
  let faceFrames = 0;
  let detectMs = 0;
  let runsBefore = 0;

  const keep = (timings: number[], ms: number) => {
    timings.push(ms);
    if (timings.length > TIMING_WINDOW) timings.shift();
  };
  const summary = (timings: number[]) => (timings.length ? summarise(timings) : null);

  return {
    /** One detection's time (called before `frameDone` of the same frame). */
    detected(ms: number): void {
      detectMs = ms;
      // `frames` counts the frames done: this one is frames + 1.
      if (frames >= WARMUP_FRAMES) keep(detect, ms);
    },
    /** A frame done, `ms` its detect + read; returns how many frames are done. */
    frameDone(ms: number, hadFace: boolean): number {
      frames++;
      if (hadFace) faceFrames++;
      const runs = options.appearanceRuns();
      const ranAppearance = runs !== runsBefore;
      runsBefore = runs;
      if (frames > WARMUP_FRAMES) {
        keep(total, ms);
        if (hadFace) keep(ranAppearance ? readWithAppearance : read, ms - detectMs);
      }
      return frames;
    },
    get faceFrames(): number {
      return faceFrames;
    },
    stats(): Omit<CameraStats, 'streamStartedAt' | 'firstMoodAt'> {
      return {
        frames,
        faceFrames,
        inferenceMs: summary(total),
        detectMs: summary(detect),
        appearanceRuns: options.appearanceRuns(),
        readMs: summary(read),
        appearanceReadMs: summary(readWithAppearance),
      };
    },
  };
}
