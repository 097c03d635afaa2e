/**
 * The eval page's script, bundled for the browser by `runner.ts`. It runs the shipped code path
 * for still images, unchanged: `detectImageWithPadding` (IMAGE-mode FaceLandmarker, with the
 * padded retry) and `classify` with no baseline; with the appearance models loaded, also the
 * extension's face crops and models (`loadAppearanceModel`, `loadExpressionModel`) and the committed
 * stacker of the views the extension ships.
 */
import type { FaceLandmarker } from '@mediapipe/tasks-vision';
import type { AppearanceModel } from '@/lib/mood/appearance';
import { classify, topMood } from '@/lib/mood/classify';
import { faceBox } from '@/lib/mood/crop';
import { fuse } from '@/lib/mood/stacker';
import { moodStackers } from '@/lib/mood/stacker-default';
import { type FaceFrame, MOODS, type MoodScores } from '@/lib/mood/types';
import { loadAppearanceModel } from '@/lib/offscreen/appearance-model';
import { createFaceLandmarker, detectImageWithPadding } from '@/lib/offscreen/face-detector';
import { loadExpressionModel } from './expression-model.ts';
import type { ChannelScores, EvalPageApi, ImageResult, Variant, VariantFace } from './protocol.ts';

type Models = { cnn?: AppearanceModel; expr?: AppearanceModel };

let landmarker: FaceLandmarker | undefined;
let appearance: Models | undefined;

const asScores = (p: readonly number[]): MoodScores =>
  Object.fromEntries(MOODS.map((m, k) => [m, p[k] ?? 0])) as MoodScores;

/** The blendshape scores, each appearance model's on the same face, and the shipped views fused as the extension fuses them. */
function channelScores(models: Models, image: HTMLImageElement, frame: FaceFrame, mlp: MoodScores): ChannelScores {
  const start = performance.now();
  const width = image.naturalWidth;
  const height = image.naturalHeight;
  const box = frame.landmarks ? faceBox(frame.landmarks, width, height) : null;
  const read = (model: AppearanceModel | undefined) =>
    box && model ? model.moodProbs({ source: image, width, height }, box) : null;
  const looks = { cnn: read(models.cnn), expr: read(models.expr) };
  const appearanceMs = performance.now() - start;
  const [stacker] = moodStackers();
  if (!stacker) throw new Error('No committed stacker.');
  const probs = MOODS.map((m) => mlp[m]);
  const fused = fuse(stacker, probs, ...stacker.inputs.slice(1).map((v) => (v === 'mlp' ? probs : looks[v])));
  const scores = (p: number[] | null) => (p ? asScores(p) : null);
  return { mlp, cnn: scores(looks.cnn), expr: scores(looks.expr), fused: asScores(fused), appearanceMs };
}

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
  async init(urls, appearanceUrls) {
    landmarker ??= await createFaceLandmarker(urls, 'IMAGE');
    if (appearanceUrls && !appearance) {
      const [cnn, expr] = await Promise.all([
        appearanceUrls.cnn && loadAppearanceModel(appearanceUrls.cnn),
        appearanceUrls.expr && loadExpressionModel(appearanceUrls.expr),
      ]);
      appearance = { ...(cnn ? { cnn } : {}), ...(expr ? { expr } : {}) };
    }
  },

  async evaluateImage(url) {
    if (!landmarker) throw new Error('init() must run before evaluateImage().');
    const image = await loadImage(url);
    if (!image) return { unreadable: 'the browser could not load or decode it' };
    const start = performance.now();
    const { frame, padded } = detectImageWithPadding(landmarker, image, makeCanvas);
    const mlp = frame ? classify(frame) : null;
    const ms = performance.now() - start;
    const channels = frame && mlp && appearance ? channelScores(appearance, image, frame, mlp) : undefined;
    const scores = channels?.fused ?? mlp;
    const result: ImageResult = {
      detected: frame !== null,
      padded,
      mood: scores ? topMood(scores) : null,
      scores,
      ...(channels ? { channels } : {}),
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
