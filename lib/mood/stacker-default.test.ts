import { describe, expect, it } from 'vitest';
import { argmax } from './argmax.ts';
import stackersJson from './stacker.json' with { type: 'json' };
import { checkStackers, fuse, type Stacker, type StackerInput, stackerFor } from './stacker.ts';
import { moodStackers } from './stacker-default.ts';
import { MOODS, type Mood } from './types.ts';

const at = (p: readonly number[], m: Mood) => p[MOODS.indexOf(m)] ?? Number.NaN;
const top = (p: readonly number[]) => MOODS[argmax(p)];

/** Every subset of the full set's appearance views, non-empty, each with the blendshape model first. */
function subsets(full: readonly StackerInput[]): StackerInput[][] {
  const views = full.filter((v) => v !== 'mlp');
  return Array.from({ length: 2 ** views.length - 1 }, (_, mask) => [
    'mlp' as const,
    ...views.filter((_, i) => ((mask + 1) >> i) & 1),
  ]);
}

describe('the committed stackers (stacker.json)', () => {
  it('have the shape the app checks, and say how they were made', () => {
    expect(() => checkStackers(stackersJson as unknown as Stacker[])).not.toThrow();
    for (const s of moodStackers()) {
      const meta = s.meta as { how?: string; cv?: { fused?: { macroF1?: number } } };
      expect(meta.how).toMatch(/logistic regression/);
      expect(meta.cv?.fused?.macroF1).toBeGreaterThan(0);
    }
  });

  it('hold one stacker for every set of views that can load, so a failed model leaves the others fused', () => {
    const [full] = moodStackers();
    const sets = subsets(full?.inputs ?? []);
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) expect(stackerFor(moodStackers(), set)?.inputs, set.join('+')).toEqual(set);
    expect(moodStackers()).toHaveLength(sets.length);
  });

  for (const stacker of moodStackers()) {
    const name = stacker.inputs.join('+');
    const views = stacker.inputs.length - 1;
    describe(name, () => {
      it('returns probabilities', () => {
        const p = fuse(stacker, [0.3, 0.2, 0.2, 0.2, 0.1], ...Array(views).fill([0.1, 0.1, 0.2, 0.5, 0.1]));
        expect(p).toHaveLength(MOODS.length);
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        expect(p.every((v) => v > 0 && v < 1)).toBe(true);
      });

      it('follows every model when they agree', () => {
        for (const [k, mood] of MOODS.entries()) {
          const sure = MOODS.map((_, j) => (j === k ? 0.8 : 0.05));
          expect(top(fuse(stacker, sure, ...Array(views).fill(sure)))).toBe(mood);
        }
      });

      it('lets confident appearance readings flip a borderline blendshape reading', () => {
        // The blendshape model leans happy over neutral; the face crop is clearly neutral.
        const mlp = [0.4, 0.1, 0.05, 0.35, 0.1];
        const look = [0.02, 0.03, 0.02, 0.9, 0.03];
        const fused = fuse(stacker, mlp, ...Array(views).fill(look));
        expect(top(mlp)).toBe('happy');
        expect(top(fused)).toBe('neutral');
        expect(at(fused, 'neutral')).toBeGreaterThan(at(mlp, 'neutral'));
      });

      it('keeps a confident blendshape reading against lukewarm appearance ones', () => {
        const mlp = [0.9, 0.02, 0.02, 0.04, 0.02];
        const look = [0.2, 0.2, 0.2, 0.3, 0.1];
        expect(top(fuse(stacker, mlp, ...Array(views).fill(look)))).toBe('happy');
      });
    });
  }
});
