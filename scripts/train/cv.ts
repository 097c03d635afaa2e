import { MOODS } from '../../lib/mood/types.ts';
import type { Sample, Source } from './data.ts';
import { createRng, shuffled } from './rng.ts';

/**
 * Person-disjoint folds: every image of one person (source + subject id) lands in the same fold.
 * Groups are assigned largest first to the currently smallest fold, so the 9 posed performers
 * (the biggest groups) end up in different folds and each tw fold is leave-one-performer-out.
 */
export function groupFolds(samples: readonly Sample[], k: number, seed: number): number[] {
  const groups = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const g = groups.get(s.person) ?? [];
    g.push(i);
    groups.set(s.person, g);
  });
  const order = shuffled([...groups.values()], createRng(seed)).sort((a, b) => b.length - a.length);
  const size = new Array<number>(k).fill(0);
  const fold = new Array<number>(samples.length).fill(0);
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if ((size[f] ?? 0) < (size[best] ?? 0)) best = f;
    for (const i of g) fold[i] = best;
    size[best] = (size[best] ?? 0) + g.length;
  }
  return fold;
}

export interface Scores {
  readonly macroF1: number;
  readonly perClass: number[];
  readonly accuracy: number;
  readonly n: number;
}

/**
 * Macro-F1 as it would come out on a class-balanced (and, for "all", source-balanced) hold-out:
 * each image is weighted by 1 / (images of its source and class in the subset). `pred = -1`
 * (no face) counts as wrong.
 */
export function balancedScores(samples: readonly Sample[], pred: readonly number[], source?: Source): Scores {
  const K = MOODS.length;
  const idx = samples.map((_, i) => i).filter((i) => !source || samples[i]?.source === source);
  const count = new Map<string, number>();
  const cell = (s: Sample) => `${s.source}/${s.y}`;
  for (const i of idx) {
    const s = samples[i] as Sample;
    count.set(cell(s), (count.get(cell(s)) ?? 0) + 1);
  }
  const tp = new Array<number>(K).fill(0);
  const fp = new Array<number>(K).fill(0);
  const fn = new Array<number>(K).fill(0);
  let correct = 0;
  let total = 0;
  for (const i of idx) {
    const s = samples[i] as Sample;
    const w = 1 / (count.get(cell(s)) ?? 1);
    const p = pred[i] ?? -1;
    total += w;
    if (p === s.y) {
      tp[s.y] = (tp[s.y] ?? 0) + w;
      correct += w;
    } else {
      fn[s.y] = (fn[s.y] ?? 0) + w;
      if (p >= 0) fp[p] = (fp[p] ?? 0) + w;
    }
  }
  const perClass = MOODS.map((_, k) => {
    const t = tp[k] ?? 0;
    const denom = 2 * t + (fp[k] ?? 0) + (fn[k] ?? 0);
    return denom > 0 ? (2 * t) / denom : 0;
  });
  return {
    macroF1: perClass.reduce((a, b) => a + b, 0) / K,
    perClass,
    accuracy: correct / Math.max(total, 1e-12),
    n: idx.length,
  };
}

/**
 * Paired bootstrap over people (every image of a resampled person comes along): the overall
 * macro-F1 difference `b − a` on the same resamples, mean and 5th/95th percentiles.
 */
export function personBootstrap(samples: readonly Sample[], n: number, seed: number) {
  const byPerson = new Map<string, number[]>();
  samples.forEach((s, i) => {
    byPerson.set(s.person, [...(byPerson.get(s.person) ?? []), i]);
  });
  const people = [...byPerson.values()];
  const rand = createRng(seed);
  const draws = Array.from({ length: n }, () => people.flatMap(() => people[Math.floor(rand() * people.length)] ?? []));
  return (a: readonly number[], b: readonly number[]) => {
    const diffs = draws
      .map((idx) => {
        const sub = idx.map((i) => samples[i] as Sample);
        const f1 = (p: readonly number[]) =>
          balancedScores(
            sub,
            idx.map((i) => p[i] ?? -1),
          ).macroF1;
        return f1(b) - f1(a);
      })
      .sort((x, y) => x - y);
    const at = (q: number) => diffs[Math.min(diffs.length - 1, Math.floor(q * diffs.length))] ?? 0;
    return { mean: diffs.reduce((x, y) => x + y, 0) / diffs.length, lo: at(0.05), hi: at(0.95) };
  };
}
