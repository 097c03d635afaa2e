/**
 * Trains MoodDJ's facial-mood classifier and writes `lib/mood/model.json`.
 *
 *   npx tsx scripts/train.ts            person-disjoint CV report (mlp, cnn, fused), then fit on all
 *                                      data and write lib/mood/model.json and lib/mood/stacker.json
 *   npx tsx scripts/train.ts --search   also cross-validate the candidate configurations
 *   npx tsx scripts/train.ts --no-write CV report only
 *   npx tsx scripts/train.ts --channels the channel table's stacker is NESTED-CV'd (3 inner folds;
 *                                      `--inner N` sets N): the honest figure, ~30 min from cold.
 *                                      Without it the table is quick and NOT nested (`--inner 0`):
 *                                      each fold's stacker learns from the outer folds' held-out
 *                                      MLP probabilities, a second-order leak (slightly optimistic).
 *
 * The appearance channel (fused with the MLP, it reads moods better than either alone): the
 * FER-2013 CNN on the face crop (`train/cnn.ts`) and face-api's expression network
 * (`train/expression.ts`), both cached in `.cache/appearance/`, each alone, and every set of views
 * fused by a stacker. The shipped stackers (`train/write-stackers.ts`: one per set of the views in
 * SHIPPED_VIEWS) are fitted on ALL train + dev images (plus each image's mirror crop as a second row),
 * from the MLP probabilities the outer CV folds held out, i.e. from MLPs that never saw the image, as
 * the shipped MLP never saw the user; they are rewritten whenever model.json is.
 *
 * Data: `$MOODDJ_SHARED/faces/{train,dev}/features.json` (default `../shared` next to the repo),
 * plus 4 augmented copies of every face made through the real detector by `train/augment.ts`
 * (cached in `.cache/augment/`; the first run builds the cache in about 7 minutes).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argmax } from '../lib/mood/argmax.ts';
import { FEATURE_NAMES } from '../lib/mood/features.ts';
import { classifyWith, type MoodModel, prepareModel } from '../lib/mood/model.ts';
import type { StackerInput } from '../lib/mood/stacker.ts';
import { MOODS } from '../lib/mood/types.ts';
import { ensureAugmented } from './train/augment.ts';
import { exprViewProbs, predictSet, VIEW_SETS } from './train/channels.ts';
import { ensureCnnCache } from './train/cnn.ts';
import { balancedScores, groupFolds } from './train/cv.ts';
import { augmentedSamples, loadSet, type Sample, sharedDir } from './train/data.ts';
import { cvFit, cvPredict, cvRawBlendshapes } from './train/evaluate.ts';
import { ensureExprCache } from './train/expression.ts';
import type { NetConfig } from './train/mlp.ts';
import { fitModel, type ModelConfig } from './train/pipeline.ts';
import { cachedNested, cnnProbs, cvChannels, nestedMlpProbs, type Views } from './train/stack.ts';
import { type SetScores, writeStackers } from './train/write-stackers.ts';

const SEED = 20251124;
const FOLDS = 10;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

/** Gaze says where someone looks, not how they feel; it only adds noise. */
const NO_GAZE = FEATURE_NAMES.filter((f) => !f.includes('eyeLook'));
const BASE_NET: NetConfig = {
  hidden: 0,
  l2: 1e-4,
  epochs: 60,
  lr: 0.01,
  batch: 64,
  labelSmoothing: 0,
  inputNoise: 0,
};

/** The reference: plain softmax regression on the 52 raw blendshapes, unweighted. */
const PLAIN: ModelConfig = {
  name: 'plain softmax, 52 raw blendshapes',
  features: [],
  net: BASE_NET,
  members: 1,
  twShare: null,
  clip: 6,
  augment: false,
};

/**
 * The views the extension fuses, chosen by the nested CV of every set (README): `stacker.json` holds a
 * stacker for this set and for each smaller one with the MLP, and the build ships their models.
 */
const SHIPPED_VIEWS: readonly StackerInput[] = ['mlp', 'cnn'];

/** The shipped configuration, chosen by the CV search below (`--search`). */
const CHOSEN: ModelConfig = {
  name: 'MLP-16 x5, bs + geometry + shape, augmented',
  features: NO_GAZE,
  net: { ...BASE_NET, hidden: 16, l2: 0.01, lr: 0.005, inputNoise: 0.3 },
  members: 5,
  twShare: 0.4,
  clip: 6,
  augment: true,
  augmentWeight: 1,
};

