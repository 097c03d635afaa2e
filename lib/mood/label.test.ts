import { describe, expect, it } from 'vitest';
import { moodLabel } from './label';
import { MOODS } from './types';

describe('moodLabel', () => {
  it('names every mood from the messages', () => {
    expect(moodLabel('happy')).toBe('Happy');
    for (const mood of MOODS) expect(moodLabel(mood)).toMatch(/^\p{Lu}/u);
  });
});
