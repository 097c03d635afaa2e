/**
 * The build half of the test-only fake camera (lib/offscreen/fake-camera.ts). With
 * `MOODDJ_FAKE_CAMERA_CLIP=/abs/path/clip.mjpeg` in the environment, the build copies that clip in and sets
 * `import.meta.env.MOODDJ_FAKE_CAMERA` to its path inside the build, which turns the camera page's fake on. Without
 * it, the constant is empty and the bundler drops the fake entirely (`npm run test:zip` checks). Only
 * `npm run test:e2e:firefox` sets it.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { isStoreBuild, STORE_ENV } from './store-zip';

/** The fake camera module's marker (lib/offscreen/fake-camera.ts, which this must not import: it is browser code). */
const FAKE_CAMERA_MARKER = 'mooddj-fake-camera';

/** Where the clip goes inside the build. */
export const FAKE_CAMERA_CLIP_PATH = 'fake-camera/clip.mjpeg';

/** The clip to build in, or null for a normal build. A wrong path, or a store build, stops the build, saying why. */
export function fakeCameraClip(env: NodeJS.ProcessEnv = process.env): string | null {
  const clip = env.MOODDJ_FAKE_CAMERA_CLIP;
  if (!clip) return null;
  // A store package is what people install: a camera that plays a clip must never be in one.
  if (isStoreBuild(env)) {
    throw new Error(
      `A store build (${STORE_ENV}=1) cannot include the test-only fake camera: unset MOODDJ_FAKE_CAMERA_CLIP.`,
    );
  }
  if (!isAbsolute(clip) || !existsSync(clip)) {
    throw new Error(`MOODDJ_FAKE_CAMERA_CLIP must be the absolute path of an MJPEG clip; ${clip} is not one.`);
  }
  return clip;
}

/** Vite's `define`: the clip's path in the build, or '' (the fake's call is then dead code). */
export function fakeCameraDefine(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { 'import.meta.env.MOODDJ_FAKE_CAMERA': JSON.stringify(fakeCameraClip(env) ? FAKE_CAMERA_CLIP_PATH : '') };
}

/** The clip as WXT's `build:publicAssets` hook takes it, or nothing. */
export function fakeCameraAssets(
  env: NodeJS.ProcessEnv = process.env,
): { absoluteSrc: string; relativeDest: string }[] {
  const clip = fakeCameraClip(env);
  return clip ? [{ absoluteSrc: clip, relativeDest: FAKE_CAMERA_CLIP_PATH }] : [];
}

/**
 * The files of a package (path → bytes) that show the fake camera, its clip or its module's marker: none in a
 * normal build.
 */
export function fakeCameraTraces(files: ReadonlyMap<string, Buffer>): string[] {
  return [...files]
    .filter(([path, bytes]) => path.startsWith(dirname(FAKE_CAMERA_CLIP_PATH)) || bytes.includes(FAKE_CAMERA_MARKER))
    .map(([path]) => path);
}