/** The same model trained on the original images only. */
const NO_AUG: ModelConfig = { ...CHOSEN, name: 'MLP-16 x5, bs + geometry + shape', augment: false };

/** Candidates cross-validated with `--search` (the numbers behind the choice of CHOSEN). */
const CANDIDATES: ModelConfig[] = [
  NO_AUG,
  { ...CHOSEN, name: 'MLP-16 x5, augmented copies at weight 0.5', augmentWeight: 0.5 },
  { ...CHOSEN, name: 'MLP-16 x5, augmented, 40 ep, noise 0.15', net: { ...CHOSEN.net, epochs: 40, inputNoise: 0.15 } },
  { ...CHOSEN, name: 'MLP-32 x5, augmented', net: { ...CHOSEN.net, hidden: 32 } },
  {
    ...NO_AUG,
    name: 'softmax, symmetric blendshapes',
    features: FEATURE_NAMES.filter((f) => f.startsWith('bs_')),
    net: { ...BASE_NET, l2: 1e-3 },
    members: 1,
  },
  {
    ...NO_AUG,
    name: 'softmax, blendshapes + geometry',
    features: NO_GAZE.filter((f) => !f.startsWith('s_')),
    net: { ...BASE_NET, l2: 1e-3 },
    members: 1,
  },
  { ...NO_AUG, name: 'softmax, + shape', net: { ...BASE_NET, l2: 0.01 }, members: 1 },
  { ...NO_AUG, name: 'softmax, + shape, input noise', net: { ...BASE_NET, l2: 0.01, inputNoise: 0.3 }, members: 1 },
  { ...NO_AUG, name: 'MLP-16 x1', members: 1 },
  { ...NO_AUG, name: 'MLP-8 x1', net: { ...NO_AUG.net, hidden: 8 }, members: 1 },
  { ...NO_AUG, name: 'MLP-16 x5, tw share 0.5', twShare: 0.5 },
  {
    ...NO_AUG,
    name: 'MLP-32 x5, l2 0.03, noise 0.5, 40 ep',
    net: { ...NO_AUG.net, hidden: 32, l2: 0.03, inputNoise: 0.5, epochs: 40 },
  },
];

/** How far a personal baseline moves a face toward the population's neutral: half way, at most 2 sd per feature. */
const CALIBRATION = { strength: 0.5, maxShift: 2 };

/** Calibration settings tried on the posed performers (the only people with neutral images). */
const STRENGTHS = [0, 0.25, 0.5, 0.75, 1];
const MAX_SHIFTS = [0.5, 1, 2];

