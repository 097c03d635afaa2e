import { describe, expect, it } from 'vitest';
import { cutText } from './fit';

describe('cutText', () => {
  it('leaves a text within its bound, and cuts a longer one to the bound with an ellipsis', () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('abcd', 3)).toBe('ab…');
  });

  it('never leaves half of a character made of two code units', () => {
    // '😀' is two UTF-16 units: cutting after its first would leave a lone surrogate.
    const cut = cutText('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cutText('ab😀cd', 5)).toBe('ab😀…');
  });
});
