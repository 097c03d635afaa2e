import { describe, expect, it } from 'vitest';
import { stackerSets } from './write-stackers.ts';

describe('the sets of views stacker.json holds a stacker for', () => {
  it('are the full shipped set first, then every smaller set with the mlp', () => {
    expect(stackerSets(['mlp', 'cnn', 'expr'])).toEqual([
      ['mlp', 'cnn', 'expr'],
      ['mlp', 'cnn'],
      ['mlp', 'expr'],
    ]);
    expect(stackerSets(['mlp', 'cnn'])).toEqual([['mlp', 'cnn']]);
    expect(stackerSets(['mlp'])).toEqual([]);
  });
});
