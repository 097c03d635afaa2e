/**
 * Experiment: an *aligned* face crop for the appearance CNN. FER-2013 faces
 * are roughly upright; in-the-wild photos have tilted heads. The crop square is turned so the eye
 * line is horizontal: its angle is that of the line through the two eye centres (mean of the
 * FaceLandmarker corners 33/133 and 362/263), its centre and side those of the landmarks'
 * bounding square measured along the turned axes (so an upright face gets exactly `faceBox`'s
 * square), ×`scale`. Its side and centre are kept like `faceBox`'s (at most the frame's shorter side;
 * the unturned square slid back inside the frame); corners of the turned square past an edge repeat
 * the edge pixels. Sampling is `cropGrey`'s (bilinear taps,
 * a small grid per output pixel, BT.601 grey in [-1, 1]); `mirror` flips the output's columns,
 * which equals the aligned crop of the mirrored image (the angle is taken left-to-right in the
 * image, so a mirrored face gets the opposite angle).
 */
import type { CropBox, RgbaImage } from '../../lib/mood/crop.ts';
import { CROP_SCALE, CROP_SIZE, lumaSampler, resampleGrey } from '../../lib/mood/crop.ts';
import type { FaceLandmark } from '../../lib/mood/types.ts';

/** A square turned by `angle` radians (image axes, y down) around its centre. */
export interface TurnedBox extends CropBox {
  readonly angle: number;
}

const EYES = [
  [33, 133],
  [362, 263],
] as const;

function eyeAngle(landmarks: ReadonlyArray<FaceLandmark>, width: number, height: number): number {
  const centre = (pair: readonly [number, number]) => {
    const a = landmarks[pair[0]];
    const b = landmarks[pair[1]];
    if (!a || !b) return null;
    return { x: ((a.x + b.x) / 2) * width, y: ((a.y + b.y) / 2) * height };
  };
  const l = centre(EYES[0]);
  const r = centre(EYES[1]);
  if (!l || !r) return 0;
  let dx = r.x - l.x;
  let dy = r.y - l.y;
  if (dx < 0) {
    dx = -dx;
    dy = -dy;
  }
  const a = Math.atan2(dy, dx);
  return Number.isFinite(a) ? a : 0;
}

export function alignedFaceBox(
  landmarks: ReadonlyArray<FaceLandmark>,
  width: number,
  height: number,
  scale = CROP_SCALE,
): TurnedBox | null {
  const angle = eyeAngle(landmarks, width, height);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Number.POSITIVE_INFINITY;
  let minV = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let maxV = Number.NEGATIVE_INFINITY;
  for (const p of landmarks) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const x = p.x * width;
    const y = p.y * height;
    // Coordinates along the turned axes (u along the eye line, v across it).
    const u = x * cos + y * sin;
    const v = -x * sin + y * cos;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  if (!(maxU > minU) || !(maxV > minV) || !(width > 0) || !(height > 0)) return null;
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  const size = Math.min(Math.max(maxU - minU, maxV - minV) * scale, width, height);
  const half = size / 2;
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  const cx = clamp(cu * cos - cv * sin, half, width - half);
  const cy = clamp(cu * sin + cv * cos, half, height - half);
  return { x: cx - size / 2, y: cy - size / 2, size, angle };
}

export function cropGreyAligned(image: RgbaImage, box: TurnedBox, side = CROP_SIZE, mirror = false): Float32Array {
  const sample = lumaSampler(image);
  const cos = Math.cos(box.angle);
  const sin = Math.sin(box.angle);
  const cx = box.x + box.size / 2;
  const cy = box.y + box.size / 2;
  return resampleGrey(box.size, side, mirror, (u0, v0) => {
    const u = u0 - box.size / 2;
    const v = v0 - box.size / 2;
    return sample(cx + u * cos - v * sin, cy + u * sin + v * cos);
  });
}
