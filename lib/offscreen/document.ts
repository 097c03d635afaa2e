import type { FaceLandmarker } from '@mediapipe/tasks-vision';
import { browser } from 'wxt/browser';
import {
  CAMERA_DETAIL_MAX,
  type CalibrationResult,
  type CameraConfig,
  type CameraReport,
  type CameraStats,
  cameraMessages,
  offscreenCameraMessages,
} from '@/lib/camera/messages';
import { cameraPermission, statusForCameraError, VIDEO_CONSTRAINTS } from '@/lib/camera/open-camera';
import { db } from '@/lib/db/schema';
import { reportError } from '@/lib/errors/report';
import { clientFor } from '@/lib/messaging/client';
import { listenFromBackground } from '@/lib/messaging/receive';
import { type Baseline, createBaseline, isBaseline, moodModel } from '@/lib/mood/classify';
import { offscreenPersonalMessages } from '@/lib/mood/messages';
import { createMoodPipeline } from '@/lib/mood/pipeline';
import { moodStackers } from '@/lib/mood/stacker-default';
import { APPEARANCE_TUNING, createAppearanceChannel } from './appearance-channel';
import { appearanceViews } from './appearance-views';
import { type CameraLoop, createCameraLoop } from './camera-loop';
import { startCamera } from './camera-start';
import { createFaceLandmarker, detectVideoFrame } from './face-detector';
import { createFrameFigures } from './frame-figures';
import {
  browserTrackProcessor,
  createTrackFrameSource,
  createVideoFrameSource,
  type FrameSource,
} from './frame-source';
import { createPersonaliser } from './personaliser';

/** How long the person looks neutral for calibration, and the faces it needs. */
const CALIBRATION_MS = 3000;
const CALIBRATION_MIN_FACES = 8;
/** The appearance models' readings are refreshed about this often on a steady face (below). */
const APPEARANCE_REFRESH_MS = 600;

/**
 * Marks where the time to the first mood goes (`performance.mark`, read by the benchmark over
 * the DevTools protocol; nothing leaves the document).
 */
const mark = (step: string) => performance.mark(`mooddj:${step}`);

/**
 * The offscreen document: opens the camera, runs FaceLandmarker and the mood pipeline (`lib/mood/pipeline.ts`)
 * on its frames, and sends the background only a label and a confidence. Frames, landmarks, blendshapes, the
 * baseline and the personal examples stay in this document (the last two in this device's IndexedDB).
 */
