import { describe, expect, it } from 'vitest';
import { mirroredImage } from '@/test/support/images';
import { CROP_SIZE, cropGrey, cropRgb, faceBox, type RgbaImage } from './crop.ts';
import type { FaceLandmark } from './types.ts';

const lm = (points: [number, number][]): FaceLandmark[] => points.map(([x, y]) => ({ x, y, z: 0 }));

/** A deterministic, asymmetric test image: every pixel differs from its mirror. */
function image(
  width: number,
  height: number,
  at = (x: number, y: number) => (x * 7 + y * 13 + x * y) % 256,
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = at(x, y);
      data.set([v, (v * 3) % 256, 255 - v, 255], i);
    }
  }
  return { data, width, height };
}

/** Grey pixels: r = g = b = `at(x, y)`. */
function greyImage(width: number, height: number, at: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([at(x, y), at(x, y), at(x, y), 255], (y * width + x) * 4);
  }
  return { data, width, height };
}

describe('faceBox', () => {
  it('is the square around the landmarks, ×1.1 around their centre, in pixels', () => {
    // 40 px wide, 60 px tall in a 200×100 frame → side 66, centre (60, 50).
    const box = faceBox(
      lm([
        [0.2, 0.2],
        [0.4, 0.8],
        [0.3, 0.5],
      ]),
      200,
      100,
    );
    expect(box?.size).toBeCloseTo(66);
    expect(box?.x).toBeCloseTo(60 - 33);
    expect(box?.y).toBeCloseTo(50 - 33);
  });

  it('slides back inside the frame at an edge and shrinks to the shorter side', () => {
    const edge = faceBox(
      lm([
        [0, 0.1],
        [0.2, 0.5],
      ]),
      100,
      100,
    );
    expect(edge?.x).toBe(0);
    expect(edge?.size).toBeCloseTo(44);
    const right = faceBox(
      lm([
        [0.85, 0.4],
        [1, 0.6],
      ]),
      100,
      100,
    );
    expect((right?.x ?? 0) + (right?.size ?? 0)).toBeCloseTo(100);
    const huge = faceBox(
      lm([
        [-0.2, -0.5],
        [1.2, 1.5],
      ]),
      160,
      90,
    );
    expect(huge).toEqual({ x: expect.any(Number), y: 0, size: 90 });
    expect(huge?.x).toBeCloseTo(35);
  });

  it('gives the mirrored box for a mirrored face', () => {
    const pts: [number, number][] = [
      [0.05, 0.3],
      [0.3, 0.9],
      [0.2, 0.4],
    ];
    const box = faceBox(lm(pts), 320, 240);
    const flip = faceBox(lm(pts.map(([x, y]) => [1 - x, y])), 320, 240);
    expect(flip?.size).toBeCloseTo(box?.size ?? Number.NaN);
    expect(flip?.y).toBeCloseTo(box?.y ?? Number.NaN);
    expect(flip?.x).toBeCloseTo(320 - (box?.x ?? 0) - (box?.size ?? 0));
  });

  it('is null without a usable spread of landmarks', () => {
    expect(faceBox([], 100, 100)).toBeNull();
    expect(faceBox(lm([[0.5, 0.5]]), 100, 100)).toBeNull();
    expect(faceBox(lm([[Number.NaN, 0.5]]), 100, 100)).toBeNull();
  });
});

