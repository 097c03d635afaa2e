/**
 * Puts the appearance model (the face-crop CNN fused with the blendshape model) into the build: the
 * FER-2013 mini-Xception from the npm package `@vladmandic/human` (`models/emotion.{json,bin}`,
 * MIT) and the TensorFlow.js WASM binaries its backend loads. Everything comes from node_modules,
 * so it matches the installed JS; nothing is downloaded at build or run time.
 *
 * One WASM build ships, the SIMD one, as for MediaPipe: every Chromium with MV3's offscreen
 * documents (109+) has WASM SIMD. The plain build (+118 KB zipped) would only serve browsers that
 * cannot run MediaPipe's SIMD build either; the threaded one needs cross-origin isolation and a Blob
 * worker, which an extension page lacks and its CSP refuses (`lib/mood/appearance-model.ts`
 * turns threads off). Without SIMD the model fails to load and the blendshape model reads alone.
 */
import { join } from 'node:path';

/** Where the built extension holds the appearance model's files, relative to its root. */
export const APPEARANCE_DIR = 'appearance';
export const APPEARANCE_FILES = {
  modelJson: `${APPEARANCE_DIR}/emotion.json`,
  modelBin: `${APPEARANCE_DIR}/emotion.bin`,
  wasmSimd: `${APPEARANCE_DIR}/tfjs-backend-wasm-simd.wasm`,
} as const;

/** The files to copy into the build, as WXT's `build:publicAssets` hook takes them. */
export function appearanceAssets(root: string): { absoluteSrc: string; relativeDest: string }[] {
  const models = join(root, 'node_modules/@vladmandic/human/models');
  const wasm = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  return [
    { absoluteSrc: join(models, 'emotion.json'), relativeDest: APPEARANCE_FILES.modelJson },
    { absoluteSrc: join(models, 'emotion.bin'), relativeDest: APPEARANCE_FILES.modelBin },
    { absoluteSrc: join(wasm, 'tfjs-backend-wasm-simd.wasm'), relativeDest: APPEARANCE_FILES.wasmSimd },
  ];
}
