import { createAdaptiveRate } from '@/lib/camera/adaptive-rate';
import type { PipelineReading } from '@/lib/mood/pipeline';
import type { FaceFrame, Mood } from '@/lib/mood/types';

/** What leaves the camera loop: a label and a confidence, never the face itself. */
export interface MoodReading {
  mood: Mood | null;
  confidence: number;
  noFace: boolean;
}

export interface CameraLoopDeps {
  /**
   * Gets the frame to detect on (e.g. reads the newest camera frame, `frame-source.ts`) before
   * `detect`; the loop waits for it. False: no frame (the camera stopped), the tick is skipped.
   */
  acquire?(): Promise<boolean>;
  /** Frees the acquired frame once its detect and read have run (or failed). */
  release?(): void;
  /** Runs the landmarker on the current frame; null when there is no face. */
  detect(timestampMs: number): FaceFrame | null;
  /** The face (or none) through the mood pipeline (`lib/mood/pipeline.ts`): its scores and the smoothed mood. */
  read(face: FaceFrame | null, timestampMs: number): PipelineReading;
  now(): number;
  /**
   * Schedules the next frame. `setTimeout`, because requestAnimationFrame and
   * requestVideoFrameCallback never fire in an offscreen document, nor in Firefox's camera tab once it is
   * hidden; there Firefox clamps timers to at least 1 s, so the loop goes on at about 1 frame a second.
   */
  schedule(run: () => void, delayMs: number): unknown;
  cancel(handle: unknown): void;
  /** Called when the reading is worth telling: a new mood, a face lost or found, or a confidence shift. */
  onReading(reading: MoodReading): void;
  /** Called after each frame with its detect + read time, for the performance figures. */
  onFrameTimed?(inferenceMs: number, hadFace: boolean): void;
  /** Called when detection throws (e.g. the video stopped). The loop stops. */
  onError(error: unknown): void;
}

/** Confidence moves smaller than this are not re-sent. */
const CONFIDENCE_STEP = 0.05;
/** At most one confidence-only update per this many ms. */
const CONFIDENCE_INTERVAL_MS = 1000;
/**
 * The first frames come this quickly (until a first reading, at most `FAST_FRAMES`), so
 * the first mood does not wait on the frame rate; a face-less start then slows down.
 */
const FAST_INTERVAL_MS = 40;
const FAST_FRAMES = 8;

/**
 * The camera's frame loop: detect, read the mood, report. Frames are paced by the
 * configured rate, slowed down while the face is still and the mood steady (`adaptive-rate.ts`;
 * `adaptive: false` keeps the configured rate); a slow frame shortens the wait before the
 * next instead of piling up.
 */
export function createCameraLoop(deps: CameraLoopDeps, options: { fps: number; adaptive?: boolean }) {
  const rate = createAdaptiveRate({ fps: options.fps, enabled: options.adaptive ?? true });
  let handle: unknown = null;
  let running = false;
  let last: MoodReading | null = null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let collector: { frames: FaceFrame[] } | null = null;
  let frameCount = 0;
  /** Counts stops, so a frame that arrives after a stop does not run a second loop. */
  let sessions = 0;

  const tick = () => {
    if (!running) return;
    if (!deps.acquire) {
      run(deps.now());
      return;
    }
    const tickedAt = deps.now();
    const session = sessions;
    deps.acquire().then(
      (ok) => {
        // Stopped (and perhaps restarted) while the frame came: this tick is over.
        if (!running || session !== sessions) deps.release?.();
        else if (ok) run(tickedAt);
        // No frame (the camera stopped): try again at the rate; the track's end stops the loop.
        else handle = deps.schedule(tick, 1000 / rate.fps);
      },
      (error) => fail(error),
    );
  };

  const fail = (error: unknown) => {
    deps.release?.();
    running = false;
    deps.onError(error);
  };

  /** One frame: detect, read the mood, report; `tickedAt` is when the tick began (for the pace). */
  const run = (tickedAt: number) => {
    const started = deps.now();
    let frame: FaceFrame | null;
    let read: PipelineReading;
    try {
      frame = deps.detect(started);
      read = deps.read(frame, started);
    } catch (error) {
      fail(error);
      return;
    }
    deps.release?.();
    const finished = deps.now();
    deps.onFrameTimed?.(finished - started, frame !== null);
    if (frame && collector) collector.frames.push(frame);
    const reading: MoodReading = { mood: read.mood, confidence: read.confidence, noFace: read.noFace };
    if (worthSending(reading, finished)) {
      last = reading;
      lastSentAt = finished;
      deps.onReading(reading);
    }
    frameCount++;
    const fps = rate.next({ atMs: started, face: frame, scores: read.scores, mood: read.mood });
    // While calibrating, every frame counts: the full rate.
    const intervalMs = 1000 / (collector ? rate.fps : fps);
    const fast = !last && frameCount < FAST_FRAMES;
    const interval = fast ? Math.min(intervalMs, FAST_INTERVAL_MS) : intervalMs;
    handle = deps.schedule(tick, Math.max(0, interval - (finished - tickedAt)));
  };

  const worthSending = (reading: MoodReading, at: number) => {
    if (!last) return reading.mood !== null || reading.noFace;
    if (reading.mood !== last.mood || reading.noFace !== last.noFace) return true;
    return (
      Math.abs(reading.confidence - last.confidence) >= CONFIDENCE_STEP && at - lastSentAt >= CONFIDENCE_INTERVAL_MS
    );
  };

  return {
    start() {
      if (running) return;
      running = true;
      handle = deps.schedule(tick, 0);
    },
    stop() {
      running = false;
      sessions++;
      deps.cancel(handle);
      handle = null;
    },
    get running() {
      return running;
    },
    setFps(fps: number) {
      rate.setFps(fps);
    },
    /** Whether the loop may slow down while nothing changes. */
    setAdaptive(adaptive: boolean) {
      rate.setEnabled(adaptive);
    },
    /** Collects the faces seen over `durationMs` (for the neutral baseline). */
    collect(durationMs: number): Promise<FaceFrame[]> {
      const bucket = { frames: [] as FaceFrame[] };
      collector = bucket;
      return new Promise((resolve) => {
        deps.schedule(() => {
          if (collector === bucket) collector = null;
          resolve(bucket.frames);
        }, durationMs);
      });
    },
  };
}

export type CameraLoop = ReturnType<typeof createCameraLoop>;
