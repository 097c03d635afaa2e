/**
 * The third view of the face: face-api's expression network (`lib/mood/expression-net.ts`, weights
 * from the npm package `@vladmandic/face-api`) over every shared train/dev face, offline in Node:
 * decode the JPEG, crop the same square around its FaceLandmarker landmarks as the FER-2013 CNN
 * (`faceBox`, ×1.1) at 112×112 RGB (`cropRgb`), and keep the 7 logits for the crop and its mirror.
 *
 *   npx tsx scripts/train/expression.ts      writes .cache/appearance/expr-v1.json (numbers only)
 *
 * `npm run train` builds the cache when it is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import { cropRgb, faceBox } from '../../lib/mood/crop.ts';
import { createExpressionNet, EXPRESSION_SIZE, type ExpressionNet } from '../../lib/mood/expression-net.ts';
import { type CnnCache, roundLogits, writeLogitCache } from './cnn.ts';
import { loadSet, type Sample, sharedDir } from './data.ts';

export const EXPR_CACHE_VERSION = 1;

export function exprCachePath(repoRoot: string): string {
  return join(repoRoot, '.cache', 'appearance', `expr-v${EXPR_CACHE_VERSION}.json`);
}

/** The expression network's two files, as the package ships them. */
export function expressionModelFiles(repoRoot: string): { manifest: string; bin: string } {
  const dir = join(repoRoot, 'node_modules', '@vladmandic', 'face-api', 'model');
  return {
    manifest: join(dir, 'face_expression_model-weights_manifest.json'),
    bin: join(dir, 'face_expression_model.bin'),
  };
}

/** The network, read from the installed package, on tfjs's current backend. */
export function loadExpressionNet(repoRoot: string): ExpressionNet {
  const files = expressionModelFiles(repoRoot);
  const bin = readFileSync(files.bin);
  return createExpressionNet(
    JSON.parse(readFileSync(files.manifest, 'utf8')),
    bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  );
}

/** Builds (or reads) the cache of logits for `samples` (same shape as the FER-2013 CNN's). */
export async function ensureExprCache(repoRoot: string, samples: readonly Sample[]): Promise<CnnCache> {
  const path = exprCachePath(repoRoot);
  if (existsSync(path)) {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as CnnCache;
    if (cache.meta.version === EXPR_CACHE_VERSION) return cache;
  }
  setWasmPaths(`${join(repoRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  await tf.setBackend('wasm');
  const net = loadExpressionNet(repoRoot);
  const faces = join(sharedDir(repoRoot), 'faces');
  const files: CnnCache['files'] = {};
  const todo = samples.filter((s) => s.frame?.landmarks && !s.augmented);
  console.log(`Running the expression network on ${todo.length} face crops and their mirrors (tfjs wasm backend)…`);
  const px = EXPRESSION_SIZE * EXPRESSION_SIZE * 3;
  let ms = 0;
  const BATCH = 16;
  for (let start = 0; start < todo.length; start += BATCH) {
    const batch = todo.slice(start, start + BATCH);
    const crops = new Float32Array(2 * batch.length * px);
    batch.forEach((s, i) => {
      const img = jpeg.decode(readFileSync(join(faces, s.key)), { useTArray: true, formatAsRGBA: true });
      const box = faceBox(s.frame?.landmarks ?? [], img.width, img.height);
      if (!box) throw new Error(`${s.key}: no crop`);
      crops.set(cropRgb(img, box, EXPRESSION_SIZE), 2 * i * px);
      crops.set(cropRgb(img, box, EXPRESSION_SIZE, true), (2 * i + 1) * px);
    });
    const t0 = performance.now();
    const logits = net.logits(crops, 2 * batch.length);
    ms += performance.now() - t0;
    batch.forEach((s, i) => {
      files[s.key] = { logits: roundLogits(logits[2 * i]), mirror: roundLogits(logits[2 * i + 1]) };
    });
    if (process.stderr.isTTY) process.stderr.write(`\r${start + batch.length}/${todo.length}`);
  }
  const msPerCrop = ms / (2 * todo.length);
  console.log(
    `\nExpression network: ${msPerCrop.toFixed(2)} ms per crop in batches of ${2 * BATCH} (Node, tfjs wasm).`,
  );
  const model = '@vladmandic/face-api model/face_expression_model';
  return writeLogitCache(path, { version: EXPR_CACHE_VERSION, model, msPerCrop }, files);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const shared = sharedDir(repoRoot);
  await ensureExprCache(repoRoot, [...loadSet(shared, 'train'), ...loadSet(shared, 'dev')]);
}
