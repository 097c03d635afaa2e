/**
 * Experiment (issue 12 follow-up): an *aligned* face crop for the appearance CNN. FER-2013 faces
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
import { CROP_SCALE, CROP_SIZE } from '../../lib/mood/crop.ts';
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
  const { data, width, height } = image;
  const out = new Float32Array(side * side);
  const step = box.size / side;
  const sub = Math.max(1, Math.min(4, Math.ceil(step)));
  const cos = Math.cos(box.angle);
  const sin = Math.sin(box.angle);
  const cx = box.x + box.size / 2;
  const cy = box.y + box.size / 2;
  const luma = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
  };
  const sample = (sx: number, sy: number) => {
    const fx = Math.max(0, Math.min(width - 1, sx - 0.5));
    const fy = Math.max(0, Math.min(height - 1, sy - 0.5));
    const x0 = Math.floor(fx);
    const y0 = Math.floor(fy);
    const x1 = Math.min(width - 1, x0 + 1);
    const y1 = Math.min(height - 1, y0 + 1);
    const ax = fx - x0;
    const ay = fy - y0;
    const top = luma(x0, y0) * (1 - ax) + luma(x1, y0) * ax;
    const bottom = luma(x0, y1) * (1 - ax) + luma(x1, y1) * ax;
    return top * (1 - ay) + bottom * ay;
  };
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      let acc = 0;
      for (let j = 0; j < sub; j++) {
        for (let i = 0; i < sub; i++) {
          const u = (c + (i + 0.5) / sub) * step - box.size / 2;
          const v = (r + (j + 0.5) / sub) * step - box.size / 2;
          acc += sample(cx + u * cos - v * sin, cy + u * sin + v * cos);
        }
      }
      out[r * side + (mirror ? side - 1 - c : c)] = (acc / (sub * sub) / 255) * 2 - 1;
    }
  }
  return out;
}
