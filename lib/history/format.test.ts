import { describe, expect, it } from 'vitest';
import { countLabel, formatDuration } from './format';

describe('formatDuration', () => {
  it('writes hours and minutes in words a person reads at a glance', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(20_000)).toBe('under 1 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(130 * 60_000)).toBe('2 h 10 min');
    expect(formatDuration(180 * 60_000)).toBe('3 h');
    expect(formatDuration(119.6 * 60_000)).toBe('2 h');
  });
});

describe('countLabel', () => {
  it('picks singular, plural or none', () => {
    expect(countLabel(0, 'change', 'changes')).toBe('no changes');
    expect(countLabel(1, 'change', 'changes')).toBe('1 change');
    expect(countLabel(3, 'change', 'changes')).toBe('3 changes');
  });
});
