import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { type AppearanceModel, FER_LOGITS_NODE, type FrameImage, ferMoodProbs } from '@/lib/mood/appearance';
import { boxInPatch, CROP_SIZE, type CropBox, cropGrey, patchRect } from '@/lib/mood/crop';

/** Where the build put the model and TensorFlow.js's WASM (`scripts/build/appearance-assets.ts`). */
export interface AppearanceUrls {
  modelJson: string;
  modelBin: string;
  /** The SIMD build: the only one shipped (`scripts/build/appearance-assets.ts`). */
  wasmSimd: string;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Loads the FER-2013 mini-Xception (`@vladmandic/human`'s `emotion` model, shipped inside the
 * extension) on TensorFlow.js's WASM backend, the one measured fastest under the MV3 CSP
 * (`scripts/train/cnn-browser.ts`: about 6 ms a crop with SIMD).
 */
export async function loadAppearanceModel(urls: AppearanceUrls): Promise<AppearanceModel> {
  await startWasmBackend(urls.wasmSimd);
  const [json, weightData] = await Promise.all([
    fetchOk(urls.modelJson).then((r) => r.json() as Promise<ModelJson>),
    fetchOk(urls.modelBin).then((r) => r.arrayBuffer()),
  ]);
  const model = await loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as tf.io.ModelJSON['modelTopology'],
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  );
  const patches = createPatchReader();
  const run = (crop: Float32Array) => ferMoodProbs(logits(model, crop));
  // One crop now: the first run compiles the kernels, which should not land on a live frame.
  run(new Float32Array(CROP_SIZE * CROP_SIZE));
  return {
    moodProbs(image, box) {
      const patch = patches(image, box);
      return patch ? run(cropGrey(patch.pixels, patch.box)) : null;
    },
  };
}

let backend: Promise<void> | undefined;

/**
 * Starts TensorFlow.js's WASM backend once for every appearance model of the document. Threads
 * stay off: they need cross-origin isolation and a Blob worker, neither of which an extension page
 * has. Every name must be mapped: with SIMD (every MV3 Chromium) and threads off, only the SIMD
 * build is asked for; a browser without SIMD fails to compile it, and the blendshape model reads alone.
 */
export function startWasmBackend(wasmSimd: string): Promise<void> {
  backend ??= (async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmSimd,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmSimd,
    });
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its WASM backend');
    await tf.ready();
  })();
  return backend;
}

export async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

function logits(model: GraphModel, crop: Float32Array): Float32Array {
  return tf.tidy(() => {
    const out = model.execute(tf.tensor4d(crop, [1, CROP_SIZE, CROP_SIZE, 1]), FER_LOGITS_NODE) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

/**
 * Copies the pixels a crop of `box` reads out of a frame, exactly as training cropped the decoded
 * image: the pixels under the box (`patchRect`) are copied 1:1 (no scaling, so no browser
 * resampling) into a small canvas, and the crop (`cropGrey`, `cropRgb`) does the colour conversion
 * and interpolation on them with the box moved into the patch (`boxInPatch`).
 */
export function createPatchReader(): (image: FrameImage, box: CropBox) => { pixels: ImageData; box: CropBox } | null {
  let canvas: OffscreenCanvas | null = null;
  let context: OffscreenCanvasRenderingContext2D | null = null;
  return (image, box) => {
    const patch = patchRect(box, image.width, image.height);
    if (!canvas || canvas.width < patch.width || canvas.height < patch.height) {
      canvas = new OffscreenCanvas(patch.width, patch.height);
      context = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!context) return null;
    context.clearRect(0, 0, patch.width, patch.height);
    context.drawImage(image.source, patch.x, patch.y, patch.width, patch.height, 0, 0, patch.width, patch.height);
    return { pixels: context.getImageData(0, 0, patch.width, patch.height), box: boxInPatch(box, patch) };
  };
}
