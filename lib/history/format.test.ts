import { describe, expect, it } from 'vitest';
import { changesLabel, formatDuration } from './format';

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

describe('changesLabel', () => {
  it('picks singular, plural or none', () => {
    expect(changesLabel(0)).toBe('no changes');
    expect(changesLabel(1)).toBe('1 change');
    expect(changesLabel(3)).toBe('3 changes');
    expect(changesLabel(1200)).toBe('1,200 changes');
  });
});
