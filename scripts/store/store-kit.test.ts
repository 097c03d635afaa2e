import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const STORE = resolve(import.meta.dirname, '../../store');

/** A PNG's size and colour type, from its IHDR chunk. */
function pngHeader(path: string): { width: number; height: number; colorType: number } {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png.readUInt8(25) };
}

// The committed kit (`npm run store` writes it): the sizes each store's form accepts.
describe('store/', () => {
  it.each([
    ['screenshot-1-panel.png', 1280, 800],
    ['screenshot-2-popup.png', 1280, 800],
    ['screenshot-3-map.png', 1280, 800],
    ['screenshot-4-welcome.png', 1280, 800],
    ['promo-440x280.png', 440, 280],
    ['icon-128.png', 128, 128],
  ])('%s is %i×%i', (file, width, height) => {
    const path = join(STORE, file);
    expect(existsSync(path), `${path} is missing: run npm run store`).toBe(true);
    expect(pngHeader(path)).toMatchObject({ width, height });
  });

  it('has a store icon with an alpha channel, for its transparent padding', () => {
    // Colour type 6: RGBA.
    expect(pngHeader(join(STORE, 'icon-128.png')).colorType).toBe(6);
  });

  it('has the listing in English and Spanish', () => {
    for (const lang of ['en', 'es']) expect(existsSync(join(STORE, `listing.${lang}.md`))).toBe(true);
  });
});
