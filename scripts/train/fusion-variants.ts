/**
 * Nested person-disjoint CV of cheap fusion variants (could one beat the shipped stacker?): test-time mirror
 * augmentation of the CNN (average the crop's and its mirror's probabilities at test time only,
 * or train and test on the averaged probabilities / logits), the CNN's two dropped FER classes
 * (disgust, fear) kept as stacker inputs (log-softmax over all 7), and the stacker's L2 strength
 * chosen per outer fold by a 3-fold inner CV. It reads the caches `npm run train -- --channels`
 * writes (the CNN logits of every crop and its mirror, and the nested MLP probabilities), so the
 * whole table (20 rows) takes about two minutes. The first row is the shipped stacker; the Δ column is
 * each variant's overall macro-F1 minus the first row's, with a 90% paired bootstrap over people.
 *
 * Mirror TTA of the MLP side (`+mlp-mirror` rows: average the MLP's probabilities for a face and
 * for `mirrorFrame` of it) needs no MLP retraining: the script first checks that every face's
 * feature vector equals its mirror's (features.ts symmetrises everything), so any MLP, inner or
 * outer, gives the mirrored face the same probabilities and those rows reuse the cached ones.
 *
 *   npx tsx scripts/train/fusion-variants.ts .cache/appearance/mlp-probs-<hash>.json [name filter]
 *
 * Aligned-crop rows (`aligned-s<scale>`: the crop turned so the eye line is horizontal,
 * `aligned-crop.ts`): the CNN alone (Δ vs the CNN alone on the shipped crop) and the shipped
 * stacker fed that crop's CNN logits (Δ vs the first row). Filter with `aligned`.
 *
 * The file to pass is the one whose inner probabilities are nested (the script says so).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FER_INDEX } from '../../lib/mood/appearance.ts';
import { argmax } from '../../lib/mood/argmax.ts';
import { extractFeatures, mirrorFrame } from '../../lib/mood/features.ts';
import { forward, type MoodModel, softmax } from '../../lib/mood/model.ts';
import { alignedVariant, type CnnCache, cnnCachePath } from './cnn.ts';
import { balancedScores, groupFolds, personBootstrap } from './cv.ts';
import { loadSet, type Sample, sharedDir } from './data.ts';
import { fitRows, type ModelConfig, standardiseRow } from './pipeline.ts';
import { STACKER_NET } from './stack.ts';

const SEED = 20251124;
const FOLDS = 10;
const TW_SHARE = 0.4;
const FLOOR = 1e-4;
const L2_GRID = [1e-4, 1e-3, 1e-2, 3e-2, 0.1];
/** The aligned-crop experiment's scales (`cnn.ts --aligned 1.0 1.1 1.2` writes their caches). */
const ALIGNED_SCALES = [1.0, 1.1, 1.2];

type CnnInput = 'p5' | 'ls7';
type Tta = 'none' | 'test-probs' | 'probs' | 'logits';
interface Variant {
  name: string;
  cnn: CnnInput;
  tta: Tta;
  l2: number | 'inner';
  /** Average the MLP's probabilities for the face and its mirrored frame (test and training rows). */
  mlpMirror?: boolean;
  /** A crop variant's CNN cache (`cnn.ts --aligned`), instead of the shipped crop's. */
  crop?: string;
  /** The CNN alone (argmax of its 5 mood probabilities), no stacker. */
  alone?: boolean;
  /** The row the Δ column compares with (default: the first row). */
  vs?: string;
}

/** Largest |feature(face) − feature(mirrored face)| over the detected samples (0 up to rounding). */
function mirrorGap(samples: readonly Sample[]): number {
  let gap = 0;
  for (const s of samples) {
    if (!s.frame || !s.features) continue;
    const m = extractFeatures(mirrorFrame(s.frame));
    s.features.forEach((v, j) => {
      const w = m[j] ?? Number.NaN;
      const d = Number.isNaN(v) && Number.isNaN(w) ? 0 : Math.abs(v - w);
      gap = Math.max(gap, Number.isNaN(d) ? Number.POSITIVE_INFINITY : d);
    });
  }
  return gap;
}

const logs = (p: readonly number[]) => p.map((v) => Math.log(Math.max(FLOOR, v)));
const avg = (a: readonly number[], b: readonly number[]) => a.map((v, j) => (v + (b[j] ?? 0)) / 2);

/** The CNN's probability vector the stacker sees for one set of 7 logits. */
function cnnProbs(logits: readonly number[], kind: CnnInput): number[] {
  return kind === 'p5' ? softmax(FER_INDEX.map((i) => logits[i] ?? 0)) : softmax(logits);
}

