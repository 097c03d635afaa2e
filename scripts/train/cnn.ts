/**
 * Runs the appearance model (FER-2013 mini-Xception from `@vladmandic/human`) over every shared
 * train/dev face, offline in Node: decode the JPEG (jpeg-js), crop the square around its
 * FaceLandmarker landmarks (`lib/mood/crop.ts`, the code the extension would run), and keep the
 * model's 7 logits for the crop and for its mirror (a training copy).
 *
 *   npx tsx scripts/train/cnn.ts      writes .cache/appearance/fer-v1.json (numbers only)
 *   npx tsx scripts/train/cnn.ts --aligned 1.0 1.1 1.2
 *                                     the aligned-crop experiment: fer-v1-aligned-s<scale>.json each
 *
 * `npm run train -- --channels` builds the cache when it is missing. It holds logits, never pixels.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import jpeg from 'jpeg-js';
import { FER_LOGITS_NODE } from '../../lib/mood/appearance.ts';
import { CROP_SIZE, cropGrey, faceBox, type RgbaImage } from '../../lib/mood/crop.ts';
import type { FaceLandmark } from '../../lib/mood/types.ts';
import { alignedFaceBox, cropGreyAligned } from './aligned-crop.ts';
import { loadSet, type Sample, sharedDir } from './data.ts';

export const CNN_CACHE_VERSION = 1;

export interface CnnCache {
  readonly meta: { version: number; model: string; created: string; msPerCrop: number };
  /** `train/happy/0001.jpg` → 7 logits of the crop and of its mirror; absent without a face. */
  readonly files: Record<string, { logits: number[]; mirror: number[] }>;
}

/** A face crop other than the shipped one (an experiment), named in its cache file. */
export interface CropVariant {
  /** File-name safe, e.g. `aligned-s1.1`. */
  readonly id: string;
  /** The crop and its mirror, or null without a crop. */
  crop(image: RgbaImage, landmarks: ReadonlyArray<FaceLandmark>): [Float32Array, Float32Array] | null;
}

/** `fer-v1.json` for the shipped crop, `fer-v1-<variant>.json` for a variant: never the same file. */
export function cnnCachePath(repoRoot: string, variant?: string): string {
  const suffix = variant ? `-${variant}` : '';
  return join(repoRoot, '.cache', 'appearance', `fer-v${CNN_CACHE_VERSION}${suffix}.json`);
}

/** The aligned crop (`aligned-crop.ts`) at `scale`. */
export function alignedVariant(scale: number): CropVariant {
  return {
    id: `aligned-s${scale.toFixed(1)}`,
    crop(image, landmarks) {
      const box = alignedFaceBox(landmarks, image.width, image.height, scale);
      return box ? [cropGreyAligned(image, box), cropGreyAligned(image, box, CROP_SIZE, true)] : null;
    },
  };
}

/** The emotion graph model, read from the installed package. */
export async function loadFerModel(repoRoot: string): Promise<GraphModel> {
  const dir = join(repoRoot, 'node_modules', '@vladmandic', 'human', 'models');
  const json = JSON.parse(readFileSync(join(dir, 'emotion.json'), 'utf8'));
  const bin = readFileSync(join(dir, 'emotion.bin'));
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}

/** Logits for a batch of 64×64 crops. */
export function ferLogits(model: GraphModel, crops: readonly Float32Array[]): number[][] {
  return tf.tidy(() => {
    const flat = new Float32Array(crops.length * CROP_SIZE * CROP_SIZE);
    crops.forEach((c, i) => {
      flat.set(c, i * CROP_SIZE * CROP_SIZE);
    });
    const input = tf.tensor4d(flat, [crops.length, CROP_SIZE, CROP_SIZE, 1]);
    const out = model.execute(input, FER_LOGITS_NODE) as tf.Tensor;
    return out.arraySync() as number[][];
  });
}

