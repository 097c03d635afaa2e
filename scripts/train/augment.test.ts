import { describe, expect, it } from 'vitest';
import devFaces from '../../test/support/mood/dev-faces.json';
import type { VariantFace } from '../eval/protocol.ts';
import { randomVariant } from './augment.ts';
import { augmentedSamples, type Sample } from './data.ts';
import { cvTrainSets } from './evaluate.ts';
import { sampleWeights } from './pipeline.ts';
import { createRng } from './rng.ts';

const face = devFaces.faces[0];
if (!face) throw new Error('the dev-face fixture is empty');

function sample(key: string, label: Sample['label'], y: number, source: Sample['source'], person: string): Sample {
  return { key, label, y, source, person, frame: null, features: null };
}

const variantFace: VariantFace = {
  width: 256,
  height: 128,
  blendshapes: face.blendshapes,
  landmarks: face.landmarks as [number, number, number][],
};

describe('randomVariant', () => {
  it('stays within the documented ranges and is reproducible from the seed', () => {
    const a = createRng(1);
    const b = createRng(1);
    for (let i = 0; i < 500; i++) {
      const v = randomVariant(a);
      expect(randomVariant(b)).toEqual(v);
      expect(Math.abs(v.rotate)).toBeLessThanOrEqual(12);
      expect(v.zoom).toBeGreaterThanOrEqual(0.8);
      expect(v.zoom).toBeLessThanOrEqual(1.15);
      expect(Math.abs(v.shiftX)).toBeLessThanOrEqual(0.06);
      expect(v.resample === 1 || (v.resample >= 0.3 && v.resample <= 0.6)).toBe(true);
    }
  });

  it('mirrors about half the copies', () => {
    const rand = createRng(2);
    const flips = Array.from({ length: 1000 }, () => randomVariant(rand).flip).filter(Boolean).length;
    expect(flips).toBeGreaterThan(420);
    expect(flips).toBeLessThan(580);
  });
});

describe('augmentedSamples', () => {
  it('keeps person and label, marks the copies, and drops copies without a face', () => {
    const original = sample('train/happy/0001.jpg', 'happy', 0, 'mux', 'mux:ann');
    const out = augmentedSamples([original], {
      'train/happy/0001.jpg': [variantFace, { ...variantFace, blendshapes: null, landmarks: null }, variantFace],
    });
    expect(out.map((s) => s.key)).toEqual(['train/happy/0001.jpg#0', 'train/happy/0001.jpg#2']);
    for (const s of out) {
      expect(s).toMatchObject({ person: 'mux:ann', label: 'happy', y: 0, source: 'mux', augmented: true });
      expect(s.frame?.aspect).toBe(2);
      expect(s.features?.every(Number.isFinite)).toBe(true);
    }
  });

  it('has nothing for images missing from the cache', () => {
    expect(augmentedSamples([sample('dev/sad/1.jpg', 'sad', 1, 'tw', 'tw:1')], {})).toEqual([]);
  });
});

describe('sampleWeights with augmented copies', () => {
  it('keeps every (source, class) cell at its share and weighs copies by augmentWeight', () => {
    const a = sample('a', 'happy', 0, 'tw', 'p1');
    const b = sample('b', 'sad', 1, 'tw', 'p2');
    const copy = { ...a, key: 'a#0', augmented: true };
    const w = sampleWeights([a, copy, copy, b], 0.5, 0.5);
    // a + its two half-weight copies together weigh what b alone does.
    expect((w[0] ?? 0) + (w[1] ?? 0) + (w[2] ?? 0)).toBeCloseTo(w[3] ?? 0, 10);
    expect(w[1]).toBeCloseTo((w[0] ?? 0) / 2, 10);
  });
});

describe('cvTrainSets with augmented copies', () => {
  it("never trains a fold on a copy of that fold's people", () => {
    const samples = [sample('p0/a', 'happy', 0, 'mux', 'p0'), sample('p1/a', 'sad', 1, 'mux', 'p1')];
    const copies = samples.map((s) => ({ ...s, key: `${s.key}#0`, augmented: true }));
    const sets = cvTrainSets(samples, [0, 1], copies).map((set) => set.map((s) => s.key));
    expect(sets).toEqual([
      ['p1/a', 'p1/a#0'],
      ['p0/a', 'p0/a#0'],
    ]);
  });
});