/** Training rows' CNN vectors for image i, and the one used at test time. */
function cnnVectors(e: { logits: number[]; mirror: number[] }, v: Variant): { train: number[][]; test: number[] } {
  const a = cnnProbs(e.logits, v.cnn);
  const b = cnnProbs(e.mirror, v.cnn);
  if (v.tta === 'none') return { train: [a, b], test: a };
  if (v.tta === 'test-probs') return { train: [a, b], test: avg(a, b) };
  const t = v.tta === 'probs' ? avg(a, b) : cnnProbs(avg(e.logits, e.mirror), v.cnn);
  return { train: [t], test: t };
}

interface Fitted {
  mean: number[];
  std: number[];
  model: MoodModel;
}

function fitVariant(
  samples: readonly Sample[],
  idx: readonly number[],
  mlp: readonly (number[] | null)[],
  cnn: readonly ({ train: number[][]; test: number[] } | null)[],
  l2: number,
  seed: number,
): Fitted {
  const rows: number[][] = [];
  const used: Sample[] = [];
  for (const i of idx) {
    const m = mlp[i];
    const c = cnn[i];
    if (!m || !c) continue;
    for (const t of c.train) {
      rows.push([...logs(m), ...logs(t)]);
      used.push(samples[i] as Sample);
    }
  }
  const cfg: ModelConfig = {
    name: 'stacker',
    features: [],
    net: { ...STACKER_NET, l2 },
    members: 1,
    twShare: TW_SHARE,
    clip: 6,
    augment: false,
  };
  const f = fitRows(rows, used, cfg, seed);
  return { mean: f.mean, std: f.std, model: { members: f.members } as unknown as MoodModel };
}

function predict(f: Fitted, m: readonly number[], c: readonly number[]): number {
  return argmax(forward(f.model, Array.from(standardiseRow([...logs(m), ...logs(c)], f.mean, f.std, 6))));
}

/** Macro-F1 (source-balanced) of a stacker CV over `idx` with the given inner folds. */
function innerScore(
  samples: readonly Sample[],
  idx: readonly number[],
  innerFolds: readonly number[],
  mlp: readonly (number[] | null)[],
  cnn: readonly ({ train: number[][]; test: number[] } | null)[],
  l2: number,
  seed: number,
): number {
  const k = Math.max(...innerFolds) + 1;
  const pred = new Array<number>(samples.length).fill(-1);
  for (let g = 0; g < k; g++) {
    const f = fitVariant(
      samples,
      idx.filter((_, j) => innerFolds[j] !== g),
      mlp,
      cnn,
      l2,
      seed + g,
    );
    idx.forEach((i, j) => {
      const m = mlp[i];
      const c = cnn[i];
      if (innerFolds[j] === g && m && c) pred[i] = predict(f, m, c.test);
    });
  }
  const sub = idx.map((i) => samples[i] as Sample);
  return balancedScores(
    sub,
    idx.map((i) => pred[i] ?? -1),
  ).macroF1;
}

