/**
 * `npm run eval -- --faces DIR [--channels mlp,cnn,expr,fused] [--json] [--per-image FILE]`: how well
 * the shipped face detector and mood classifier label the images in `DIR/<label>/*.{jpg,jpeg,png}`
 * (labels: happy, sad, angry, neutral, surprised). It runs the real MediaPipe FaceLandmarker (IMAGE
 * mode, padded retry), the real classifier (no baseline), the extension's face crops and appearance
 * models, and the committed stacker in headless Chromium. `--channels` picks the view(s) reported
 * (default `fused`, what the extension shows; `mlp` = blendshape model alone, `cnn` = the FER-2013
 * mini-Xception alone, `expr` = face-api's expression network alone, whether or not the extension
 * ships it; a comma list reports each in turn). For each it prints the confusion matrix,
 * per-class precision / recall / F1, accuracy, macro-F1 and the detection rate. Undetected faces
 * count as wrong. With --json the last line of stdout is one JSON object (with several channels,
 * `{ channels: { <name>: report } }`) and the rest goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { topMood } from '../lib/mood/classify.ts';
import { MOODS, type Mood } from '../lib/mood/types.ts';
import { DatasetError, type LabelledImage, listImages } from './eval/dataset.ts';
import { evaluate, type Outcome } from './eval/metrics.ts';
import { CHANNELS, type Channel, type ImageResult, type UnreadableImage } from './eval/protocol.ts';
import { jsonReport, textReport } from './eval/report.ts';
import { openEvalSession } from './eval/runner.ts';

const CHANNEL_NAMES: Record<Channel, string> = {
  mlp: 'blendshape/geometry model alone',
  cnn: 'FER-2013 mini-Xception alone (5 of 7 classes)',
  expr: "face-api's expression network alone (5 of 7 classes)",
  fused: 'the shipped views fused by the stacker (what the extension shows)',
};

const USAGE = 'Usage: npm run eval -- --faces DIR [--channels mlp|cnn|expr|fused[,…]] [--json] [--per-image FILE]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: { faces?: string; channels?: string; json?: boolean; 'per-image'?: string; help?: boolean };
try {
  args = parseArgs({
    options: {
      faces: { type: 'string' },
      channels: { type: 'string' },
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
const channels = (args.channels ?? 'fused').split(',').map((c) => c.trim());
const unknown = channels.filter((c) => !(CHANNELS as readonly string[]).includes(c));
if (unknown.length > 0 || channels.length === 0)
  usageError(`Unknown channel ${unknown.join(', ')}: use ${CHANNELS.join(', ')}.`);

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
const looks = channels.filter((c): c is 'cnn' | 'expr' => c === 'cnn' || c === 'expr');
const session = await openEvalSession(images, undefined, { appearance: looks }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
log(`Chromium ${session.chromiumVersion}, models ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

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

/**
 * One channel's verdict on each image. An unreadable image counts as undetected: it is in the
 * folder, so it counts against the run; so does a face the appearance model could not crop.
 */
function outcomes(channel: Channel): Outcome<Mood>[] {
  return results.map(({ image, result }) => {
    const all = 'channels' in result ? result.channels : undefined;
    if ('mood' in result && result.mood && !all) throw new Error(`${image.relative}: the page reported no channels`);
    const scores = all ? all[channel] : null;
    return { truth: image.label, predicted: scores ? topMood(scores) : null };
  });
}
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

const lookMs = results.flatMap(({ result }) =>
  'channels' in result && result.channels ? [result.channels.appearanceMs] : [],
);
lookMs.sort((a, b) => a - b);
log(
  `Appearance models (crops + networks, every view loaded): median ${(lookMs[Math.floor(lookMs.length / 2)] ?? 0).toFixed(1)} ms per face.`,
);
const reports: Record<string, Record<string, unknown>> = {};
for (const channel of channels as Channel[]) {
  const metrics = evaluate(MOODS, outcomes(channel));
  log(`\n== ${channel}: ${CHANNEL_NAMES[channel]} ==`);
  log(textReport(MOODS, metrics, run));
  reports[channel] = jsonReport(metrics, run);
}
if (json)
  console.log(
    JSON.stringify(
      channels.length === 1 ? { channel: channels[0], ...reports[channels[0] ?? ''] } : { channels: reports },
    ),
  );