async function main(): Promise<void> {
  const shared = sharedDir(repoRoot);
  const samples = [...loadSet(shared, 'train'), ...loadSet(shared, 'dev')];
  const augmented = augmentedSamples(samples, (await ensureAugmented(repoRoot)).files);
  const folds = groupFolds(samples, FOLDS, SEED);
  const nMissing = samples.filter((s) => !s.frame).length;
  console.log(
    `${samples.length} images (${count(samples, 'mux')} mux, ${count(samples, 'tw')} tw), ` +
      `${new Set(samples.map((s) => s.person)).size} people, ${nMissing} without a face (counted wrong), ` +
      `${FOLDS}-fold person-disjoint CV; ${augmented.length} augmented copies (training folds only).\nScores weight every (source, class) cell equally, like the balanced hold-out.\n`,
  );
  header();
  const started = Date.now();
  const plain = row(PLAIN.name, samples, cvRawBlendshapes(samples, folds, PLAIN, SEED));

  if (args.has('--search')) {
    for (const cfg of CANDIDATES) {
      row(cfg.name, samples, cvPredict(samples, cvFit(samples, folds, cfg, SEED, augmented)));
    }
  }
  const run = cvFit(samples, folds, CHOSEN, SEED, augmented);
  const chosenPred = cvPredict(samples, run);
  const chosen = row(`${CHOSEN.name} (shipped)`, samples, chosenPred);
  const fusion = await channels(samples, folds, run.models, augmented);

  // Personal baseline: each tw image is classified with its performer's *other* neutral
  // images as the calibration; only settings that do not lower tw macro-F1 are eligible.
  console.log("\nPersonal-baseline calibration, tw images (performer's other neutral images as baseline):");
  const twNone = balancedScores(samples, chosenPred, 'tw').macroF1;
  const tried = [{ strength: 0, maxShift: 0, f1: twNone }];
  for (const maxShift of MAX_SHIFTS) {
    const line: string[] = [];
    for (const strength of STRENGTHS.filter((s) => s > 0)) {
      const f1 = balancedScores(samples, cvPredict(samples, run, { strength, maxShift }), 'tw').macroF1;
      line.push(`strength ${strength}: ${f1.toFixed(3)}`);
      tried.push({ strength, maxShift, f1 });
    }
    console.log(`  maxShift ${maxShift}: ${line.join('  ')}`);
  }
  // Fixed, not the grid's best: posed performers' neutral images are near-copies of each other,
  // so this CV rewards ever stronger shifts. The unit tests show the other side: from strength
  // 0.75 a baseline that does not match the face (other lighting, another person) turns real
  // happy faces angry, and a cap below 1 leaves a resting face far from the average still sad.
  const best = tried.find((t) => t.strength === CALIBRATION.strength && t.maxShift === CALIBRATION.maxShift);
  if (!best) throw new Error('CALIBRATION must be one of the settings tried.');
  console.log(
    `  no baseline: ${twNone.toFixed(3)} → shipped strength ${best.strength}, maxShift ${best.maxShift}: ${best.f1.toFixed(3)}`,
  );
  const calibrated = cvPredict(samples, run, best);
  header();
  row('shipped, tw with personal baseline', samples, calibrated);
  console.log(`\nCV took ${((Date.now() - started) / 1000).toFixed(0)} s.`);

  if (args.has('--no-write')) return;
  const model = fitModel(
    CHOSEN.augment ? [...samples, ...augmented] : samples,
    CHOSEN,
    SEED,
    { strength: best.strength, maxShift: best.maxShift },
    {
      created: new Date().toISOString().slice(0, 10),
      config: CHOSEN.name,
      net: CHOSEN.net,
      twShare: CHOSEN.twShare,
      trainedOn: `${samples.filter((s) => s.frame).length} faces (shared faces train + dev)${CHOSEN.augment ? ` + ${augmented.length} augmented copies` : ''}`,
      cv: {
        folds: FOLDS,
        macroF1: round(chosen.all, 3),
        macroF1Mux: round(chosen.mux, 3),
        macroF1Tw: round(chosen.tw, 3),
        macroF1TwWithBaseline: round(best.f1, 3),
        plainSoftmaxMacroF1: round(plain.all, 3),
      },
    },
  );
  const compact = roundModel(model);
  const path = join(repoRoot, 'lib', 'mood', 'model.json');
  const text = `${JSON.stringify(compact)}\n`;
  writeFileSync(path, text);
  // Check what was written through the app's own code path.
  const prepared = prepareModel(compact);
  const agree = samples
    .filter((s) => s.frame)
    .map((s) => {
      const p = classifyWith(prepared, s.frame as NonNullable<Sample['frame']>);
      return argmax(MOODS.map((m) => p[m])) === s.y;
    });
  console.log(
    `Wrote ${path} (${(text.length / 1024).toFixed(0)} KB); training-set accuracy ${(
      agree.filter(Boolean).length / agree.length
    ).toFixed(3)} (not a score: it has seen these faces).`,
  );
  writeStackers({
    repoRoot,
    samples,
    nested: fusion.nested,
    views: fusion.views,
    shipped: SHIPPED_VIEWS,
    scores: fusion.sets,
    folds: FOLDS,
    stackerCv:
      INNER_FOLDS >= 2 ? `nested, ${INNER_FOLDS} inner folds` : 'not nested (outer held-out MLP probabilities)',
    augmented: augmented.length,
    twShare: CHOSEN.twShare ?? 0.5,
    seed: SEED,
  });
}

/** Inner person-disjoint folds for the stacker's out-of-fold MLP probabilities (`--inner N`; 0 = not nested). */
const INNER_AT = process.argv.indexOf('--inner');
const INNER_FOLDS = INNER_AT >= 0 ? Number(process.argv[INNER_AT + 1]) || 0 : args.has('--channels') ? 3 : 0;

