/**
 * Puts the appearance models (face-crop models fused with the blendshape model) into the build: the
 * FER-2013 mini-Xception from the npm package `@vladmandic/human` (`models/emotion.{json,bin}`,
 * MIT), face-api's expression network from `@vladmandic/face-api` (`model/face_expression_model.bin`
 * and its weights manifest, MIT; weights only, the network is `lib/mood/expression-net.ts`), and the
 * TensorFlow.js WASM binary their backend loads. Only the views the committed stacker fuses ship
 * (`lib/mood/stacker.json`: its first stacker holds every view the extension uses). Everything comes
 * from node_modules, so it matches the installed JS; nothing is downloaded at build or run time.
 *
 * One WASM build ships, the SIMD one, as for MediaPipe: every Chromium with MV3's offscreen
 * documents (109+) has WASM SIMD. The plain build (+118 KB zipped) would only serve browsers that
 * cannot run MediaPipe's SIMD build either; the threaded one needs cross-origin isolation and a Blob
 * worker, which an extension page lacks and its CSP refuses (`lib/offscreen/appearance-model.ts`
 * turns threads off). Without SIMD the models fail to load and the blendshape model reads alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the built extension holds the appearance models' files, relative to its root. */
export const APPEARANCE_DIR = 'appearance';
export const APPEARANCE_FILES = {
  modelJson: `${APPEARANCE_DIR}/emotion.json`,
  modelBin: `${APPEARANCE_DIR}/emotion.bin`,
  exprManifest: `${APPEARANCE_DIR}/face_expression_model-weights_manifest.json`,
  exprBin: `${APPEARANCE_DIR}/face_expression_model.bin`,
  wasmSimd: `${APPEARANCE_DIR}/tfjs-backend-wasm-simd.wasm`,
} as const;

/** The appearance views: `cnn` the mini-Xception, `expr` face-api's expression network. */
export type AppearanceViewName = 'cnn' | 'expr';
export const APPEARANCE_VIEWS: readonly AppearanceViewName[] = ['cnn', 'expr'];

/** The appearance views the committed stacker fuses (its first stacker's inputs but the blendshape model). */
export function shippedViews(root: string): AppearanceViewName[] {
  const stackers = JSON.parse(readFileSync(join(root, 'lib/mood/stacker.json'), 'utf8')) as { inputs: string[] }[];
  const inputs = stackers[0]?.inputs ?? [];
  return APPEARANCE_VIEWS.filter((v) => inputs.includes(v));
}

/** The files to copy into the build for `views` (default: the shipped ones), as WXT's `build:publicAssets` hook takes them. */
export function appearanceAssets(
  root: string,
  views: readonly AppearanceViewName[] = shippedViews(root),
): { absoluteSrc: string; relativeDest: string }[] {
  const human = join(root, 'node_modules/@vladmandic/human/models');
  const faceApi = join(root, 'node_modules/@vladmandic/face-api/model');
  const wasm = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const files: Record<AppearanceViewName, { absoluteSrc: string; relativeDest: string }[]> = {
    cnn: [
      { absoluteSrc: join(human, 'emotion.json'), relativeDest: APPEARANCE_FILES.modelJson },
      { absoluteSrc: join(human, 'emotion.bin'), relativeDest: APPEARANCE_FILES.modelBin },
    ],
    expr: [
      {
        absoluteSrc: join(faceApi, 'face_expression_model-weights_manifest.json'),
        relativeDest: APPEARANCE_FILES.exprManifest,
      },
      { absoluteSrc: join(faceApi, 'face_expression_model.bin'), relativeDest: APPEARANCE_FILES.exprBin },
    ],
  };
  if (views.length === 0) return [];
  return [
    ...views.flatMap((v) => files[v]),
    { absoluteSrc: join(wasm, 'tfjs-backend-wasm-simd.wasm'), relativeDest: APPEARANCE_FILES.wasmSimd },
  ];
}
