/**
 * The eval page's script, bundled for the browser by `runner.ts`. It runs the shipped code path
 * for still images, unchanged: `detectImageWithPadding` (IMAGE-mode FaceLandmarker, with the
 * padded retry) and `classify` with no baseline.
 */
import type { FaceLandmarker } from '@mediapipe/tasks-vision';
import { createFaceLandmarker, detectImageWithPadding } from '@/lib/camera/face-detector';
import { classify, topMood } from '@/lib/mood/classify';
import type { EvalPageApi, ImageResult } from './protocol.ts';

let landmarker: FaceLandmarker | undefined;

function makeCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** The decoded image, or null when it cannot be fetched or decoded. */
async function loadImage(url: string): Promise<HTMLImageElement | null> {
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
    return image;
  } catch {
    return null;
  }
}

const api: EvalPageApi = {
  async init(urls) {
    landmarker ??= await createFaceLandmarker(urls, 'IMAGE');
  },

  async evaluateImage(url) {
    if (!landmarker) throw new Error('init() must run before evaluateImage().');
    const image = await loadImage(url);
    if (!image) return { unreadable: 'the browser could not load or decode it' };
    const start = performance.now();
    const { frame, padded } = detectImageWithPadding(landmarker, image, makeCanvas);
    const scores = frame ? classify(frame) : null;
    const ms = performance.now() - start;
    const result: ImageResult = {
      detected: frame !== null,
      padded,
      mood: scores ? topMood(scores) : null,
      scores,
      blendshapes: frame?.blendshapes ?? null,
      width: image.naturalWidth,
      height: image.naturalHeight,
      ms,
    };
    return result;
  },
};

window.mooddjEval = api;