/** The appearance channel alone, and fused with the MLP (fixed average, nested-CV stacker). */
async function channels(samples: Sample[], folds: number[], models: MoodModel[], augmented: Sample[]) {
  const probs = cnnProbs(samples, await ensureCnnCache(repoRoot, samples));
  const t0 = Date.now();
  const run = JSON.stringify({ config: CHOSEN, SEED, FOLDS, INNER_FOLDS, keys: samples.map((s) => s.key) });
  const nested = cachedNested(repoRoot, run, () =>
    nestedMlpProbs(samples, folds, models, CHOSEN, SEED, augmented, INNER_FOLDS, (m) =>
      process.stderr.write(`\rinner MLPs: ${m}`),
    ),
  );
  process.stderr.write(`\rinner MLPs: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  const p = cvChannels(samples, folds, nested, probs, CHOSEN.twShare ?? 0.5, SEED);
  console.log(
    `\nChannels (same folds; stacker: ${INNER_FOLDS >= 2 ? `nested CV, ${INNER_FOLDS} inner folds` : 'NOT nested, outer out-of-fold MLP probabilities'}, mirror crops as extra rows):`,
  );
  header();
  const mlp = row('mlp alone (blendshapes + geometry)', samples, p.mlp);
  const cnn = row('cnn alone (FER-2013 mini-Xception, 5 of 7)', samples, p.cnn);
  row('fixed average of mlp and cnn', samples, p.average);
  const fused = row('stacker (logistic regression on both)', samples, p.stacked);
  console.log(
    `stacker − mlp: ${(fused.all - mlp.all).toFixed(3)} macro-F1 (mux ${(fused.mux - mlp.mux).toFixed(3)}, tw ${(fused.tw - mlp.tw).toFixed(3)})\n`,
  );
  // Every set of views (README's table), each fused by its own stacker; the shipped set's become stacker.json.
  const views: Views = {
    cnn: { probs: probs.cnn, mirror: probs.cnnMirror },
    expr: exprViewProbs(samples, await ensureExprCache(repoRoot, samples)),
  };
  const sets: Record<string, SetScores> = { mlp, cnn, 'mlp+cnn': fused };
  for (const set of VIEW_SETS.filter((v) => !(v.join('+') in sets))) {
    const name = set.length > 1 ? `${set.join(' + ')} (stacker)` : `${set[0]} alone (face-api expression net)`;
    sets[set.join('+')] = row(name, samples, predictSet(samples, folds, nested, views, set));
  }
  return { nested, views, sets };
}

function count(samples: readonly Sample[], source: string): number {
  return samples.filter((s) => s.source === source).length;
}

function header(): void {
  console.log(
    `${'model'.padEnd(46)} ${'macroF1'.padStart(7)} ${'mux'.padStart(6)} ${'tw'.padStart(6)}   ${MOODS.map((m) => m.slice(0, 5).padStart(6)).join('')}`,
  );
}

function row(name: string, samples: readonly Sample[], pred: readonly number[]) {
  const all = balancedScores(samples, pred);
  const mux = balancedScores(samples, pred, 'mux');
  const tw = balancedScores(samples, pred, 'tw');
  const cls = all.perClass.map((f) => f.toFixed(3).padStart(6)).join('');
  console.log(
    `${name.padEnd(46)} ${all.macroF1.toFixed(3).padStart(7)} ${mux.macroF1.toFixed(3).padStart(6)} ${tw.macroF1.toFixed(3).padStart(6)}   ${cls}`,
  );
  const perClass = (s: typeof all) => s.perClass.map((f) => f.toFixed(2)).join(' ');
  console.log(`${''.padEnd(46)}   per class  mux [${perClass(mux)}]  tw [${perClass(tw)}]`);
  return { all: all.macroF1, mux: mux.macroF1, tw: tw.macroF1 };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/** 4 significant digits keeps model.json small; predictions change far less than CV noise. */
function roundModel(model: MoodModel): MoodModel {
  const sig = (x: number) => Number(x.toPrecision(4));
  return {
    ...model,
    mean: model.mean.map(sig),
    std: model.std.map(sig),
    members: model.members.map((layers) =>
      layers.map((l) => ({ ...l, w: l.w.map((r) => r.map(sig)), b: l.b.map(sig) })),
    ),
    calibration: { ...model.calibration, neutralMean: model.calibration.neutralMean.map(sig) },
  };
}

await main();
