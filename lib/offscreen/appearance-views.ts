import { browser } from 'wxt/browser';
import type { Stacker } from '@/lib/mood/stacker';
import type { AppearanceView } from './appearance-channel';

/** The mini-Xception from the build (`scripts/build/appearance-assets.ts`), a separate chunk. */
const loadCnn: AppearanceView['load'] = async () =>
  (await import('./appearance-model')).loadAppearanceModel({
    modelJson: browser.runtime.getURL('/appearance/emotion.json'),
    modelBin: browser.runtime.getURL('/appearance/emotion.bin'),
    wasmSimd: browser.runtime.getURL('/appearance/tfjs-backend-wasm-simd.wasm'),
  });

/**
 * The appearance views the extension ships: those the first committed stacker fuses (the build
 * copies exactly their files, `shippedViews`), each loaded on its own. Only the mini-Xception has a
 * loader here: face-api's expression network was measured and not shipped (README), so a stacker
 * naming it fails to load that view (one error) and the others go on.
 */
export function appearanceViews(stackers: readonly Stacker[]): AppearanceView[] {
  return (stackers[0]?.inputs ?? []).flatMap((name): AppearanceView[] => {
    if (name === 'mlp') return [];
    const load =
      name === 'cnn'
        ? loadCnn
        : () => Promise.reject(new Error(`The ${name} appearance model is not part of this build.`));
    return [{ name, load }];
  });
}