export function startOffscreen(options: { onReport?: (report: CameraReport) => void } = {}): void {
  mark('document');
  let config: CameraConfig = { fps: 5, noFaceMs: 2000 };
  let track: MediaStreamTrack | null = null;
  let loop: CameraLoop | null = null;
  let frameSource: FrameSource | null = null;
  let streamStartedAt: number | null = null;
  let firstMoodAt: number | null = null;
  let frameRateCapped = false;

  const background = clientFor(cameraMessages);
  const report = (value: CameraReport) => {
    // The background refuses an over-long detail (a browser error message can be anything).
    const detail = value.detail ? value.detail.slice(0, CAMERA_DETAIL_MAX) : value.detail;
    // The page itself shows the status too (Firefox's camera tab: `entrypoints/offscreen/App.svelte`).
    options.onReport?.({ ...value, detail });
    background.cameraReport({ ...value, detail }).catch((error) => reportError('offscreen', error));
  };

  // "Not how I feel" examples: kept in IndexedDB by this document, never sent anywhere.
  const personal = createPersonaliser({ db, model: moodModel, now: () => Date.now() });
  // The appearance channel: face-crop models fused with the blendshape model. Until they have loaded, or if
  // they fail (reported once), the blendshape model reads the mood alone; one that fails leaves the others.
  // TensorFlow.js is a separate chunk, parsed only then, so it does not delay the first mood.
  const appearance = createAppearanceChannel({
    stackers: moodStackers(),
    views: appearanceViews(moodStackers()),
    now: () => performance.now(),
    onError: (error) => reportError('offscreen', error),
    // Fresh readings about every APPEARANCE_REFRESH_MS whatever the configured rate (every 3rd frame at the
    // default 5 fps, as the channel's own tuning; every 6th at 10 fps instead of every 3rd): a higher rate then
    // reacts sooner without running the appearance models more often. A change or an unsure face still runs
    // them at once (the channel's rules).
    tuning: {
      ...APPEARANCE_TUNING,
      get every() {
        return Math.max(APPEARANCE_TUNING.every, Math.round((config.fps * APPEARANCE_REFRESH_MS) / 1000));
      },
    },
  });
  const figures = createFrameFigures({ appearanceRuns: () => appearance.runs });
  const pipeline = createMoodPipeline({
    model: moodModel,
    personaliser: personal,
    appearance,
    noFaceMs: config.noFaceMs,
  });

  // Handlers first, synchronously, so the background can talk to us as soon as we load.
  // Only the background's messages count: a content script's runtime.sendMessage reaches
  // this document too, and must not reconfigure or calibrate the camera.
  listenFromBackground(offscreenCameraMessages, {
    offscreenPing: () => 'pong' as const,
    configureCamera: (data) => {
      pipeline.configure({ noFaceMs: data.noFaceMs });
      config = data;
      loop?.setFps(data.fps);
      loop?.setAdaptive(data.adaptive ?? true);
      if (frameRateCapped) capFrameRate();
    },
    calibrate: () => calibrate(),
    calibrationCleared: () => {
      pipeline.setBaseline(null);
    },
    readCameraStats: (): CameraStats => ({
      ...figures.stats(),
      streamStartedAt,
      firstMoodAt,
    }),
  });
  listenFromBackground(offscreenPersonalMessages, {
    keepPersonalExample: ({ mood }) => personal.keep(mood),
    personalExamplesChanged: () => personal.reload(),
  });

  // Everything starts at once: the model loads while the camera opens and the
  // background answers with the settings, so the first mood comes as early as it can.
  const landmarkerReady = createFaceLandmarker(
    {
      wasmLoader: browser.runtime.getURL('/mediapipe/vision_wasm_internal.js'),
      wasmBinary: browser.runtime.getURL('/mediapipe/vision_wasm_internal.wasm'),
      model: browser.runtime.getURL('/mediapipe/face_landmarker.task'),
    },
    'VIDEO',
  );
  landmarkerReady.then(
    () => mark('model'),
    () => undefined,
  );
  const configReady = background.offscreenReady().then((value) => {
    mark('config');
    config = value;
    pipeline.configure({ noFaceMs: value.noFaceMs });
  });
  const prepared = Promise.all([
    configReady,
    loadBaseline().then((stored) => pipeline.setBaseline(stored)),
    personal.reload().catch((error) => reportError('db', error)),
  ]);
  // Told by the start when it matters (the camera opened); a camera refused has already said why.
  prepared.catch(() => undefined);
  void startCamera({
    landmarker: landmarkerReady,
    prepared,
    openStream,
    openFrames: async (stream) => {
      streamStartedAt = Date.now();
      watchStream(stream);
      track = stream.getVideoTracks()[0] ?? null;
      // The frame rate is lowered at the first reading (below), not now: the first frames come fast.
      frameSource = await openFrames(stream);
      return frameSource;
    },
    startLoop: (landmarker, source) => {
      loop = createLoop(landmarker, source);
      loop.start();
    },
    stopFrames: (source) => source.stop(),
    mark,
    fail: (error) => report({ status: 'error', detail: error instanceof Error ? error.message : String(error) }),
  });

  /** The camera, or null when it could not open (reported here). */
  async function openStream(): Promise<MediaStream | null> {
    const permission = await cameraPermission(navigator.permissions);
    if (permission === 'denied') {
      report({ status: 'blocked' });
      return null;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(VIDEO_CONSTRAINTS);
      // Test builds only (lib/offscreen/fake-camera.ts): a normal build has no trace of it.
      const clip = import.meta.env.MOODDJ_FAKE_CAMERA;
      if (clip) stream = await (await import('./fake-camera')).playClipInstead(stream, clip);
    } catch (error) {
      report(statusForCameraError(error, await cameraPermission(navigator.permissions)));
      return null;
    }
    return stream;
  }

  /**
   * The camera's frames, read on demand from the track (no <video> decoding and presenting 30 frames a
   * second that the loop never looks at); a playing <video> where the browser has no track processor.
   */
  async function openFrames(stream: MediaStream): Promise<FrameSource> {
    const processor = browserTrackProcessor();
    if (track && processor) return createTrackFrameSource(track, processor);
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    return createVideoFrameSource(video);
  }

  /**
   * Each tick takes the newest camera frame (`acquire`), detects on it, reads the mood, then frees it
   * (`release`). THE FRAME SEAM: from detect until the frame's read has returned, `source.current`
   * is the image the landmarks were found on ({source, width, height}; a `VideoFrame` or the <video>),
   * for the appearance channel to crop the face from. Use it synchronously: it is closed right after the read.
   */
  function createLoop(landmarker: FaceLandmarker, source: FrameSource): CameraLoop {
    return createCameraLoop(
      {
        acquire: () => source.grab(),
        release: () => source.release(),
        // No frame yet (a video not yet showing frames) reads as "no face".
        detect: (timestamp) => {
          if (!source.current) return null;
          const started = performance.now();
          const face = detectVideoFrame(landmarker, source.current, timestamp);
          figures.detected(performance.now() - started);
          return face;
        },
        read: (face, timestamp) => pipeline.frame(face, timestamp, source.current),
        now: () => performance.now(),
        schedule: (run, delay) => setTimeout(run, delay),
        cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
        onFrameTimed: (ms, hadFace) => {
          const firstFace = hadFace && figures.faceFrames === 0;
          const frames = figures.frameDone(ms, hadFace);
          if (frames === 1) mark('frame');
          if (frames === 2) mark('frame2');
          if (firstFace) mark('face');
        },
        onReading: (reading) => {
          if (!frameRateCapped) {
            frameRateCapped = true;
            capFrameRate();
          }
          if (reading.mood && firstMoodAt === null) {
            firstMoodAt = Date.now();
            mark('mood');
            // After the first mood, so loading the appearance models never delays it. The second mark
            // names the views that loaded (the e2e test checks that every shipped one did).
            void appearance.load().then(() => {
              if (!appearance.ready) return;
              mark('appearance');
              mark(`appearance:${appearance.views.join('+')}`);
            });
          }
          report({ status: reading.noFace ? 'no-face' : 'running', reading });
        },
        onError: (error) => report({ status: 'error', detail: error instanceof Error ? error.message : String(error) }),
      },
      { fps: config.fps, adaptive: config.adaptive ?? true },
    );
  }

  /**
   * Asks the camera again only when the configured rate needs more frames than it was opened with
   * (`VIDEO_CONSTRAINTS`, ideal 10): twice the loop's rate, at most 15, so the newest frame, which the loop takes, is
   * at most half a loop interval old. At the default 5 fps nothing is asked: asking for exactly the loop's rate let a
   * frame wait up to a whole interval (200 ms, paid by every reaction to a change), lowering the rate saved no CPU
   * that the bench could measure, and after the request Chromium's fake camera came back at another point of its
   * clip in some runs, as if the capture had restarted (a real camera might blink).
   */
  function capFrameRate(): void {
    // The size too: applyConstraints replaces every constraint, and without it the track goes back to the default.
    const video = typeof VIDEO_CONSTRAINTS.video === 'object' ? VIDEO_CONSTRAINTS.video : {};
    const opened = typeof video.frameRate === 'object' ? (video.frameRate.ideal ?? 0) : 0;
    const fps = Math.min(15, 2 * config.fps);
    if (fps <= opened) return;
    track?.applyConstraints({ ...video, frameRate: { ideal: fps, max: fps } }).catch(() => undefined);
  }

  /** A camera unplugged or revoked mid-session ends the track; say what happened. */
  function watchStream(stream: MediaStream): void {
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', async () => {
        loop?.stop();
        frameSource?.stop();
        const permission = await cameraPermission(navigator.permissions);
        report(
          permission === 'denied'
            ? { status: 'blocked' }
            : { status: 'no-camera', detail: 'the camera was disconnected' },
        );
      });
    }
  }

  async function calibrate(): Promise<CalibrationResult> {
    for (let waited = 0; !loop?.running && waited < 10_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!loop?.running) return { ok: false, reason: 'The camera is not running.' };
    const faces = await loop.collect(CALIBRATION_MS);
    if (faces.length < CALIBRATION_MIN_FACES) {
      return { ok: false, reason: 'Not enough of your face was seen. Sit in front of the camera, in good light.' };
    }
    const next = createBaseline(faces);
    await db().calibration.put({ key: 'baseline', baseline: next, createdAt: Date.now() });
    pipeline.setBaseline(next);
    return { ok: true, frames: faces.length };
  }
}

async function loadBaseline(): Promise<Baseline | null> {
  try {
    const row = await db().calibration.get('baseline');
    return row && isBaseline(row.baseline) ? row.baseline : null;
  } catch (error) {
    reportError('db', error);
    return null;
  }
}
