import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moodStackers } from '../../lib/mood/stacker-default.ts';
import { APPEARANCE_FILES, appearanceAssets, shippedViews } from './appearance-assets.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the appearance assets', () => {
  it('ship exactly the views the committed stacker fuses', () => {
    expect(['mlp', ...shippedViews(ROOT)]).toEqual(moodStackers()[0]?.inputs);
  });

  it('copy each view’s model and the shared WASM from node_modules, and nothing without a view', () => {
    const dests = (views: Parameters<typeof appearanceAssets>[1]) =>
      appearanceAssets(ROOT, views).map((f) => f.relativeDest);
    expect(dests(['cnn'])).toEqual([APPEARANCE_FILES.modelJson, APPEARANCE_FILES.modelBin, APPEARANCE_FILES.wasmSimd]);
    expect(dests(['expr'])).toEqual([
      APPEARANCE_FILES.exprManifest,
      APPEARANCE_FILES.exprBin,
      APPEARANCE_FILES.wasmSimd,
    ]);
    expect(dests([])).toEqual([]);
    for (const file of appearanceAssets(ROOT, ['cnn', 'expr']))
      expect(existsSync(file.absoluteSrc), file.absoluteSrc).toBe(true);
  });
});
