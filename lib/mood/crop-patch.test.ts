import { describe, expect, it } from 'vitest';
import {
  boxInPatch,
  CROP_SIZE,
  type CropBox,
  cropGrey,
  cropRgb,
  faceBox,
  type PixelRect,
  patchRect,
  type RgbaImage,
} from './crop.ts';

/** A deterministic colour image with detail at every pixel (so any misplaced tap shows). */
function image(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = (x * 31 + y * 17 + ((x * y) % 7) * 29) % 256;
      data.set([v, (v * 5 + 3) % 256, 255 - v, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

/** What the offscreen document's canvas does: copies the patch's pixels 1:1 (`drawImage` + `getImageData`). */
function copyPatch(img: RgbaImage, rect: PixelRect): RgbaImage {
  const data = new Uint8ClampedArray(rect.width * rect.height * 4);
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const from = ((rect.y + y) * img.width + rect.x + x) * 4;
      for (let c = 0; c < 4; c++) data[(y * rect.width + x) * 4 + c] = img.data[from + c] ?? 0;
    }
  }
  return { data, width: rect.width, height: rect.height };
}

/** The in-browser path: the patch under the box, cropped with the box moved into it. */
function browserCrop(img: RgbaImage, box: CropBox): Float32Array {
  const rect = patchRect(box, img.width, img.height);
  return cropGrey(copyPatch(img, rect), boxInPatch(box, rect));
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? Number.NaN))), 0);
}

describe('the in-browser crop (patch copied 1:1, then cropGrey)', () => {
  const img = image(640, 480);
  const cases: [string, CropBox][] = [
    ['a face in the middle, fractional box', { x: 201.37, y: 99.81, size: 243.6 }],
    ['a small face (no sub-sampling)', { x: 50.5, y: 60.25, size: 48.3 }],
    ['a face at the top-left corner', { x: 0, y: 0, size: 300 }],
    ['a face at the bottom-right corner', { x: 640 - 211.9, y: 480 - 211.9, size: 211.9 }],
    ['a face as tall as the frame', { x: 100.4, y: 0, size: 480 }],
  ];
  for (const [name, box] of cases) {
    it(`feeds the model the same pixels as training: ${name}`, () => {
      const train = cropGrey(img, box);
      const browser = browserCrop(img, box);
      expect(browser).toHaveLength(CROP_SIZE * CROP_SIZE);
      expect(maxDiff(train, browser)).toBeLessThan(1e-5);
    });
  }

  it('reads only a patch about the size of the box, inside the frame', () => {
    const box = faceBox(
      [
        { x: 0.3, y: 0.2, z: 0 },
        { x: 0.6, y: 0.7, z: 0 },
      ],
      640,
      480,
    );
    if (!box) throw new Error('no box');
    const rect = patchRect(box, 640, 480);
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.y).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(640);
    expect(rect.y + rect.height).toBeLessThanOrEqual(480);
    expect(rect.width).toBeLessThanOrEqual(Math.ceil(box.size) + 5);
    expect(maxDiff(cropGrey(img, box), browserCrop(img, box))).toBeLessThan(1e-5);
  });

  it('a patch one pixel too tight would not match (the test can tell)', () => {
    const box: CropBox = { x: 201.37, y: 99.81, size: 243.6 };
    const rect = patchRect(box, 640, 480);
    const tight = { x: rect.x + 3, y: rect.y + 3, width: rect.width - 6, height: rect.height - 6 };
    const cropped = cropGrey(copyPatch(img, tight), boxInPatch(box, tight));
    expect(maxDiff(cropGrey(img, box), cropped)).toBeGreaterThan(1e-3);
  });
});

describe('the in-browser colour crop for the expression network (patch copied 1:1, then cropRgb)', () => {
  const img = image(640, 480);
  const boxes: CropBox[] = [
    { x: 201.37, y: 99.81, size: 243.6 },
    { x: 50.5, y: 60.25, size: 48.3 },
    { x: 640 - 211.9, y: 480 - 211.9, size: 211.9 },
  ];
  for (const box of boxes) {
    it(`feeds the model the same pixels as training: box at ${box.x}, ${box.y}`, () => {
      const rect = patchRect(box, img.width, img.height);
      const browser = cropRgb(copyPatch(img, rect), boxInPatch(box, rect), 112);
      expect(browser).toHaveLength(112 * 112 * 3);
      expect(maxDiff(cropRgb(img, box, 112), browser)).toBeLessThan(1e-3);
    });
  }
});
