/**
 * The eval page's script, bundled for the browser by `runner.ts`. It runs the shipped code path
 * for still images, unchanged: `detectImageWithPadding` (IMAGE-mode FaceLandmarker, with the
 * padded retry) and `classify` with no baseline.
 */
import type { FaceLandmarker } from '@mediapipe/tasks-vision';
import { createFaceLandmarker, detectImageWithPadding } from '@/lib/camera/face-detector';
import { classify, topMood } from '@/lib/mood/classify';
import type { EvalPageApi, ImageResult, Variant, VariantFace } from './protocol.ts';

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

/** Draws `image` through `variant` onto a canvas of the same size, grey where nothing lands. */
function transformed(image: HTMLImageElement, variant: Variant): HTMLCanvasElement {
  const width = image.naturalWidth;
  const height = image.naturalHeight;
  let source: HTMLImageElement | HTMLCanvasElement = image;
  if (variant.resample < 1) {
    const small = makeCanvas(
      Math.max(8, Math.round(width * variant.resample)),
      Math.max(8, Math.round(height * variant.resample)),
    );
    small.getContext('2d')?.drawImage(image, 0, 0, small.width, small.height);
    source = small;
  }
  const canvas = makeCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas context.');
  context.fillStyle = 'rgb(128,128,128)';
  context.fillRect(0, 0, width, height);
  const filters = [`brightness(${variant.brightness})`, `contrast(${variant.contrast})`];
  if (variant.grayscale) filters.push('grayscale(1)');
  context.filter = filters.join(' ');
  context.translate(width / 2 + variant.shiftX * width, height / 2 + variant.shiftY * height);
  context.rotate((variant.rotate * Math.PI) / 180);
  context.scale(variant.flip ? -variant.zoom : variant.zoom, variant.zoom);
  context.drawImage(source, -width / 2, -height / 2, width, height);
  return canvas;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

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

  async augmentImage(url, variants) {
    if (!landmarker) throw new Error('init() must run before augmentImage().');
    const image = await loadImage(url);
    if (!image) return { unreadable: 'the browser could not load or decode it' };
    const detector = landmarker;
    return variants.map((variant): VariantFace => {
      const canvas = transformed(image, variant);
      const { frame } = detectImageWithPadding(detector, canvas, makeCanvas);
      return {
        width: canvas.width,
        height: canvas.height,
        blendshapes: frame?.blendshapes ?? null,
        landmarks: frame?.landmarks?.map((p) => [round4(p.x), round4(p.y), round4(p.z)] as const) ?? null,
      };
    });
  },
};

window.mooddjEval = api;
