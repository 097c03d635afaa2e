import { describe, expect, it } from 'vitest';
import { summariseSparkline, todaySparkline } from './sparkline';

const june = (hour: number, minute = 0) => new Date(2025, 5, 15, hour, minute).getTime();

describe('todaySparkline', () => {
  it('steps through today from midnight, with gaps where no mood was known', () => {
    const now = june(10);
    const points = todaySparkline(
      [
        { at: june(8), mood: 'neutral' },
        { at: june(8, 10), mood: 'happy' },
        { at: june(9, 50), mood: 'sad' },
      ],
      now,
    );
    expect(points).toEqual([
      { at: june(0), mood: null },
      { at: june(8), mood: 'neutral' },
      { at: june(8, 10), mood: 'happy' },
      { at: june(8, 40), mood: null },
      { at: june(9, 50), mood: 'sad' },
      { at: now, mood: 'sad' },
    ]);
  });

  it('carries a mood from before midnight and ends with a gap when the person left', () => {
    const now = june(3);
    const points = todaySparkline([{ at: june(0) - 10 * 60_000, mood: 'happy' }], now);
    expect(points).toEqual([
      { at: june(0), mood: 'happy' },
      { at: june(0, 20), mood: null },
      { at: now, mood: null },
    ]);
  });

  it('is empty when no mood was known today', () => {
    expect(todaySparkline([{ at: june(0) - 3 * 60 * 60_000, mood: 'sad' }], june(12))).toEqual([]);
    expect(todaySparkline([], june(12))).toEqual([]);
  });
});

describe('summariseSparkline', () => {
  it('finds the longest mood and counts switches, not returns from away', () => {
    const summary = summariseSparkline([
      { at: june(8), mood: 'happy' },
      { at: june(8, 20), mood: null },
      { at: june(9), mood: 'happy' },
      { at: june(9, 20), mood: 'sad' },
      { at: june(9, 30), mood: 'angry' },
      { at: june(9, 35), mood: 'happy' },
      { at: june(9, 40), mood: 'happy' },
    ]);
    expect(summary).toEqual({ mostly: 'happy', changes: 3 });
  });

  it('has no mood and no changes for an empty day', () => {
    expect(summariseSparkline([])).toEqual({ mostly: null, changes: 0 });
  });
});
