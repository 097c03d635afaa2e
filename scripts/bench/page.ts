/**
 * A bench page in headless Chromium: shipped modules bundled unchanged from a small entry, served with a
 * page of its own, opened, and closed again when the bench is done.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium';
import { serveRoutes } from '../eval/server';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchPage {
  /** Names the bundle in errors, e.g. "map". */
  name: string;
  /** TypeScript that imports the shipped modules by `@/` and hangs them on `window`. */
  entry: string;
  /** The page; it must load the bundle with `<script type="module" src="/bench.js">`. */
  html: string;
  viewport?: { width: number; height: number };
  /** Holds in the page once the bundle has run. */
  ready: () => boolean;
}

/** Bundles `entry` for the browser into memory. */
async function bundle(name: string, entry: string): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: `${name}-bench-entry.ts`, loader: 'ts' },
    // Its `paths` (from WXT's generated .wxt/tsconfig.json) resolve `@/`, as in the extension build.
    tsconfig: resolve(ROOT, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`Bundling the ${name} bench page produced no output.`);
  return output.text;
}

/** Opens the bench page, runs `use` on it once it is ready, and closes the browser and server whatever happens. */
export async function withBenchPage<T>(
  { name, entry, html, viewport, ready }: BenchPage,
  use: (page: Page) => Promise<T>,
): Promise<T> {
  const server = await serveRoutes(
    new Map([
      ['/index.html', { bytes: html }],
      ['/bench.js', { bytes: await bundle(name, entry) }],
    ]),
  );
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage(viewport ? { viewport } : {});
    // tsx names functions with an `__name` helper that pages lack; give them a no-op one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(ready);
    return await use(page);
  } finally {
    await browser?.close();
    await server.close();
  }
}
