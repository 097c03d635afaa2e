import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { faceApiExpressions } from '@/test/support/face-api';
import { sharedFile } from '@/test/support/shared-data';
import { argmax } from './argmax.ts';
import { cropRgb, faceBox } from './crop.ts';
import {
  createExpressionNet,
  EXPRESSION_CLASSES,
  EXPRESSION_SIZE,
  type ExpressionNet,
  expressionMoodProbs,
} from './expression-net.ts';
import { softmax } from './model.ts';
import { MOODS } from './types.ts';

const modelDir = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/@vladmandic/face-api/model');
const FILES = {
  manifest: join(modelDir, 'face_expression_model-weights_manifest.json'),
  bin: join(modelDir, 'face_expression_model.bin'),
};
/** A few shared dev faces, one per mood (posed and in the wild). */
const FACES = ['happy/001.jpg', 'sad/001.jpg', 'angry/001.jpg', 'neutral/001.jpg', 'surprised/001.jpg'];
const PX = EXPRESSION_SIZE * EXPRESSION_SIZE * 3;

let net: ExpressionNet;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const bin = readFileSync(FILES.bin);
  net = createExpressionNet(
    JSON.parse(readFileSync(FILES.manifest, 'utf8')),
    bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  );
});

/** The shipped crop (`faceBox` ×1.1 at 112×112 RGB) of a shared dev face, or null without the shared data. */
function devCrop(file: string): Float32Array | null {
  const features = sharedFile('faces/dev/features.json');
  const path = sharedFile(`faces/dev/${file}`);
  if (!features || !path) return null;
  const entry = (JSON.parse(readFileSync(features, 'utf8')) as { files: Record<string, { landmarks?: number[][] }> })
    .files[file];
  const img = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true });
  const box = faceBox(
    (entry?.landmarks ?? []).map(([x = 0, y = 0, z = 0]) => ({ x, y, z })),
    img.width,
    img.height,
  );
  return box ? cropRgb(img, box, EXPRESSION_SIZE) : null;
}

describe('the expression network', () => {
  it('gives 7 finite logits per face of a batch, the same as one by one', () => {
    const crops = new Float32Array(2 * PX).map((_, i) => (i * 37) % 256);
    const both = net.logits(crops, 2);
    expect(both).toHaveLength(2);
    for (const row of both) {
      expect(row).toHaveLength(EXPRESSION_CLASSES.length);
      expect(row.every(Number.isFinite)).toBe(true);
    }
    const second = net.logits(crops.slice(PX), 1)[0] ?? [];
    second.forEach((v, k) => {
      expect(v).toBeCloseTo(both[1]?.[k] ?? Number.NaN, 3);
    });
  });

  it('matches face-api itself on shared dev faces (probabilities within 1e-3)', async () => {
    const crops = FACES.map(devCrop);
    if (crops.some((c) => !c)) return;
    const faceApi = await faceApiExpressions(FILES);
    for (const crop of crops as Float32Array[]) {
      const ours = softmax(net.logits(crop, 1)[0] ?? []);
      const theirs = await faceApi(crop);
      ours.forEach((p, k) => {
        expect(Math.abs(p - (theirs[k] ?? Number.NaN))).toBeLessThan(1e-3);
      });
    }
  }, 60_000);

  it('reads a known smiling face as happy', () => {
    const crop = devCrop('happy/001.jpg');
    if (!crop) return;
    const logits = net.logits(crop, 1)[0] ?? [];
    expect(EXPRESSION_CLASSES[argmax(logits)]).toBe('happy');
    expect(MOODS[argmax(expressionMoodProbs(logits))]).toBe('happy');
  });

  it("keeps MoodDJ's 5 moods and renormalises them", () => {
    const logits = [0, 2, -1, 0.5, 3, 3, 1];
    const p = expressionMoodProbs(logits);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // happy (index 1 of 7) is MOODS[0]; fearful and disgusted (3 each) are gone.
    expect(argmax(p)).toBe(MOODS.indexOf('happy'));
    const seven = softmax(logits);
    const kept = MOODS.map((m) => seven[EXPRESSION_CLASSES.indexOf(m as (typeof EXPRESSION_CLASSES)[number])] ?? 0);
    const total = kept.reduce((a, b) => a + b, 0);
    kept.forEach((v, k) => {
      expect(p[k]).toBeCloseTo(v / total, 12);
    });
  });
});