function main(): void {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const nestedPath = process.argv[2];
  if (!nestedPath) throw new Error('usage: fusion-variants.ts <mlp-probs cache>');
  const nested = JSON.parse(readFileSync(nestedPath, 'utf8')) as {
    outer: (number[] | null)[];
    inner: (number[] | null)[][];
  };
  const shared = sharedDir(repoRoot);
  const samples = [...loadSet(shared, 'train'), ...loadSet(shared, 'dev')];
  const folds = groupFolds(samples, FOLDS, SEED);
  const caches = new Map<string, CnnCache>();
  const cacheOf = (crop?: string): CnnCache => {
    const key = crop ?? '';
    const hit = caches.get(key);
    if (hit) return hit;
    const path = cnnCachePath(repoRoot, crop);
    if (!existsSync(path)) throw new Error(`${path} is missing: npx tsx scripts/train/cnn.ts --aligned <scale>`);
    const c = JSON.parse(readFileSync(path, 'utf8')) as CnnCache;
    caches.set(key, c);
    return c;
  };
  const nestedInner = nested.inner.some((row) => row.some((p, i) => p && p[0] !== nested.outer[i]?.[0]));
  console.log(`nested MLP probabilities: ${nestedInner ? 'yes' : 'NO (not nested)'}`);
  const gap = mirrorGap(samples);
  const mirrorInvariant = gap < 1e-9;
  console.log(
    `MLP mirror TTA: max |feature(face) − feature(mirrored face)| = ${gap.toExponential(1)} over ${samples.filter((s) => s.frame).length} faces: ` +
      (mirrorInvariant
        ? "every MLP sees the same input twice, so its mirrored probabilities are the cached ones ('+mlp-mirror' rows)"
        : "NOT mirror-invariant: the '+mlp-mirror' rows need the mirrored faces' nested MLP probabilities and are skipped"),
  );

  const variants: Variant[] = [];
  for (const cnn of ['p5', 'ls7'] as const)
    for (const tta of ['none', 'test-probs', 'probs', 'logits'] as const)
      for (const l2 of [STACKER_NET.l2, 'inner'] as const) {
        variants.push({ name: `${cnn} tta=${tta} l2=${l2}`, cnn, tta, l2 });
      }
  for (const tta of ['none', 'test-probs', 'probs', 'logits'] as const)
    variants.push({
      name: `p5 tta=${tta} +mlp-mirror l2=${STACKER_NET.l2}`,
      cnn: 'p5',
      tta,
      l2: STACKER_NET.l2,
      mlpMirror: true,
    });
  // The aligned-crop experiment: the CNN alone and the shipped stacker, per crop.
  const SHIPPED = `p5 tta=none l2=${STACKER_NET.l2}`;
  const crops = ALIGNED_SCALES.map((x) => alignedVariant(x).id);
  variants.push({ name: 'cnn alone, shipped crop', cnn: 'p5', tta: 'none', l2: 0, alone: true });
  for (const crop of crops) {
    variants.push({
      name: `cnn alone, ${crop}`,
      cnn: 'p5',
      tta: 'none',
      l2: 0,
      alone: true,
      crop,
      vs: 'cnn alone, shipped crop',
    });
    variants.push({ name: `${SHIPPED} ${crop}`, cnn: 'p5', tta: 'none', l2: STACKER_NET.l2, crop });
  }
  const only = process.argv[3];
  const boot = personBootstrap(samples, 500, SEED);
  let baseline: number[] | null = null;
  const preds = new Map<string, number[]>();
  console.log(
    `${'variant'.padEnd(40)} ${'all'.padStart(6)} ${'mux'.padStart(6)} ${'tw'.padStart(6)}   Δall vs first [90% person bootstrap]   l2 chosen`,
  );
  // The first row is always run: it is the baseline of the Δ column.
  const picked = variants.filter(
    (x, i) =>
      i === 0 || !only || x.name.includes(only) || variants.some((y) => y.vs === x.name && y.name.includes(only)),
  );
  for (const v of picked) {
    if (v.mlpMirror && !mirrorInvariant) continue;
    const cache = cacheOf(v.crop);
    const cnn = samples.map((s) => {
      const e = cache.files[s.key];
      return s.frame && e ? cnnVectors(e, v) : null;
    });
    const pred = new Array<number>(samples.length).fill(-1);
    if (v.alone) {
      cnn.forEach((c, i) => {
        if (c) pred[i] = argmax(c.test);
      });
    }
    const chosen: number[] = [];
    for (let f = 0; f < (v.alone ? 0 : FOLDS); f++) {
      const idx = samples.map((_, i) => i).filter((i) => folds[i] !== f);
      // `+mlp-mirror`: the mirrored face's MLP probabilities are these same vectors (checked
      // above: identical inputs), so the average of the two is too.
      const inner = nested.inner[f] ?? [];
      let l2 = typeof v.l2 === 'number' ? v.l2 : 0;
      if (v.l2 === 'inner') {
        const sub = idx.map((i) => samples[i] as Sample);
        const innerFolds = groupFolds(sub, 3, SEED + 100 + f);
        let best = -1;
        for (const c of L2_GRID) {
          const score = innerScore(samples, idx, innerFolds, inner, cnn, c, SEED + 7 * f);
          if (score > best) {
            best = score;
            l2 = c;
          }
        }
      }
      chosen.push(l2);
      const st = fitVariant(samples, idx, inner, cnn, l2, SEED + f);
      samples.forEach((_, i) => {
        const m = nested.outer[i];
        const c = cnn[i];
        if (folds[i] === f && m) pred[i] = c ? predict(st, m, c.test) : argmax(m);
      });
    }
    const s = (src?: 'mux' | 'tw') => balancedScores(samples, pred, src).macroF1.toFixed(3).padStart(6);
    baseline ??= pred;
    preds.set(v.name, pred);
    const d = boot((v.vs && preds.get(v.vs)) || baseline, pred);
    const delta = `${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(3)} [${d.lo.toFixed(3)}, ${d.hi.toFixed(3)}]`;
    console.log(
      `${v.name.padEnd(40)} ${s()} ${s('mux')} ${s('tw')}   ${delta.padEnd(34)}   ${v.l2 === 'inner' ? chosen.join(' ') : ''}`,
    );
  }
}

main();
