/**
 * Person-disjoint CV of the two channels and their fusion (does the face crop add to the
 * blendshapes?): the blendshape/geometry MLP alone, the appearance CNN alone, a fixed average, and
 * a learned stacker. The stacker of outer fold f is trained only on images outside f, and the MLP
 * probabilities it learns from come from inner MLPs that did not see those images (nested CV), so
 * it never learns from predictions on its own training faces. The CNN is fixed (trained on
 * FER-2013), so its probabilities need no nesting; the mirror crop gives each image a second
 * stacker row.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ferMoodProbs } from '../../lib/mood/appearance.ts';
import { argmax } from '../../lib/mood/argmax.ts';
import { classifyWith, type MoodModel, prepareModel } from '../../lib/mood/model.ts';
import { checkStacker, fuse, type Stacker, type StackerInput, stackerRow } from '../../lib/mood/stacker.ts';
import { MOODS } from '../../lib/mood/types.ts';
import type { CnnCache } from './cnn.ts';
import { groupFolds } from './cv.ts';
import type { Sample } from './data.ts';
import { cvTrainSets } from './evaluate.ts';
import type { NetConfig } from './mlp.ts';
import { fitModel, fitRows, type ModelConfig } from './pipeline.ts';

/** Multinomial logistic regression on the 10 log-probabilities. */
export const STACKER_NET: NetConfig = {
  hidden: 0,
  l2: 1e-3,
  epochs: 80,
  lr: 0.01,
  batch: 64,
  labelSmoothing: 0,
  inputNoise: 0,
};

/** Per-image probabilities of each channel; null without a face. */
export interface ChannelProbs {
  readonly mlp: (number[] | null)[];
  readonly cnn: (number[] | null)[];
  readonly cnnMirror: (number[] | null)[];
}

export function cnnProbs(samples: readonly Sample[], cache: CnnCache): Pick<ChannelProbs, 'cnn' | 'cnnMirror'> {
  const get = (s: Sample, which: 'logits' | 'mirror') => {
    const e = cache.files[s.key];
    return s.frame && e ? ferMoodProbs(e[which]) : null;
  };
  return { cnn: samples.map((s) => get(s, 'logits')), cnnMirror: samples.map((s) => get(s, 'mirror')) };
}

function probsOf(model: MoodModel, s: Sample): number[] | null {
  if (!s.frame) return null;
  const p = classifyWith(prepareModel(model), s.frame);
  return MOODS.map((m) => p[m]);
}

/**
 * MLP probabilities: `outer[i]` from the outer model of i's fold (the "mlp alone" row), and
 * `inner[f][i]` for every i outside fold f, from an inner model trained without f and without
 * i's inner fold (`innerK` person-disjoint folds over the outer training images). With
 * `innerK < 2`, `inner[f]` is just `outer` (quick, not nested).
 */
export function nestedMlpProbs(
  samples: readonly Sample[],
  folds: readonly number[],
  /** The outer fold models (`cvFit(samples, folds, cfg, seed, augmented).models`). */
  outerModels: readonly MoodModel[],
  cfg: ModelConfig,
  seed: number,
  augmented: readonly Sample[],
  innerK: number,
  progress: (msg: string) => void = () => {},
): { outer: (number[] | null)[]; inner: (number[] | null)[][] } {
  const k = Math.max(...folds) + 1;
  const outer = new Array<number[] | null>(samples.length).fill(null);
  const inner: (number[] | null)[][] = [];
  for (let f = 0; f < k; f++) {
    const model = outerModels[f];
    if (!model) throw new Error(`no outer model for fold ${f}`);
    samples.forEach((s, i) => {
      if (folds[i] === f) outer[i] = probsOf(model, s);
    });
    if (innerK < 2) continue;
    const idx = samples.map((_, i) => i).filter((i) => folds[i] !== f);
    const sub = idx.map((i) => samples[i] as Sample);
    const subFolds = groupFolds(sub, innerK, seed + 100 + f);
    const subAug = augmented.filter((a) => sub.some((s) => s.person === a.person));
    const innerTrain = cvTrainSets(sub, subFolds, cfg.augment ? subAug : []);
    const row = new Array<number[] | null>(samples.length).fill(null);
    for (let g = 0; g < innerK; g++) {
      const m = fitModel(innerTrain[g] ?? [], cfg, seed + 1000 + 10 * f + g, { strength: 0, maxShift: 0 });
      sub.forEach((s, j) => {
        if (subFolds[j] === g) row[idx[j] as number] = probsOf(m, s);
      });
    }
    inner.push(row);
    progress(`fold ${f + 1}/${k}`);
  }
  // innerK < 2: the quick, not nested variant. Each stacker learns from the outer models'
  // held-out probabilities; those models saw the stacker's test fold, a second-order leak.
  if (innerK < 2) return { outer, inner: Array.from({ length: k }, () => outer) };
  return { outer, inner };
}

export type NestedProbs = { outer: (number[] | null)[]; inner: (number[] | null)[][] };

/**
 * `compute()` once per (description of the run), cached as numbers under `.cache/appearance/`:
 * the nested MLPs take about half an hour on a busy 2-core machine, the stacker seconds.
 */
export function cachedNested(repoRoot: string, description: string, compute: () => NestedProbs): NestedProbs {
  const hash = createHash('sha256').update(description).digest('hex').slice(0, 12);
  const path = join(repoRoot, '.cache', 'appearance', `mlp-probs-${hash}.json`);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as NestedProbs;
  const nested = compute();
  mkdirSync(join(repoRoot, '.cache', 'appearance'), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify(nested, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v)),
  );
  return nested;
}