/** The shipped crop (`faceBox` ×1.1, unturned) and its mirror. */
function shippedCrop(image: RgbaImage, landmarks: ReadonlyArray<FaceLandmark>): [Float32Array, Float32Array] | null {
  const box = faceBox(landmarks, image.width, image.height);
  return box ? [cropGrey(image, box), cropGrey(image, box, CROP_SIZE, true)] : null;
}

/** Builds (or reads) the cache for `samples`. */
export async function ensureCnnCache(
  repoRoot: string,
  samples: readonly Sample[],
  variant?: CropVariant,
): Promise<CnnCache> {
  const path = cnnCachePath(repoRoot, variant?.id);
  if (existsSync(path)) {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as CnnCache;
    if (cache.meta.version === CNN_CACHE_VERSION) return cache;
  }
  // The WASM backend (SIMD) is ~30× faster than the pure-JS cpu backend here (13 vs 370 ms a crop).
  setWasmPaths(`${join(repoRoot, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  await tf.setBackend('wasm');
  const model = await loadFerModel(repoRoot);
  const faces = join(sharedDir(repoRoot), 'faces');
  const files: CnnCache['files'] = {};
  const todo = samples.filter((s) => s.frame?.landmarks && !s.augmented);
  console.log(`Running the FER-2013 CNN on ${todo.length} face crops and their mirrors (tfjs wasm backend)…`);
  let ms = 0;
  const BATCH = 32;
  for (let start = 0; start < todo.length; start += BATCH) {
    const batch = todo.slice(start, start + BATCH);
    const crops: Float32Array[] = [];
    for (const s of batch) {
      const img = jpeg.decode(readFileSync(join(faces, s.key)), { useTArray: true, formatAsRGBA: true });
      const landmarks = s.frame?.landmarks ?? [];
      const pair = variant ? variant.crop(img, landmarks) : shippedCrop(img, landmarks);
      if (!pair) throw new Error(`${s.key}: no crop`);
      crops.push(...pair);
    }
    const t0 = performance.now();
    const logits = ferLogits(model, crops);
    ms += performance.now() - t0;
    batch.forEach((s, i) => {
      files[s.key] = { logits: roundLogits(logits[2 * i]), mirror: roundLogits(logits[2 * i + 1]) };
    });
    if (process.stderr.isTTY) process.stderr.write(`\r${start + batch.length}/${todo.length}`);
  }
  const msPerCrop = ms / (2 * todo.length);
  console.log(`\nCNN: ${msPerCrop.toFixed(2)} ms per crop in batches of ${BATCH} (Node, tfjs wasm backend).`);
  const name = `@vladmandic/human models/emotion${variant ? `, crop ${variant.id}` : ''}`;
  return writeLogitCache(path, { version: CNN_CACHE_VERSION, model: name, msPerCrop }, files);
}

/** Writes a cache of per-face logits (this CNN's or another appearance model's) and returns it. */
export function writeLogitCache(
  path: string,
  meta: Omit<CnnCache['meta'], 'created'>,
  files: CnnCache['files'],
): CnnCache {
  const cache: CnnCache = { meta: { ...meta, created: new Date().toISOString() }, files };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cache));
  return cache;
}

/** Logits rounded to 5 decimals for the caches (smaller files; far below any difference that matters). */
export function roundLogits(v: number[] | undefined): number[] {
  if (!v) throw new Error('missing logits');
  return v.map((x) => Number(x.toFixed(5)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const shared = sharedDir(repoRoot);
  const samples = [...loadSet(shared, 'train'), ...loadSet(shared, 'dev')];
  // `--aligned 1.0 1.1 1.2`: the aligned-crop experiment's caches, one file per scale.
  const at = process.argv.indexOf('--aligned');
  const scales = at < 0 ? [] : process.argv.slice(at + 1).map(Number);
  if (scales.some((x) => !(x > 0))) throw new Error('usage: cnn.ts [--aligned <scale>…]');
  if (scales.length === 0) await ensureCnnCache(repoRoot, samples);
  for (const scale of scales) await ensureCnnCache(repoRoot, samples, alignedVariant(scale));
}
