import type { FaceLandmark } from './types.ts';

/** The appearance model's input side: a 64×64 grey face. */
export const CROP_SIZE = 64;
/** The crop is the landmarks' bounding square, enlarged by this factor around its centre. */
export const CROP_SCALE = 1.1;

/** An RGBA image, row-major, 4 bytes per pixel (`ImageData`, or a decoded JPEG in Node). */
export interface RgbaImage {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

/** A square in pixel coordinates: left, top and side, all may be fractional. */
export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/**
 * The square around a face's landmarks (normalised to a `width`×`height` frame), enlarged by
 * `scale`, then kept inside the frame: a box larger than the frame's shorter side shrinks to it,
 * and a box past an edge slides back in. A face mirrored left/right gives the mirrored box.
 * `null` when there are no usable landmarks.
 */
export function faceBox(
  landmarks: ReadonlyArray<FaceLandmark>,
  width: number,
  height: number,
  scale = CROP_SCALE,
): CropBox | null {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of landmarks) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    minX = Math.min(minX, p.x * width);
    maxX = Math.max(maxX, p.x * width);
    minY = Math.min(minY, p.y * height);
    maxY = Math.max(maxY, p.y * height);
  }
  if (!(maxX > minX) || !(maxY > minY) || !(width > 0) || !(height > 0)) return null;
  const size = Math.min(Math.max(maxX - minX, maxY - minY) * scale, width, height);
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, v));
  return {
    x: clamp((minX + maxX) / 2 - size / 2, width - size),
    y: clamp((minY + maxY) / 2 - size / 2, height - size),
    size,
  };
}

/**
 * The box resampled to `side`×`side` grey values in [-1, 1] (BT.601 luma, as the FER-2013
 * models were trained on), row-major. Each output pixel averages a small grid of bilinear
 * samples over its footprint, so a large face is not aliased. `mirror` flips left/right
 * (a training copy); cropping a mirrored image with its mirrored box gives the same result.
 */
export function cropGrey(image: RgbaImage, box: CropBox, side = CROP_SIZE, mirror = false): Float32Array {
  const sample = lumaSampler(image);
  return resampleGrey(box.size, side, mirror, (u, v) => sample(box.x + u, box.y + v));
}

/**
 * Bilinear BT.601 luma (0–255) at a point of `image` in pixel units; pixel centres sit at
 * integer + 0.5 and edges repeat.
 */
export function lumaSampler(image: RgbaImage): (sx: number, sy: number) => number {
  const { data, width, height } = image;
  const luma = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
  };
  return (sx, sy) => {
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
}

/**
 * A `size`-pixel square resampled to `side`×`side` grey values in [-1, 1], row-major: each output
 * pixel averages a small grid of `lumaAt(u, v)` taps over its footprint, (u, v) being the offset
 * from the square's top-left corner along its own axes. `mirror` flips the columns.
 */
export function resampleGrey(
  size: number,
  side: number,
  mirror: boolean,
  lumaAt: (u: number, v: number) => number,
): Float32Array {
  const out = new Float32Array(side * side);
  const step = size / side;
  const sub = Math.max(1, Math.min(4, Math.ceil(step)));
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      let acc = 0;
      for (let j = 0; j < sub; j++) {
        for (let i = 0; i < sub; i++) {
          acc += lumaAt((c + (i + 0.5) / sub) * step, (r + (j + 0.5) / sub) * step);
        }
      }
      out[r * side + (mirror ? side - 1 - c : c)] = (acc / (sub * sub) / 255) * 2 - 1;
    }
  }
  return out;
}

/** A whole-pixel rectangle of a frame. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The whole pixels `cropGrey(image, box)` reads (bilinear taps reach one pixel past the box), plus
 * a pixel of slack, inside the frame. Copying only this patch out of a camera frame at 1:1 and
 * cropping it with `boxInPatch` gives exactly `cropGrey` of the whole frame: same box, same grey,
 * same interpolation, without reading the whole frame's pixels.
 */
export function patchRect(box: CropBox, width: number, height: number): PixelRect {
  const x0 = Math.max(0, Math.floor(box.x) - 2);
  const y0 = Math.max(0, Math.floor(box.y) - 2);
  const x1 = Math.min(width, Math.ceil(box.x + box.size) + 2);
  const y1 = Math.min(height, Math.ceil(box.y + box.size) + 2);
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/** `box` in the coordinates of `patch` (see `patchRect`). */
export function boxInPatch(box: CropBox, patch: PixelRect): CropBox {
  return { x: box.x - patch.x, y: box.y - patch.y, size: box.size };
}

/**
 * The box resampled to `side`×`side` RGB values in 0–255, interleaved and row-major (the expression
 * network's input, `expression-net.ts`), with the same bilinear taps averaged over each output
 * pixel's footprint as `cropGrey`. `mirror` flips left/right.
 */
export function cropRgb(image: RgbaImage, box: CropBox, side: number, mirror = false): Float32Array {
  const { data, width, height } = image;
  const out = new Float32Array(side * side * 3);
  const step = box.size / side;
  const sub = Math.max(1, Math.min(4, Math.ceil(step)));
  const acc = [0, 0, 0];
  const tap = (sx: number, sy: number) => {
    const fx = Math.max(0, Math.min(width - 1, sx - 0.5));
    const fy = Math.max(0, Math.min(height - 1, sy - 0.5));
    const x0 = Math.floor(fx);
    const y0 = Math.floor(fy);
    const x1 = Math.min(width - 1, x0 + 1);
    const y1 = Math.min(height - 1, y0 + 1);
    const ax = fx - x0;
    const ay = fy - y0;
    for (let ch = 0; ch < 3; ch++) {
      const at = (x: number, y: number) => data[(y * width + x) * 4 + ch] ?? 0;
      const top = at(x0, y0) * (1 - ax) + at(x1, y0) * ax;
      const bottom = at(x0, y1) * (1 - ax) + at(x1, y1) * ax;
      acc[ch] = (acc[ch] ?? 0) + top * (1 - ay) + bottom * ay;
    }
  };
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      acc.fill(0);
      for (let j = 0; j < sub; j++) {
        for (let i = 0; i < sub; i++) tap(box.x + (c + (i + 0.5) / sub) * step, box.y + (r + (j + 0.5) / sub) * step);
      }
      const o = (r * side + (mirror ? side - 1 - c : c)) * 3;
      for (let ch = 0; ch < 3; ch++) out[o + ch] = (acc[ch] ?? 0) / (sub * sub);
    }
  }
  return out;
}
