/**
 * The camera-resolution page's script (bundled by `camera-resolution.ts`): opens the fake camera with the given
 * constraints, reads frames from the track as the offscreen document does (`frame-source.ts`), runs VIDEO-mode
 * FaceLandmarker on them (`detectVideoFrame`) and reads each face with the shipped blendshape model (`classify`)
 * and the appearance model on the extension's own face crop.
 */
import type { FaceLandmarker } from '@mediapipe/tasks-vision';
import type { AppearanceModel } from '@/lib/mood/appearance';
import { classify, topMood } from '@/lib/mood/classify';
import { faceBox } from '@/lib/mood/crop';
import { MOODS, type Mood } from '@/lib/mood/types';
import { type AppearanceUrls, loadAppearanceModel } from '@/lib/offscreen/appearance-model';
import { createFaceLandmarker, detectVideoFrame, type MediapipeUrls } from '@/lib/offscreen/face-detector';
import { browserTrackProcessor, createTrackFrameSource } from '@/lib/offscreen/frame-source';

export interface ResolutionFrame {
  width: number;
  height: number;
  detected: boolean;
  mlp: Mood | null;
  cnn: Mood | null;
  /** The blendshapes, in a fixed order (for the distance to the full-size reading). */
  blendshapes: number[] | null;
  ms: number;
}

let landmarker: FaceLandmarker | undefined;
let appearance: AppearanceModel | undefined;

async function init(urls: MediapipeUrls, appearanceUrls: AppearanceUrls): Promise<void> {
  landmarker ??= await createFaceLandmarker(urls, 'VIDEO');
  appearance ??= await loadAppearanceModel(appearanceUrls);
}

let clock = 0;

/** The frame drawn into a canvas of the asked size: the pixels a camera that delivers that size would give. */
function copied(image: { source: CanvasImageSource; width: number; height: number }, video: MediaTrackConstraints) {
  const ideal = (c: MediaTrackConstraints['width']) => (typeof c === 'object' ? c.ideal : c);
  const width = Number(ideal(video.width) ?? image.width);
  const height = Number(ideal(video.height) ?? image.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(image.source, 0, 0, width, height);
  return { source: canvas, width, height };
}

/** Opens the camera with `video` constraints and reads `frames` frames, `everyMs` apart. */
async function read(
  video: MediaTrackConstraints,
  frames: number,
  everyMs: number,
  scaled = false,
): Promise<ResolutionFrame[]> {
  if (!landmarker || !appearance) throw new Error('init() first');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video });
  const track = stream.getVideoTracks()[0];
  const processor = browserTrackProcessor();
  if (!track || !processor) throw new Error('no track processor');
  const source = createTrackFrameSource(track, processor);
  const out: ResolutionFrame[] = [];
  try {
    // The first frames of a new stream can still be the old size: skip a few.
    for (let i = 0; i < frames + 3; i++) {
      await new Promise((done) => setTimeout(done, everyMs));
      if (!(await source.grab()) || !source.current) break;
      const grabbed = source.current;
      const image = scaled ? copied(grabbed, video) : grabbed;
      const started = performance.now();
      clock = Math.max(clock + 1, started);
      const face = detectVideoFrame(landmarker, image, clock);
      const ms = performance.now() - started;
      const box = face?.landmarks ? faceBox(face.landmarks, image.width, image.height) : null;
      const cnn = box ? appearance.moodProbs(image, box) : null;
      source.release();
      if (i < 3) continue;
      out.push({
        width: image.width,
        height: image.height,
        detected: face !== null,
        mlp: face ? topMood(classify(face)) : null,
        cnn: cnn ? (MOODS[cnn.indexOf(Math.max(...cnn))] ?? null) : null,
        blendshapes: face
          ? Object.keys(face.blendshapes)
              .sort()
              .map((k) => face.blendshapes[k] ?? 0)
          : null,
        ms,
      });
    }
  } finally {
    source.stop();
    for (const t of stream.getTracks()) t.stop();
  }
  return out;
}

(window as unknown as { mooddjResolution: unknown }).mooddjResolution = { init, read };
