import { describe, expect, it } from 'vitest';
import { confusionMatrix, evaluate, type Outcome } from './metrics.ts';

const LABELS = ['a', 'b', 'c'] as const;
type L = (typeof LABELS)[number];

/** `n` copies of one outcome. */
function times(n: number, truth: L, predicted: L | null): Outcome<L>[] {
  return Array.from({ length: n }, () => ({ truth, predicted }));
}

describe('confusionMatrix', () => {
  it('counts rows by true label and columns by prediction, with undetected apart', () => {
    const { confusion, undetected } = confusionMatrix(LABELS, [
      ...times(3, 'a', 'a'),
      ...times(1, 'a', 'b'),
      ...times(2, 'a', null),
      ...times(1, 'b', 'c'),
    ]);
    expect(confusion).toEqual({ a: { a: 3, b: 1, c: 0 }, b: { a: 0, b: 0, c: 1 }, c: { a: 0, b: 0, c: 0 } });
    expect(undetected).toEqual({ a: 2, b: 0, c: 0 });
  });

  it('rejects labels outside the label set', () => {
    expect(() => confusionMatrix(LABELS, [{ truth: 'x' as L, predicted: 'a' }])).toThrow(/Unknown true label "x"/);
    expect(() => confusionMatrix(LABELS, [{ truth: 'a', predicted: 'x' as L }])).toThrow(/Unknown predicted label/);
  });
});

describe('evaluate', () => {
  it('computes precision, recall, F1, accuracy and macro-F1 by hand', () => {
    // a: 4 images, 3 right, 1 as b. b: 2 images, both right. c: 2 images, 1 right, 1 as b.
    const m = evaluate(LABELS, [
      ...times(3, 'a', 'a'),
      ...times(1, 'a', 'b'),
      ...times(2, 'b', 'b'),
      ...times(1, 'c', 'c'),
      ...times(1, 'c', 'b'),
    ]);
    expect(m.images).toBe(8);
    expect(m.detected).toBe(8);
    expect(m.detection_rate).toBe(1);
    expect(m.accuracy).toBeCloseTo(6 / 8);
    expect(m.per_class.a).toEqual({ precision: 1, recall: 0.75, f1: expect.closeTo(6 / 7), support: 4 });
    expect(m.per_class.b).toEqual({ precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3), support: 2 });
    expect(m.per_class.c).toEqual({ precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3), support: 2 });
    expect(m.macro_f1).toBeCloseTo((6 / 7 + 2 / 3 + 2 / 3) / 3);
  });

  it('counts undetected images as wrong: they lower recall and accuracy, not precision', () => {
    const m = evaluate(LABELS, [...times(2, 'a', 'a'), ...times(2, 'a', null), ...times(2, 'b', 'b')]);
    expect(m.images).toBe(6);
    expect(m.detected).toBe(4);
    expect(m.detection_rate).toBeCloseTo(4 / 6);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.undetected).toEqual({ a: 2, b: 0, c: 0 });
    expect(m.per_class.a).toEqual({ precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3), support: 4 });
    // Undetected images are in no column of the confusion matrix.
    expect(m.confusion.a).toEqual({ a: 2, b: 0, c: 0 });
  });

  it('gives a class that is never predicted precision 0, not NaN', () => {
    const m = evaluate(LABELS, [...times(2, 'a', 'a'), ...times(2, 'b', 'a'), ...times(1, 'c', 'c')]);
    expect(m.per_class.b).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
    expect(m.per_class.a.precision).toBeCloseTo(0.5);
    for (const c of LABELS) {
      for (const v of Object.values(m.per_class[c])) expect(Number.isNaN(v)).toBe(false);
    }
  });

  it('scores a class whose every image went undetected 0, not NaN', () => {
    const m = evaluate(LABELS, [...times(3, 'a', null), ...times(1, 'b', 'b')]);
    expect(m.per_class.a).toEqual({ precision: 0, recall: 0, f1: 0, support: 3 });
    expect(m.accuracy).toBeCloseTo(1 / 4);
    expect(m.macro_f1).toBeCloseTo(0.5);
  });

  it('leaves a label with no images and no predictions out of macro-F1', () => {
    const m = evaluate(LABELS, [...times(2, 'a', 'a'), ...times(2, 'b', 'b')]);
    expect(m.per_class.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macro_f1).toBe(1);
  });

  it('keeps a label with no images in macro-F1 once it is predicted', () => {
    const m = evaluate(LABELS, [...times(2, 'a', 'a'), ...times(2, 'b', 'c')]);
    expect(m.per_class.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macro_f1).toBeCloseTo(1 / 3);
  });

  it('returns zeros, not NaN, for no images at all', () => {
    const m = evaluate(LABELS, []);
    expect(m).toMatchObject({ images: 0, detected: 0, accuracy: 0, macro_f1: 0, detection_rate: 0 });
  });
});
