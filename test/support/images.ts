import type { RgbaImage } from '@/lib/mood/crop';

/** `img` flipped left to right. */
export function mirroredImage(img: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      for (let k = 0; k < 4; k++) {
        data[(y * img.width + x) * 4 + k] = img.data[(y * img.width + (img.width - 1 - x)) * 4 + k] ?? 0;
      }
    }
  }
  return { data, width: img.width, height: img.height };
}