describe('cropGrey', () => {
  it('is 64×64 grey in [-1, 1]: black → -1, white → +1', () => {
    const black = cropGrey(
      greyImage(50, 50, () => 0),
      { x: 0, y: 0, size: 50 },
    );
    expect(black).toHaveLength(CROP_SIZE * CROP_SIZE);
    expect(Math.max(...black.map((v) => Math.abs(v + 1)))).toBeLessThan(1e-6);
    const white = { data: new Uint8ClampedArray(40 * 40 * 4).fill(255), width: 40, height: 40 };
    expect(Math.min(...cropGrey(white, { x: 5, y: 5, size: 30 }))).toBeCloseTo(1, 5);
  });

  it('reads luma, not one channel, and only inside the box', () => {
    // Left half pure red, right half pure blue; a box in either half reads that colour's luma.
    const data = new Uint8ClampedArray(100 * 50 * 4);
    for (let p = 0; p < 100 * 50; p++) data.set(p % 100 < 50 ? [255, 0, 0, 255] : [0, 0, 255, 255], p * 4);
    const red = { data, width: 100, height: 50 };
    const left = cropGrey(red, { x: 5, y: 5, size: 40 });
    const right = cropGrey(red, { x: 55, y: 5, size: 40 });
    expect(left[0]).toBeCloseTo((0.299 * 255 * 2) / 255 - 1, 4);
    expect(right[0]).toBeCloseTo((0.114 * 255 * 2) / 255 - 1, 4);
  });

  it('crops a mirrored image with its mirrored box into the mirrored crop', () => {
    const img = image(180, 120);
    const pts: [number, number][] = [
      [0.1, 0.2],
      [0.45, 0.85],
    ];
    const box = faceBox(lm(pts), img.width, img.height);
    const flipBox = faceBox(lm(pts.map(([x, y]) => [1 - x, y])), img.width, img.height);
    if (!box || !flipBox) throw new Error('no box');
    const a = cropGrey(img, box);
    const b = cropGrey(mirroredImage(img), flipBox);
    const flipped = cropGrey(img, box, CROP_SIZE, true);
    let worst = 0;
    for (let r = 0; r < CROP_SIZE; r++) {
      for (let c = 0; c < CROP_SIZE; c++) {
        worst = Math.max(worst, Math.abs((a[r * CROP_SIZE + c] ?? 0) - (b[r * CROP_SIZE + CROP_SIZE - 1 - c] ?? 9)));
        worst = Math.max(worst, Math.abs((b[r * CROP_SIZE + c] ?? 0) - (flipped[r * CROP_SIZE + c] ?? 9)));
      }
    }
    expect(worst).toBeLessThan(1e-4);
    // And the image really is asymmetric, so the check above could fail.
    expect(Math.abs((a[0] ?? 0) - (a[CROP_SIZE - 1] ?? 0))).toBeGreaterThan(0.01);
  });

  it('averages over each output pixel so a fine pattern does not alias', () => {
    // 1-px black/white stripes, 4 source px per output px: every output pixel is mid grey.
    const out = cropGrey(
      greyImage(256, 256, (x) => (x % 2 ? 255 : 0)),
      { x: 0, y: 0, size: 256 },
    );
    expect(Math.max(...out.map(Math.abs))).toBeLessThan(0.02);
  });
});

describe('cropRgb', () => {
  it('samples like cropGrey, channel by channel, and mirrors the same way', () => {
    const img = image(120, 90);
    const box = { x: 20.5, y: 10.25, size: 70 };
    const rgb = cropRgb(img, box, 112);
    const mirrored = cropRgb(img, box, 112, true);
    // Each channel of an image whose channels are equal is its grey crop, back in 0–255.
    const grey = greyImage(120, 90, (x, y) => (x * 7 + y * 13 + x * y) % 256);
    const g = cropGrey(grey, box, 112);
    const asRgb = cropRgb(grey, box, 112);
    let worst = 0;
    for (let i = 0; i < 112 * 112; i++) {
      for (let ch = 0; ch < 3; ch++)
        worst = Math.max(worst, Math.abs((asRgb[3 * i + ch] ?? 0) - ((g[i] ?? 0) + 1) * 127.5));
    }
    expect(worst).toBeLessThan(1e-3);
    for (let r = 0; r < 112; r += 7) {
      for (let c = 0; c < 112; c += 5) {
        for (let ch = 0; ch < 3; ch++) {
          expect(mirrored[(r * 112 + 111 - c) * 3 + ch]).toBeCloseTo(rgb[(r * 112 + c) * 3 + ch] ?? Number.NaN, 4);
        }
      }
    }
  });
});
