/**
 * Training augmentation through the real detector: every shared train/dev face is redrawn a few
 * times (mirrored, tilted, zoomed, shifted, re-toned, blurred by a low-resolution pass) and run
 * through the shipped MediaPipe FaceLandmarker in headless Chromium. What comes back is new
 * blendshapes and landmarks for the same person and label, with the detector's own noise, which a
 * jitter on the numbers could not imitate.
 *
 *   npx tsx scripts/train/augment.ts     writes .cache/augment/<name>.json (about 10 minutes)
 *
 * `npm run train` runs it when the cache is missing. The cache holds numbers only, never pixels,
 * and stays out of git (it is large and the images' owners did not publish it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOODS, type Mood } from '../../lib/mood/types.ts';
import type { LabelledImage } from '../eval/dataset.ts';
import type { Variant, VariantFace } from '../eval/protocol.ts';
import { openEvalSession } from '../eval/runner.ts';
import { sharedDir } from './data.ts';
import { createRng } from './rng.ts';

/** Copies per image; bump `AUGMENT_VERSION` when the recipe changes so old caches are not reused. */
export const AUGMENT_COPIES = 4;
export const AUGMENT_VERSION = 1;
const SEED = 7_241_126;

export interface AugmentCache {
  readonly meta: { version: number; copies: number; created: string; chromium: string };
  /** `train/happy/0001.jpg` → one entry per variant (null blendshapes: no face found). */
  readonly files: Record<string, VariantFace[]>;
}

export function augmentCachePath(repoRoot: string): string {
  return join(repoRoot, '.cache', 'augment', `faces-v${AUGMENT_VERSION}-x${AUGMENT_COPIES}.json`);
}

/** The random re-photographing of one image; deterministic for a given `rand`. */
export function randomVariant(rand: () => number): Variant {
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  return {
    flip: rand() < 0.5,
    rotate: between(-12, 12),
    zoom: between(0.8, 1.15),
    shiftX: between(-0.06, 0.06),
    shiftY: between(-0.06, 0.06),
    brightness: between(0.75, 1.25),
    contrast: between(0.7, 1.3),
    grayscale: rand() < 0.3,
    resample: rand() < 0.35 ? between(0.3, 0.6) : 1,
  };
}

interface ManifestFile {
  readonly label: string;
}

function listShared(shared: string): (LabelledImage & { key: string })[] {
  return (['train', 'dev'] as const).flatMap((set) => {
    const json = JSON.parse(readFileSync(join(shared, 'faces', set, 'features.json'), 'utf8')) as {
      files: Record<string, ManifestFile>;
    };
    return Object.entries(json.files).map(([file, f]) => {
      if (!MOODS.includes(f.label as Mood)) throw new Error(`${set}/${file}: unknown label ${f.label}`);
      return {
        key: `${set}/${file}`,
        label: f.label as Mood,
        relative: `${set}/${file}`,
        path: join(shared, 'faces', set, file),
      };
    });
  });
}

/** Builds the cache (or returns the existing one). */
export async function ensureAugmented(repoRoot: string): Promise<AugmentCache> {
  const path = augmentCachePath(repoRoot);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as AugmentCache;
  const images = listShared(sharedDir(repoRoot));
  console.log(
    `Augmenting ${images.length} faces × ${AUGMENT_COPIES} through MediaPipe in Chromium (cached in ${path})…`,
  );
  const rand = createRng(SEED);
  const session = await openEvalSession(images, repoRoot);
  const files: Record<string, VariantFace[]> = {};
  const started = Date.now();
  try {
    for (const [i, image] of images.entries()) {
      const variants = Array.from({ length: AUGMENT_COPIES }, () => randomVariant(rand));
      const result = await session.augment(image, variants);
      if ('unreadable' in result) throw new Error(`${image.relative}: ${result.unreadable}`);
      files[image.key] = result;
      if ((i + 1) % 200 === 0) {
        const perImage = (Date.now() - started) / (i + 1);
        console.log(
          `  ${i + 1}/${images.length}, about ${Math.round(((images.length - i - 1) * perImage) / 1000)} s left`,
        );
      }
    }
  } finally {
    await session.close();
  }
  const cache: AugmentCache = {
    meta: {
      version: AUGMENT_VERSION,
      copies: AUGMENT_COPIES,
      created: new Date().toISOString(),
      chromium: session.chromiumVersion,
    },
    files,
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cache));
  return cache;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const cache = await ensureAugmented(root);
  const all = Object.values(cache.files).flat();
  console.log(`${all.length} variants, ${all.filter((v) => v.blendshapes).length} with a face.`);
}
