import { describe, expect, it } from 'vitest';
import { CROP_SIZE, cropGrey, faceBox, type RgbaImage } from '../../lib/mood/crop.ts';
import type { FaceLandmark } from '../../lib/mood/types.ts';
import { mirroredImage } from '../../test/support/images.ts';
import { alignedFaceBox, cropGreyAligned } from './aligned-crop.ts';

const W = 200;
const H = 160;
const C = { x: 100, y: 80 };

/** A smooth, asymmetric "face" pattern in face coordinates (u right, v down), turned by `angle`. */
function face(angle: number, width = W, height = H, centre = C): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - centre.x;
      const dy = y + 0.5 - centre.y;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const g = 128 + 90 * Math.sin(u / 11 + 0.4) * Math.cos(v / 17) + 0.3 * u;
      data.set([g, g, g, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

/** 478 landmarks of that face: eye corners 33/133 and 362/263, an outline, the rest at the centre. */
function landmarks(angle: number, width = W, height = H, centre = C): FaceLandmark[] {
  const at = (u: number, v: number): FaceLandmark => ({
    x: (centre.x + u * Math.cos(angle) - v * Math.sin(angle)) / width,
    y: (centre.y + u * Math.sin(angle) + v * Math.cos(angle)) / height,
    z: 0,
  });
  const out = Array.from({ length: 478 }, (_, i) =>
    i < 36 ? at(40 * Math.cos((i / 36) * 2 * Math.PI), 50 * Math.sin((i / 36) * 2 * Math.PI)) : at(0, 0),
  );
  out[33] = at(-30, -12);
  out[133] = at(-12, -12);
  out[362] = at(12, -12);
  out[263] = at(30, -12);
  return out;
}

const meanAbs = (a: Float32Array, b: Float32Array) =>
  a.reduce((s, v, i) => s + Math.abs(v - (b[i] ?? 0)), 0) / a.length;

describe('aligned crop (experiment)', () => {
  it('is the shipped crop for an upright face', () => {
    const lms = landmarks(0);
    const box = alignedFaceBox(lms, W, H);
    const plain = faceBox(lms, W, H);
    expect(box?.angle).toBeCloseTo(0, 12);
    expect(box?.size).toBeCloseTo(plain?.size ?? 0, 9);
    expect(box?.x).toBeCloseTo(plain?.x ?? 0, 9);
    expect(box?.y).toBeCloseTo(plain?.y ?? 0, 9);
    if (!box || !plain) throw new Error('no box');
    expect(meanAbs(cropGreyAligned(face(0), box), cropGrey(face(0), plain))).toBeLessThan(1e-6);
  });

  it('turns a tilted face upright', () => {
    const tilt = (25 * Math.PI) / 180;
    const box = alignedFaceBox(landmarks(tilt), W, H);
    const upright = faceBox(landmarks(0), W, H);
    if (!box || !upright) throw new Error('no box');
    expect(box.angle).toBeCloseTo(tilt, 9);
    expect(box.size).toBeCloseTo(upright.size, 6);
    const aligned = cropGreyAligned(face(tilt), box);
    const reference = cropGrey(face(0), upright);
    expect(meanAbs(aligned, reference)).toBeLessThan(0.02);
    // The shipped, unturned crop of the tilted face is far from the upright one.
    const plain = faceBox(landmarks(tilt), W, H);
    if (!plain) throw new Error('no box');
    expect(meanAbs(cropGrey(face(tilt), plain), reference)).toBeGreaterThan(0.1);
  });

  it('gives the mirrored face the mirrored crop', () => {
    const tilt = (-18 * Math.PI) / 180;
    const img = face(tilt);
    const lms = landmarks(tilt);
    const box = alignedFaceBox(lms, W, H);
    const mBox = alignedFaceBox(
      lms.map((p) => ({ ...p, x: 1 - p.x })),
      W,
      H,
    );
    if (!box || !mBox) throw new Error('no box');
    expect(mBox.angle).toBeCloseTo(-box.angle, 12);
    const a = cropGreyAligned(mirroredImage(img), mBox);
    const b = cropGreyAligned(img, box, CROP_SIZE, true);
    expect(meanAbs(a, b)).toBeLessThan(1e-4);
  });

  it('stays inside the frame at an edge', () => {
    const tilt = (30 * Math.PI) / 180;
    const centre = { x: 15, y: 150 };
    const box = alignedFaceBox(landmarks(tilt, W, H, centre), W, H, 1.1);
    if (!box) throw new Error('no box');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y + box.size).toBeLessThanOrEqual(H + 1e-9);
    expect(box.size).toBeLessThanOrEqual(Math.min(W, H));
    const crop = cropGreyAligned(face(tilt, W, H, centre), box);
    expect(crop.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
  });
});
