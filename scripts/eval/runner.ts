/**
 * Runs images through the shipped MediaPipe detector and mood classifier in headless Chromium:
 * bundles `harness.ts`, serves it with MediaPipe's files and the images from 127.0.0.1, and
 * drives one page holding one FaceLandmarker for the whole run.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium.ts';
import type { MediapipeUrls } from '../../lib/offscreen/face-detector.ts';
import {
  APPEARANCE_FILES,
  APPEARANCE_VIEWS,
  type AppearanceViewName,
  appearanceAssets,
  shippedViews,
} from '../build/appearance-assets.ts';
import { resolveModel } from '../build/mediapipe-assets.ts';
import type { LabelledImage } from './dataset.ts';
import type { AppearanceModelUrls, ImageResult, UnreadableImage, Variant, VariantFace } from './protocol.ts';
import { type RouteBody, routeUrl, serveRoutes } from './server.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const PAGE_HTML =
  '<!doctype html><meta charset="utf-8"><title>MoodDJ eval</title><script type="module" src="/harness.js"></script>';

/** The page's MediaPipe files, as `createFaceLandmarker` takes them. */
const URLS: MediapipeUrls = {
  wasmLoader: '/mediapipe/vision_wasm_internal.js',
  wasmBinary: '/mediapipe/vision_wasm_internal.wasm',
  model: '/mediapipe/face_landmarker.task',
};

/** The page's appearance-model files (`scripts/build/appearance-assets.ts`), as the extension names them. */
const APPEARANCE_URLS = {
  cnn: {
    modelJson: `/${APPEARANCE_FILES.modelJson}`,
    modelBin: `/${APPEARANCE_FILES.modelBin}`,
    wasmSimd: `/${APPEARANCE_FILES.wasmSimd}`,
  },
  expr: {
    manifest: `/${APPEARANCE_FILES.exprManifest}`,
    bin: `/${APPEARANCE_FILES.exprBin}`,
    wasmSimd: `/${APPEARANCE_FILES.wasmSimd}`,
  },
} as const satisfies Required<AppearanceModelUrls>;

export interface EvalSession {
  /** Detects and classifies one of the images the session was opened with. */
  evaluate(image: LabelledImage): Promise<ImageResult | UnreadableImage>;
  /** Detects faces in transformed copies of one of the session's images. */
  augment(image: LabelledImage, variants: readonly Variant[]): Promise<VariantFace[] | UnreadableImage>;
  readonly chromiumVersion: string;
  close(): Promise<void>;
}

/** Bundles the browser harness (with `@/` resolved through the repo's tsconfig) into memory. */
export async function bundleHarness(root = ROOT): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'scripts/eval/harness.ts')],
    // Its `paths` (from WXT's generated .wxt/tsconfig.json) resolve `@/`, as in the extension build.
    tsconfig: join(root, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).catch((error: unknown) => {
    throw new Error(
      `Bundling scripts/eval/harness.ts failed. If it cannot resolve "@/…", run \`npx wxt prepare\`. ${String(error)}`,
    );
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('Bundling scripts/eval/harness.ts produced no output.');
  return output.text;
}

/**
 * Opens the eval page in headless Chromium and creates its landmarker (and with `appearance`, the
 * appearance models the extension ships plus the views listed). Only `images` (and the page's own
 * files) are served. Throws findChromium's message when there is no Chromium.
 */
export async function openEvalSession(
  images: readonly LabelledImage[],
  root = ROOT,
  options: { appearance?: readonly AppearanceViewName[] } = {},
): Promise<EvalSession> {
  const shipped = shippedViews(root);
  const views = options.appearance
    ? APPEARANCE_VIEWS.filter((v) => shipped.includes(v) || options.appearance?.includes(v))
    : [];
  const appearanceUrls: AppearanceModelUrls | null = options.appearance
    ? Object.fromEntries(views.map((v) => [v, APPEARANCE_URLS[v]]))
    : null;
  const executablePath = findChromium();
  const wasm = join(root, 'node_modules/@mediapipe/tasks-vision/wasm');
  const [harness, model] = await Promise.all([bundleHarness(root), resolveModel(root)]);
  const routes = new Map<string, RouteBody>([
    ['/index.html', { bytes: PAGE_HTML }],
    ['/harness.js', { bytes: harness }],
    [URLS.wasmLoader, { file: join(wasm, 'vision_wasm_internal.js') }],
    [URLS.wasmBinary, { file: join(wasm, 'vision_wasm_internal.wasm') }],
    [URLS.model, { file: model }],
    ...appearanceAssets(root, APPEARANCE_VIEWS).map(({ absoluteSrc, relativeDest }): [string, RouteBody] => [
      `/${relativeDest}`,
      { file: absoluteSrc },
    ]),
  ]);
  const imageUrls = new Map<LabelledImage, string>();
  for (const image of images) {
    const url = routeUrl('/faces', image.relative);
    routes.set(url, { file: image.path });
    imageUrls.set(image, url);
  }

  const server = await serveRoutes(routes);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors = collectPageErrors(page);
    await page.goto(`${server.origin}/index.html`);
    await page
      .waitForFunction(() => window.mooddjEval !== undefined, null, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`The eval page did not load its harness. ${pageErrors.join(' ')}`.trim());
      });
    await page.evaluate(([urls, more]) => window.mooddjEval?.init(urls, more ?? undefined), [
      URLS,
      appearanceUrls,
    ] as const);
    const opened = browser;
    return {
      chromiumVersion: opened.version(),
      evaluate: async (image) => {
        const url = imageUrls.get(image);
        if (!url) throw new Error(`${image.relative} was not given to openEvalSession, so it is not served.`);
        return page.evaluate(async (u) => {
          const api = window.mooddjEval;
          if (!api) throw new Error('The eval harness is gone from the page.');
          return api.evaluateImage(u);
        }, url);
      },
      augment: async (image, variants) => {
        const url = imageUrls.get(image);
        if (!url) throw new Error(`${image.relative} was not given to openEvalSession, so it is not served.`);
        return page.evaluate(
          async ([u, v]) => {
            const api = window.mooddjEval;
            if (!api) throw new Error('The eval harness is gone from the page.');
            return api.augmentImage(u, v);
          },
          [url, variants] as const,
        );
      },
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** Keeps the page's uncaught errors and console errors, to explain a page that fails to start. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
