/**
 * `npm run eval -- --faces DIR [--json] [--per-image FILE]`: how well the shipped face detector
 * and mood classifier label the images in `DIR/<label>/*.{jpg,jpeg,png}` (labels: happy, sad,
 * angry, neutral, surprised). It runs the real MediaPipe FaceLandmarker (IMAGE mode, padded retry)
 * and the real classifier (no baseline) in headless Chromium, and prints the confusion matrix,
 * per-class precision / recall / F1, accuracy, macro-F1 and the detection rate. Undetected faces
 * count as wrong. With --json the last line of stdout is one JSON object and the rest goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MOODS, type Mood } from '../lib/mood/types.ts';
import { DatasetError, type LabelledImage, listImages } from './eval/dataset.ts';
import { evaluate, type Outcome } from './eval/metrics.ts';
import type { ImageResult, UnreadableImage } from './eval/protocol.ts';
import { jsonReport, textReport } from './eval/report.ts';
import { openEvalSession } from './eval/runner.ts';

const USAGE = 'Usage: npm run eval -- --faces DIR [--json] [--per-image FILE]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: { faces?: string; json?: boolean; 'per-image'?: string; help?: boolean };
try {
  args = parseArgs({
    options: {
      faces: { type: 'string' },
      json: { type: 'boolean' },
      'per-image': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.faces) usageError('Missing --faces DIR.');

const json = args.json ?? false;
/** Human-readable lines: stdout normally, stderr under --json so stdout ends with the JSON line. */
const log = (line: string) => (json ? console.error(line) : console.log(line));

let images: LabelledImage[];
try {
  images = listImages(args.faces);
} catch (error) {
  if (error instanceof DatasetError) usageError(error.message);
  throw error;
}

const started = performance.now();
const session = await openEvalSession(images).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
log(`Chromium ${session.chromiumVersion}, model ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

const results: { image: LabelledImage; result: ImageResult | UnreadableImage }[] = [];
try {
  for (const [i, image] of images.entries()) {
    results.push({ image, result: await session.evaluate(image) });
    if (process.stderr.isTTY && (i + 1) % 10 === 0) process.stderr.write(`\r${i + 1}/${images.length} images`);
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
} finally {
  await session.close();
}
const seconds = (performance.now() - started) / 1000;

// An unreadable image counts as undetected: it is in the folder, so it counts against the run.
const outcomes: Outcome<Mood>[] = results.map(({ image, result }) => ({
  truth: image.label,
  predicted: 'mood' in result ? result.mood : null,
}));
const metrics = evaluate(MOODS, outcomes);
const detectMs = results.flatMap(({ result }) => ('ms' in result ? [result.ms] : [])).sort((a, b) => a - b);
const run = {
  seconds,
  detectMsMedian: detectMs[Math.floor(detectMs.length / 2)] ?? 0,
  padded: results.filter(({ result }) => 'mood' in result && result.detected && result.padded).length,
  unreadable: results.filter(({ result }) => 'unreadable' in result).map(({ image }) => image.relative),
};

if (args['per-image']) {
  const rows = results.map(({ image, result }) => ({ file: image.relative, label: image.label, ...result }));
  writeFileSync(args['per-image'], `${JSON.stringify(rows, null, 1)}\n`);
  log(`Per-image results written to ${args['per-image']}.`);
}

log(textReport(MOODS, metrics, run));
if (json) console.log(JSON.stringify(jsonReport(metrics, run)));