/**
 * One view's probabilities per image: of the crop and of its mirror crop (null without a face). The
 * MLP's mirror is itself: its features are left/right symmetric.
 */
export interface ViewProbs {
  readonly probs: readonly (number[] | null)[];
  readonly mirror: readonly (number[] | null)[];
}

export type Views = Partial<Record<StackerInput, ViewProbs>>;

/** Fits a stacker on the given images (one row per channel reading, the mirror crop included). */
export function fitStacker(
  samples: readonly Sample[],
  idx: readonly number[],
  mlp: readonly (number[] | null)[],
  probs: Pick<ChannelProbs, 'cnn' | 'cnnMirror'>,
  twShare: number,
  seed: number,
  meta: Record<string, unknown> = {},
): Stacker {
  const views: Views = { mlp: { probs: mlp, mirror: mlp }, cnn: { probs: probs.cnn, mirror: probs.cnnMirror } };
  return fitStackerOn(samples, idx, views, ['mlp', 'cnn'], twShare, seed, meta);
}

/** Fits a stacker of `inputs` on the given images: a row for the crops, one for their mirrors. */
export function fitStackerOn(
  samples: readonly Sample[],
  idx: readonly number[],
  views: Views,
  inputs: readonly StackerInput[],
  twShare: number,
  seed: number,
  meta: Record<string, unknown> = {},
): Stacker {
  const rows: number[][] = [];
  const used: Sample[] = [];
  const of = (v: StackerInput) => {
    const view = views[v];
    if (!view) throw new Error(`no probabilities for the ${v} view`);
    return view;
  };
  for (const i of idx) {
    for (const side of ['probs', 'mirror'] as const) {
      const row = inputs.map((v) => of(v)[side][i]);
      if (row.some((p) => !p)) continue;
      rows.push(stackerRow(...(row as number[][])));
      used.push(samples[i] as Sample);
    }
  }
  const cfg: ModelConfig = {
    name: 'stacker',
    features: [],
    net: STACKER_NET,
    members: 1,
    twShare,
    clip: 6,
    augment: false,
  };
  const fitted = fitRows(rows, used, cfg, seed);
  const layer = fitted.members[0]?.[0];
  if (!layer) throw new Error('stacker fit failed');
  return checkStacker({
    version: 1,
    moods: [...MOODS],
    inputs: [...inputs],
    mean: fitted.mean,
    std: fitted.std,
    clip: cfg.clip,
    layer,
    meta,
  });
}

/**
 * Held-out predictions (class index, -1 without a face) of a stacker of `inputs`: fold f's stacker
 * learns from the images outside f, with the MLP probabilities of `nested.inner[f]` (inner MLPs that
 * never saw them), and reads fold f's images with the outer fold models' probabilities.
 */
export function cvStacked(
  samples: readonly Sample[],
  folds: readonly number[],
  nested: NestedProbs,
  views: Views,
  inputs: readonly StackerInput[],
  twShare: number,
  seed: number,
): number[] {
  const k = Math.max(...folds) + 1;
  const stacked = new Array<number>(samples.length).fill(-1);
  for (let f = 0; f < k; f++) {
    const inner = nested.inner[f] ?? [];
    const train = { ...views, mlp: { probs: inner, mirror: inner } };
    const trainIdx = samples.map((_, i) => i).filter((i) => folds[i] !== f);
    const stacker = fitStackerOn(samples, trainIdx, train, inputs, twShare, seed + f);
    samples.forEach((s, i) => {
      if (folds[i] !== f || !s.frame) return;
      const read = inputs.map((v) => (v === 'mlp' ? nested.outer[i] : views[v]?.probs[i]) ?? null);
      const [first, ...rest] = read;
      if (first && rest.every((p) => p)) stacked[i] = argmax(fuse(stacker, first, ...rest));
    });
  }
  return stacked;
}

export interface ChannelPredictions {
  readonly mlp: number[];
  readonly cnn: number[];
  readonly average: number[];
  readonly stacked: number[];
}

/** Held-out predictions (class index, -1 without a face) of every channel and fusion. */
export function cvChannels(
  samples: readonly Sample[],
  folds: readonly number[],
  nested: { outer: (number[] | null)[]; inner: (number[] | null)[][] },
  probs: Pick<ChannelProbs, 'cnn' | 'cnnMirror'>,
  twShare: number,
  seed: number,
): ChannelPredictions {
  const k = Math.max(...folds) + 1;
  const pred = (p: number[] | null | undefined) => (p ? argmax(p) : -1);
  const stacked = new Array<number>(samples.length).fill(-1);
  for (let f = 0; f < k; f++) {
    const trainIdx = samples.map((_, i) => i).filter((i) => folds[i] !== f);
    const stacker = fitStacker(samples, trainIdx, nested.inner[f] ?? [], probs, twShare, seed + f);
    samples.forEach((_, i) => {
      const m = nested.outer[i];
      if (folds[i] === f && m) stacked[i] = argmax(fuse(stacker, m, probs.cnn[i] ?? null));
    });
  }
  return {
    mlp: nested.outer.map(pred),
    cnn: samples.map((s, i) => (s.frame ? pred(probs.cnn[i]) : -1)),
    average: nested.outer.map((m, i) => {
      const c = probs.cnn[i];
      return m && c ? argmax(m.map((v, j) => (v + (c[j] ?? 0)) / 2)) : -1;
    }),
    stacked,
  };
}
