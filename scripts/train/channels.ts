/**
 * The three views of the face, by person-disjoint CV: each alone, each pair and all three fused by
 * a stacker, overall and per source (posed `tw`, in the wild `mux`), from the caches:
 *
 *   npx tsx scripts/train/channels.ts .cache/appearance/mlp-probs-<hash>.json
 *   npx tsx scripts/train/channels.ts --proxy   the MLP refitted per fold WITHOUT the augmented copies
 *                                              (5× cheaper than `npm run train`; not nested): a quick
 *                                              proxy for the MLP rows, cached like the others
 *
 * The MLP probabilities come from `npm run train` (outer fold models; the inner ones nested with
 * `--channels`, the script says which), the FER-2013 CNN's logits from `cnn.ts` and face-api's
 * expression network's from `expression.ts` (each for the crop and its mirror). A view "alone" is the
 * argmax of its 5 mood probabilities; a set of views is a stacker fitted per outer fold
 * (`cvStacked`). The Δ columns compare each fusion with the shipped one (mlp + cnn), with a 90%
 * paired bootstrap over people, overall and on the posed faces alone: face-api's expression network
 * may have been trained on faces from the collection the in-the-wild faces come from, the posed
 * ones it has not seen.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argmax } from '../../lib/mood/argmax.ts';
import { expressionMoodProbs } from '../../lib/mood/expression-net.ts';
import { FEATURE_NAMES } from '../../lib/mood/features.ts';
import type { StackerInput } from '../../lib/mood/stacker.ts';
import { MOODS } from '../../lib/mood/types.ts';
import { type CnnCache, cnnCachePath } from './cnn.ts';
import { balancedScores, groupFolds, personBootstrap } from './cv.ts';
import { loadSet, type Sample, sharedDir } from './data.ts';
import { cvFit } from './evaluate.ts';
import { exprCachePath } from './expression.ts';
import type { ModelConfig } from './pipeline.ts';
import {
  cachedNested,
  cnnProbs,
  cvStacked,
  type NestedProbs,
  nestedMlpProbs,
  type ViewProbs,
  type Views,
} from './stack.ts';

const SEED = 20251124;
const FOLDS = 10;
const TW_SHARE = 0.4;

/** The shipped MLP's configuration (`scripts/train.ts` CHOSEN) without the augmented copies. */
const PROXY: ModelConfig = {
  name: 'MLP-16 x5, bs + geometry + shape (no augmented copies)',
  features: FEATURE_NAMES.filter((f) => !f.includes('eyeLook')),
  net: { hidden: 16, l2: 0.01, epochs: 60, lr: 0.005, batch: 64, labelSmoothing: 0, inputNoise: 0.3 },
  members: 5,
  twShare: 0.4,
  clip: 6,
  augment: false,
};

/** Every set of views the table shows, the shipped one first. */
export const VIEW_SETS: readonly (readonly StackerInput[])[] = [
  ['mlp', 'cnn'],
  ['mlp'],
  ['cnn'],
  ['expr'],
  ['mlp', 'expr'],
  ['cnn', 'expr'],
  ['mlp', 'cnn', 'expr'],
];

/** The expression network's 5 mood probabilities per image, for the crop and its mirror. */
export function exprViewProbs(samples: readonly Sample[], cache: CnnCache): ViewProbs {
  const get = (s: Sample, which: 'logits' | 'mirror') => {
    const e = cache.files[s.key];
    return s.frame && e ? expressionMoodProbs(e[which]) : null;
  };
  return { probs: samples.map((s) => get(s, 'logits')), mirror: samples.map((s) => get(s, 'mirror')) };
}

/** Held-out predictions of one set of views: argmax of a single view, a stacker for two or more. */
export function predictSet(
  samples: readonly Sample[],
  folds: readonly number[],
  nested: NestedProbs,
  views: Views,
  set: readonly StackerInput[],
): number[] {
  if (set.length === 1) {
    const v = set[0] as StackerInput;
    const probs = v === 'mlp' ? nested.outer : (views[v]?.probs ?? []);
    return samples.map((s, i) => {
      const p = probs[i];
      return s.frame && p ? argmax(p) : -1;
    });
  }
  return cvStacked(samples, folds, nested, views, set, TW_SHARE, SEED);
}

function main(): void {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: channels.ts <mlp-probs cache> | --proxy');
  const shared = sharedDir(repoRoot);
  const samples = [...loadSet(shared, 'train'), ...loadSet(shared, 'dev')];
  const folds = groupFolds(samples, FOLDS, SEED);
  const nested =
    arg === '--proxy'
      ? cachedNested(repoRoot, JSON.stringify({ config: PROXY, SEED, FOLDS, keys: samples.map((s) => s.key) }), () =>
          nestedMlpProbs(samples, folds, cvFit(samples, folds, PROXY, SEED).models, PROXY, SEED, [], 0),
        )
      : (JSON.parse(readFileSync(arg, 'utf8')) as NestedProbs);
  const isNested = nested.inner.some((row) => row.some((p, i) => p && p[0] !== nested.outer[i]?.[0]));
  if (arg === '--proxy') console.log(`MLP: ${PROXY.name} (a proxy for the shipped MLP).`);
  const cnn = cnnProbs(samples, JSON.parse(readFileSync(cnnCachePath(repoRoot), 'utf8')) as CnnCache);
  const views: Views = {
    cnn: { probs: cnn.cnn, mirror: cnn.cnnMirror },
    expr: exprViewProbs(samples, JSON.parse(readFileSync(exprCachePath(repoRoot), 'utf8')) as CnnCache),
  };
  console.log(
    `${samples.length} images, ${FOLDS}-fold person-disjoint CV; stacker ${isNested ? 'NESTED (inner MLPs never saw the fold)' : 'NOT nested (outer held-out MLP probabilities: slightly optimistic)'}.\n`,
  );
  const tw = samples.map((_, i) => i).filter((i) => samples[i]?.source === 'tw');
  const twSamples = tw.map((i) => samples[i] as Sample);
  const bootAll = personBootstrap(samples, 1000, SEED);
  const bootTw = personBootstrap(twSamples, 1000, SEED);
  const preds = VIEW_SETS.map((set) => predictSet(samples, folds, nested, views, set));
  const base = preds[0] ?? [];
  console.log(
    `${'views'.padEnd(18)} ${'macroF1'.padStart(7)} ${'posed'.padStart(6)} ${'wild'.padStart(6)}   ${MOODS.map((m) => m.slice(0, 5).padStart(6)).join('')}   Δ vs mlp+cnn [90%]      Δ posed [90%]`,
  );
  VIEW_SETS.forEach((set, r) => {
    const pred = preds[r] ?? [];
    const all = balancedScores(samples, pred);
    const f = (x: number) => x.toFixed(3);
    const d = (b: ReturnType<typeof bootAll>) => `${b.mean >= 0 ? '+' : ''}${f(b.mean)} [${f(b.lo)}, ${f(b.hi)}]`;
    const delta =
      r === 0
        ? ''
        : `   ${d(bootAll(base, pred)).padEnd(22)}  ${d(
            bootTw(
              tw.map((i) => base[i] ?? -1),
              tw.map((i) => pred[i] ?? -1),
            ),
          )}`;
    console.log(
      `${set.join(' + ').padEnd(18)} ${f(all.macroF1).padStart(7)} ${f(balancedScores(samples, pred, 'tw').macroF1).padStart(6)} ${f(balancedScores(samples, pred, 'mux').macroF1).padStart(6)}   ${all.perClass.map((x) => f(x).padStart(6)).join('')}${delta}`,
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
