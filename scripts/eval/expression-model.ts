import type * as tf from '@tensorflow/tfjs-core';
import type { AppearanceModel } from '@/lib/mood/appearance';
import { cropRgb } from '@/lib/mood/crop';
import { createExpressionNet, EXPRESSION_SIZE, expressionMoodProbs } from '@/lib/mood/expression-net';
import { createPatchReader, fetchOk, startWasmBackend } from '@/lib/offscreen/appearance-model';

/** Where the eval page serves face-api's expression network and TensorFlow.js's WASM (`scripts/build/appearance-assets.ts`). */
export interface ExpressionUrls {
  manifest: string;
  bin: string;
  /** The SIMD build, shared with the mini-Xception. */
  wasmSimd: string;
}

/**
 * Loads face-api's expression network (`@vladmandic/face-api`'s `face_expression_model`; the
 * topology is `lib/mood/expression-net.ts`) in the eval page, on the same TensorFlow.js WASM backend
 * and frame path as the extension's mini-Xception, for `npm run eval -- --channels expr`. The
 * extension does not ship it (README: its nested-CV gain on posed faces is within noise). It reads
 * the same square around the landmarks, in colour at 112×112 (`cropRgb`), from the pixels under the
 * box copied 1:1, as training cropped the decoded image.
 */
export async function loadExpressionModel(urls: ExpressionUrls): Promise<AppearanceModel> {
  await startWasmBackend(urls.wasmSimd);
  const [manifest, weightData] = await Promise.all([
    fetchOk(urls.manifest).then((r) => r.json() as Promise<tf.io.WeightsManifestConfig>),
    fetchOk(urls.bin).then((r) => r.arrayBuffer()),
  ]);
  const net = createExpressionNet(manifest, weightData);
  const patches = createPatchReader();
  const run = (crop: Float32Array) => expressionMoodProbs(net.logits(crop, 1)[0] ?? []);
  // One crop now: the first run compiles the kernels, which should not land on a live frame.
  run(new Float32Array(EXPRESSION_SIZE * EXPRESSION_SIZE * 3));
  return {
    moodProbs(image, box) {
      const patch = patches(image, box);
      return patch ? run(cropRgb(patch.pixels, patch.box, EXPRESSION_SIZE)) : null;
    },
  };
}
