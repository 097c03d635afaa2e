/**
 * What a smaller camera frame costs in accuracy (`npm run bench -- --only=resolution`): each shared fake-camera clip
 * (../shared/faces/video, 640×480) is opened at several sizes through `getUserMedia` constraints (Chromium scales
 * the frames as it would a real camera's), and each frame is read with VIDEO-mode FaceLandmarker, the blendshape
 * model and the appearance model, as in the extension. Reports per clip and size: faces found, the majority mood of
 * each model, how often it was the clip's label, and how far the blendshapes moved from the full-size reading.
 * Accuracy only; no timing is judged, so it can run on a busy machine.
 */
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { build } from 'esbuild';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium';
import { APPEARANCE_FILES, appearanceAssets } from '../build/appearance-assets';
import { resolveModel } from '../build/mediapipe-assets';
import { type RouteBody, serveRoutes } from '../eval/server';
import type { ResolutionFrame } from './camera-resolution-page';
import { ROOT } from './page';

/** The sizes tried, largest first; the first is the reference. */
export const RESOLUTIONS = [
  [640, 480],
  [480, 360],
  [400, 300],
  [320, 240],
  [256, 192],
] as const;
/**
 * `track`: frames as the offscreen document reads them (`frame-source.ts`). Chromium does not scale the fake
 * camera's pixels, only the display size, so this shows the shipped path stays safe. `scaled`: the frame drawn
 * at the asked size, the pixels a camera that natively delivers that size would give: this is the accuracy cost.
 */
const PATHS = ['track', 'scaled'] as const;
const CLIPS = ['happy', 'neutral', 'sad', 'angry', 'surprised'] as const;
const FRAMES = 30;

export interface ResolutionRow {
  clip: string;
  /** `track`: the frame as the offscreen document gets it; `scaled`: its pixels really scaled to that size. */
  path: (typeof PATHS)[number];
  /** The size asked for; `size` is the frame the landmarker saw. */
  asked: string;
  size: string;
  faces: string;
  mlp: string;
  mlp_right: number;
  cnn: string;
  cnn_right: number;
  /** Mean absolute blendshape change from the 640×480 reading of the same clip (mean over blendshapes). */
  blendshape_delta: number | null;
  detect_ms: number;
}

function majority(labels: (string | null)[]): string {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l ?? 'none', (counts.get(l ?? 'none') ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
}

function meanVector(frames: ResolutionFrame[]): number[] | null {
  const withFace = frames.map((f) => f.blendshapes).filter((b): b is number[] => b !== null);
  const first = withFace[0];
  if (!first) return null;
  return first.map((_, k) => withFace.reduce((s, b) => s + (b[k] ?? 0), 0) / withFace.length);
}

export async function benchCameraResolution(): Promise<Record<string, unknown>> {
  const clips = CLIPS.map((c) => [c, sharedFile(`faces/video/${c}.mjpeg`)] as const);
  if (clips.some(([, file]) => !file)) return {};
  const bundled = await build({
    entryPoints: [join(ROOT, 'scripts/bench/camera-resolution-page.ts')],
    tsconfig: join(ROOT, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const wasm = join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm');
  const routes = new Map<string, RouteBody>([
    ['/index.html', { bytes: '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>' }],
    ['/page.js', { bytes: bundled.outputFiles[0]?.text ?? '' }],
    ['/mediapipe/vision_wasm_internal.js', { file: join(wasm, 'vision_wasm_internal.js') }],
    ['/mediapipe/vision_wasm_internal.wasm', { file: join(wasm, 'vision_wasm_internal.wasm') }],
    ['/mediapipe/face_landmarker.task', { file: await resolveModel(ROOT) }],
    ...appearanceAssets(ROOT).map(({ absoluteSrc, relativeDest }): [string, RouteBody] => [
      `/${relativeDest}`,
      { file: absoluteSrc },
    ]),
  ]);
  const server = await serveRoutes(routes);
  const rows: ResolutionRow[] = [];
  try {
    for (const [clip, file] of clips) {
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: findChromium(),
          headless: true,
          args: [...CHROMIUM_ARGS, ...fakeCameraArgs(file as string)],
        });
        const page = await browser.newPage();
        await page.goto(`${server.origin}/index.html`);
        await page.waitForFunction(() => 'mooddjResolution' in window);
        await page.evaluate(
          ([urls, more]) =>
            (
              window as unknown as { mooddjResolution: { init(a: unknown, b: unknown): Promise<void> } }
            ).mooddjResolution.init(urls, more),
          [
            {
              wasmLoader: '/mediapipe/vision_wasm_internal.js',
              wasmBinary: '/mediapipe/vision_wasm_internal.wasm',
              model: '/mediapipe/face_landmarker.task',
            },
            {
              modelJson: `/${APPEARANCE_FILES.modelJson}`,
              modelBin: `/${APPEARANCE_FILES.modelBin}`,
              wasmSimd: `/${APPEARANCE_FILES.wasmSimd}`,
            },
          ] as const,
        );
        let reference: number[] | null = null;
        for (const [[width, height], path] of RESOLUTIONS.flatMap((size) =>
          PATHS.map((path) => [size, path] as const),
        )) {
          const frames = await page.evaluate(
            ([video, n, scaled]) =>
              (
                window as unknown as {
                  mooddjResolution: {
                    read(v: unknown, n: number, ms: number, scaled: boolean): Promise<ResolutionFrame[]>;
                  };
                }
              ).mooddjResolution.read(video, n, 100, scaled),
            [
              { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: 5, max: 15 } },
              FRAMES,
              path === 'scaled',
            ] as const,
          );
          const mean = meanVector(frames);
          if (width === RESOLUTIONS[0][0] && path === 'track') reference = mean;
          const delta =
            mean && reference
              ? mean.reduce((s, v, k) => s + Math.abs(v - (reference?.[k] ?? 0)), 0) / mean.length
              : null;
          const label = clip === 'surprised' ? 'surprised' : clip;
          const right = (key: 'mlp' | 'cnn') =>
            Math.round((frames.filter((f) => f[key] === label).length / Math.max(1, frames.length)) * 100) / 100;
          const ms = frames.map((f) => f.ms).sort((a, b) => a - b);
          const row: ResolutionRow = {
            clip,
            path,
            asked: `${width}x${height}`,
            size: `${frames[0]?.width ?? '?'}x${frames[0]?.height ?? '?'}`,
            faces: `${frames.filter((f) => f.detected).length}/${frames.length}`,
            mlp: majority(frames.map((f) => f.mlp)),
            mlp_right: right('mlp'),
            cnn: majority(frames.map((f) => f.cnn)),
            cnn_right: right('cnn'),
            blendshape_delta: delta === null ? null : Math.round(delta * 10000) / 10000,
            detect_ms: Math.round((ms[Math.floor(ms.length / 2)] ?? 0) * 10) / 10,
          };
          rows.push(row);
          console.error(`  ${JSON.stringify(row)}`);
        }
      } finally {
        await browser?.close();
      }
    }
  } finally {
    await server.close();
  }
  return { camera_resolution_accuracy: rows };
}
