import { describe, expect, it } from 'vitest';
import { ferMoodProbs } from './appearance.ts';
import { argmax } from './argmax.ts';
import { checkStacker, checkStackers, fuse, type Stacker, stackerFor, stackerRow } from './stacker.ts';
import { MOODS } from './types.ts';

/** A hand-made stacker whose logit for mood k is a·log mlp_k + c·log cnn_k (no standardising). */
function stacker(a: number, c: number): Stacker {
  const d = 2 * MOODS.length;
  return {
    version: 1,
    moods: [...MOODS],
    inputs: ['mlp', 'cnn'],
    mean: new Array(d).fill(0),
    std: new Array(d).fill(1),
    clip: 100,
    layer: {
      w: MOODS.map((_, k) => Array.from({ length: d }, (_, j) => (j === k ? a : j === k + MOODS.length ? c : 0))),
      b: MOODS.map(() => 0),
      activation: 'linear',
    },
    meta: {},
  };
}

const mlp = [0.5, 0.1, 0.1, 0.25, 0.05];
const cnn = [0.1, 0.05, 0.05, 0.7, 0.1];

describe('stacker', () => {
  it('with weight on one channel only reproduces that channel', () => {
    expect(fuse(stacker(1, 0), mlp, cnn).map((p) => p.toFixed(6))).toEqual(mlp.map((p) => p.toFixed(6)));
    expect(fuse(stacker(0, 1), mlp, cnn).map((p) => p.toFixed(6))).toEqual(cnn.map((p) => p.toFixed(6)));
  });

  it('a product of experts can overturn the mlp when the cnn is confident', () => {
    const fused = fuse(stacker(1, 1), mlp, cnn);
    expect(fused.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 10);
    expect(argmax(fused)).toBe(MOODS.indexOf('neutral'));
  });

  it('passes the mlp through when there is no appearance reading', () => {
    expect(fuse(stacker(0, 1), mlp, null)).toEqual(mlp);
  });

  it('floors zero probabilities so the inputs stay finite', () => {
    expect(stackerRow([1, 0, 0, 0, 0], cnn).every(Number.isFinite)).toBe(true);
  });

  it('fuses three views, in the order of its inputs; without any one of them the mlp passes through', () => {
    const d = 3 * MOODS.length;
    const three: Stacker = {
      ...stacker(1, 1),
      inputs: ['mlp', 'cnn', 'expr'],
      mean: new Array(d).fill(0),
      std: new Array(d).fill(1),
      layer: {
        w: MOODS.map((_, k) => Array.from({ length: d }, (_, j) => (j % MOODS.length === k ? 1 : 0))),
        b: MOODS.map(() => 0),
        activation: 'linear',
      },
    };
    expect(checkStacker(three)).toBe(three);
    const expr = [0.05, 0.05, 0.05, 0.8, 0.05];
    const fused = fuse(three, mlp, cnn, expr);
    const product = mlp.map((p, k) => p * (cnn[k] ?? 0) * (expr[k] ?? 0));
    const total = product.reduce((a, b) => a + b, 0);
    fused.forEach((p, k) => {
      expect(p).toBeCloseTo((product[k] ?? 0) / total, 10);
    });
    expect(fuse(three, mlp, cnn, null)).toEqual(mlp);
    expect(fuse(three, mlp, null, expr)).toEqual(mlp);
    expect(() => fuse(three, mlp, cnn)).toThrow(/3 views|inputs/);
  });

  it('rejects a stacker of the wrong shape', () => {
    expect(() => checkStacker({ ...stacker(1, 1), inputs: ['mlp', 'cnn', 'expr'] })).toThrow(/invalid/);
    expect(() => checkStacker({ ...stacker(1, 1), inputs: ['mlp', 'mlp'] })).toThrow(/invalid/);
    expect(() => checkStacker({ ...stacker(1, 1), mean: [0] })).toThrow(/invalid/);
    expect(() => checkStacker({ ...stacker(1, 1), moods: ['sad', 'happy'] })).toThrow(/invalid/);
  });

  it('finds the stacker of exactly the views given, in any order', () => {
    const pair = stacker(1, 1);
    const other = { ...pair, inputs: ['mlp', 'expr'] as const };
    expect(stackerFor([pair, other], ['mlp', 'expr'])).toBe(other);
    expect(stackerFor([pair, other], ['cnn', 'mlp'])).toBe(pair);
    expect(stackerFor([pair, other], ['mlp', 'cnn', 'expr'])).toBeNull();
  });

  it('accepts a set of stackers only if each starts with the mlp, none repeats, and the first holds every view', () => {
    const pair = stacker(1, 1);
    const exprPair = { ...pair, inputs: ['mlp', 'expr'] as const };
    expect(checkStackers([pair])).toEqual([pair]);
    expect(() => checkStackers([])).toThrow(/invalid/);
    expect(() => checkStackers([pair, pair])).toThrow(/invalid/);
    expect(() => checkStackers([pair, exprPair])).toThrow(/invalid/);
    expect(() => checkStackers([{ ...pair, inputs: ['cnn', 'mlp'] }])).toThrow(/invalid/);
  });
});

describe('ferMoodProbs', () => {
  it('keeps happy, sad, angry, neutral, surprise of the 7 FER classes and renormalises', () => {
    // FER order: angry, disgust, fear, happy, sad, surprise, neutral.
    const p = ferMoodProbs([
      Math.log(0.1),
      Math.log(0.3),
      Math.log(0.2),
      Math.log(0.2),
      0 - 10,
      Math.log(0.1),
      Math.log(0.1),
    ]);
    expect(p).toHaveLength(5);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    const kept = 0.1 + 0.2 + Math.exp(-10) + 0.1 + 0.1;
    expect(p[MOODS.indexOf('happy')]).toBeCloseTo(0.2 / kept, 8);
    expect(p[MOODS.indexOf('angry')]).toBeCloseTo(0.1 / kept, 8);
    expect(p[MOODS.indexOf('surprised')]).toBeCloseTo(0.1 / kept, 8);
  });
});
