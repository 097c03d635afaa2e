import { describe, expect, it } from 'vitest';
import { argmax } from './argmax.ts';
import stackerJson from './stacker.json' with { type: 'json' };
import { checkStacker, fuse, type Stacker } from './stacker.ts';
import { moodStacker } from './stacker-default.ts';
import { MOODS, type Mood } from './types.ts';

const at = (p: readonly number[], m: Mood) => p[MOODS.indexOf(m)] ?? Number.NaN;
const top = (p: readonly number[]) => MOODS[argmax(p)];

describe('the committed stacker (stacker.json)', () => {
  it('has the shape the app checks, and says how it was made', () => {
    expect(() => checkStacker(stackerJson as unknown as Stacker)).not.toThrow();
    const meta = moodStacker().meta as { how?: string; cv?: { fused?: { macroF1?: number } } };
    expect(meta.how).toMatch(/logistic regression/);
    expect(meta.cv?.fused?.macroF1).toBeGreaterThan(0);
  });

  it('returns probabilities', () => {
    const p = fuse(moodStacker(), [0.3, 0.2, 0.2, 0.2, 0.1], [0.1, 0.1, 0.2, 0.5, 0.1]);
    expect(p).toHaveLength(MOODS.length);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('follows both models when they agree', () => {
    for (const [k, mood] of MOODS.entries()) {
      const sure = MOODS.map((_, j) => (j === k ? 0.8 : 0.05));
      expect(top(fuse(moodStacker(), sure, sure))).toBe(mood);
    }
  });

  it('lets a confident appearance reading flip a borderline blendshape reading', () => {
    // The blendshape model leans happy over neutral; the face crop is clearly neutral.
    const mlp = [0.4, 0.1, 0.05, 0.35, 0.1];
    const cnn = [0.02, 0.03, 0.02, 0.9, 0.03];
    const fused = fuse(moodStacker(), mlp, cnn);
    expect(top(mlp)).toBe('happy');
    expect(top(fused)).toBe('neutral');
    expect(at(fused, 'neutral')).toBeGreaterThan(at(mlp, 'neutral'));
  });

  it('keeps a confident blendshape reading against a lukewarm appearance one', () => {
    const mlp = [0.9, 0.02, 0.02, 0.04, 0.02];
    const cnn = [0.2, 0.2, 0.2, 0.3, 0.1];
    expect(top(fuse(moodStacker(), mlp, cnn))).toBe('happy');
  });
});
