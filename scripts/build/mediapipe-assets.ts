/**
 * Puts MediaPipe's WASM and the FaceLandmarker model into the build. Both must ship
 * inside the extension: MV3 forbids remote code, so the CDN `FilesetResolver` is out.
 *
 * The model comes from, in order: `MOODDJ_MODEL_PATH`, `$MOODDJ_SHARED/models/`,
 * `../shared/models/` beside the checkout, a cached download, or a fresh download from
 * Google's published URL. Whatever the source, its sha256 must match.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const MODEL_SHA256 = '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff';
export const MODEL_URL =
  'https://storage.googleapis.com/mediapipe-models/face_landmarker/face_landmarker/float16/1/face_landmarker.task';

/**
 * The model is the one shipped work that no npm package brings, so THIRD_PARTY_NOTICES.txt names it from here:
 * Google publishes it under the Apache License 2.0 (MediaPipe's face landmark detection guide and model card).
 */
export const MODEL_WORK = {
  name: 'MediaPipe FaceLandmarker model (mediapipe/face_landmarker.task)',
  license: 'Apache-2.0',
  source: MODEL_URL,
  licenseSource: 'https://ai.google.dev/edge/mediapipe/solutions/vision/face_landmarker#models',
} as const;

/** Where the built extension holds MediaPipe's files, relative to its root. */
export const MEDIAPIPE_DIR = 'mediapipe';
export const MEDIAPIPE_FILES = {
  wasmLoader: `${MEDIAPIPE_DIR}/vision_wasm_internal.js`,
  wasmBinary: `${MEDIAPIPE_DIR}/vision_wasm_internal.wasm`,
  model: `${MEDIAPIPE_DIR}/face_landmarker.task`,
} as const;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The shared folder: `MOODDJ_SHARED`, else `../shared` beside the checkout. */
export function sharedDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.MOODDJ_SHARED ? resolve(env.MOODDJ_SHARED) : resolve(root, '../shared');
}

function verified(path: string): boolean {
  const digest = sha256(readFileSync(path));
  if (digest === MODEL_SHA256) return true;
  throw new Error(`The model at ${path} has sha256 ${digest}, expected ${MODEL_SHA256}. Remove it or fix the path.`);
}

/** Finds or downloads the model and returns the path of a verified copy. */
export async function resolveModel(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = [env.MOODDJ_MODEL_PATH, join(sharedDir(root, env), 'models/face_landmarker.task')];
  for (const candidate of candidates) {
    if (candidate && existsSync(candidate) && verified(candidate)) return candidate;
  }
  const cached = join(root, 'node_modules/.cache/mooddj/face_landmarker.task');
  if (existsSync(cached) && verified(cached)) return cached;

  console.log(`MoodDJ: downloading the FaceLandmarker model from ${MODEL_URL}`);
  let response: Response;
  try {
    response = await fetch(MODEL_URL);
  } catch (error) {
    throw new Error(
      `Could not download the FaceLandmarker model (${String(error)}). Put it at ../shared/models/face_landmarker.task ` +
        'or point MOODDJ_MODEL_PATH at a copy.',
    );
  }
  if (!response.ok) throw new Error(`Downloading the model failed: HTTP ${response.status} from ${MODEL_URL}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = sha256(bytes);
  if (digest !== MODEL_SHA256) {
    throw new Error(`The downloaded model has sha256 ${digest}, expected ${MODEL_SHA256}; refusing to build with it.`);
  }
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(`${cached}.partial`, bytes);
  renameSync(`${cached}.partial`, cached);
  return cached;
}

/** The files to copy into the build, as WXT's `build:publicAssets` hook takes them. */
export async function mediapipeAssets(root: string): Promise<{ absoluteSrc: string; relativeDest: string }[]> {
  const wasm = join(root, 'node_modules/@mediapipe/tasks-vision/wasm');
  return [
    { absoluteSrc: join(wasm, 'vision_wasm_internal.js'), relativeDest: MEDIAPIPE_FILES.wasmLoader },
    { absoluteSrc: join(wasm, 'vision_wasm_internal.wasm'), relativeDest: MEDIAPIPE_FILES.wasmBinary },
    { absoluteSrc: await resolveModel(root), relativeDest: MEDIAPIPE_FILES.model },
  ];
}
