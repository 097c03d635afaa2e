import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { sharedFile } from '@/test/support/shared-data';
import type { LabelledImage } from '../scripts/eval/dataset.ts';
import { openEvalSession } from '../scripts/eval/runner.ts';

/**
 * `npm run eval` must see exactly what the precomputed features saw (same MediaPipe version,
 * IMAGE mode, same padding rule), or its numbers would not describe the shipped code path.
 * This needs no extension build: the eval page bundles the detector itself.
 */
const devFeatures = sharedFile('faces/dev/features.json');
const trainFeatures = sharedFile('faces/train/features.json');

interface Features {
  files: Record<
    string,
    {
      label: LabelledImage['label'];
      detected: boolean;
      detected_with_padding: boolean;
      blendshapes?: Record<string, number>;
    }
  >;
}

/** Colour Taiwanese, greyscale muxspace, found only after padding, and never found. */
const CASES = [
  { set: devFeatures, file: 'happy/001.jpg' },
  { set: devFeatures, file: 'angry/002.jpg' },
  { set: trainFeatures, file: 'surprised/0062.jpg' },
  { set: trainFeatures, file: 'sad/0027.jpg' },
];

test('the eval harness reproduces the shared blendshapes, padded retry included', async () => {
  test.skip(!devFeatures || !trainFeatures, 'shared/faces is missing');
  const cases = CASES.map(({ set, file }) => {
    const path = set as string;
    const expected = (JSON.parse(readFileSync(path, 'utf8')) as Features).files[file];
    if (!expected) throw new Error(`${file} is not in ${path}`);
    const image: LabelledImage = { label: expected.label, relative: file, path: join(dirname(path), file) };
    return { image, expected };
  });
  const session = await openEvalSession(cases.map((c) => c.image));
  try {
    for (const { image, expected } of cases) {
      const result = await session.evaluate(image);
      if (!('mood' in result)) throw new Error(`${image.relative} was unreadable: ${result.unreadable}`);
      expect(result.detected, image.relative).toBe(expected.detected_with_padding);
      expect(result.padded, image.relative).toBe(!expected.detected);
      if (!expected.blendshapes) continue;
      // The shared file rounds to 5 dp; allow a little more for CPUs with other SIMD paths.
      for (const [name, score] of Object.entries(expected.blendshapes)) {
        expect(result.blendshapes?.[name], `${image.relative} ${name}`).toBeCloseTo(score, 3);
      }
    }
  } finally {
    await session.close();
  }
});
