/**
 * Per-crop time of the appearance model (FER-2013 mini-Xception, `@vladmandic/human`) in headless
 * Chromium, for each TensorFlow.js backend that could run in the offscreen document:
 *
 *   npx tsx scripts/train/cnn-browser.ts
 *
 * It bundles tfjs-core + converter + the cpu / wasm / webgl backends into a page served from
 * 127.0.0.1 under the extension's own CSP (no `unsafe-eval`; `wasm-unsafe-eval` only), loads the
 * model from memory and times `[1, 64, 64, 1]` crops after a warm-up. Numbers are machine load
 * dependent: compare backends within one run.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium.ts';
import { ROOT } from '../eval/runner.ts';

const PAGE = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
setWasmPaths('/wasm/');
window.bench = async (backend, runs) => {
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok) return { backend, error: 'backend unavailable' };
  await tf.ready();
  const json = await (await fetch('/model/emotion.json')).json();
  const weightData = await (await fetch('/model/emotion.bin')).arrayBuffer();
  const t0 = performance.now();
  const model = await loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData,
  }));
  const crop = new Float32Array(64 * 64).map((_, i) => Math.sin(i) * 0.5);
  const once = async () => {
    const out = tf.tidy(() => model.execute(tf.tensor4d(crop, [1, 64, 64, 1]), '${'StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean'}'));
    await out.data();
    out.dispose();
  };
  await once();
  const firstMs = performance.now() - t0;
  const times = [];
  for (let r = 0; r < runs; r++) { const s = performance.now(); await once(); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  model.dispose();
  return { backend, loadAndFirstMs: firstMs, p50: times[Math.floor(runs / 2)], p95: times[Math.floor(runs * 0.95)] };
};
window.benchReady = true;
`;

const bundle = await build({
  stdin: { contents: PAGE, resolveDir: ROOT, loader: 'js' },
  bundle: true,
  format: 'esm',
  write: false,
  minify: true,
  logLevel: 'silent',
});
const js = bundle.outputFiles[0]?.text ?? '';
const wasmDir = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const modelDir = join(ROOT, 'node_modules/@vladmandic/human/models');
const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const send = (type: string, body: string | Buffer) => {
    res.writeHead(200, { 'content-type': type, 'content-security-policy': CSP });
    res.end(body);
  };
  if (url === '/') return send('text/html', '<!doctype html><script type="module" src="/page.js"></script>');
  if (url === '/page.js') return send('text/javascript', js);
  if (url.startsWith('/wasm/')) return send('application/wasm', readFileSync(join(wasmDir, url.slice(6))));
  if (url.startsWith('/model/')) return send('application/octet-stream', readFileSync(join(modelDir, url.slice(7))));
  res.writeHead(404);
  res.end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS], headless: true });
try {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction('window.benchReady === true');
  for (const backend of ['wasm', 'webgl', 'cpu']) {
    const runs = backend === 'cpu' ? 10 : 50;
    console.log(
      JSON.stringify(
        await page.evaluate(
          ([b, n]) => (window as unknown as { bench(b: string, n: number): Promise<unknown> }).bench(b, n),
          [backend, runs] as const,
        ),
      ),
    );
  }
  if (errors.length > 0) console.log(`page errors: ${errors.join(' | ')}`);
  console.log(`bundle: ${js.length} bytes of JS (tfjs-core + converter + cpu + webgl + wasm, minified)`);
} finally {
  await browser.close();
  server.close();
}
