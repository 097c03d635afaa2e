import { describe, expect, it } from 'vitest';
import { summariseHistory } from '../aggregate';
import type { HistoryRange } from '../ranges';
import { barTicks, bucketLabel } from './ticks';

const june = (day: number, hour: number, minute = 0) => new Date(2025, 5, day, hour, minute).getTime();
const empty = (range: HistoryRange) =>
  summariseHistory({ range, now: june(15, 14, 20), moodEvents: [], playEvents: [] });

describe('barTicks', () => {
  it('labels every hour on a wide day chart and every few hours on a narrow one', () => {
    expect(barTicks(empty('24h'), 2000)).toHaveLength(24);
    const narrow = barTicks(empty('24h'), 400);
    expect(narrow.length).toBeLessThanOrEqual(400 / 56);
    expect(narrow.every((t) => new Date(t.at * 1000).getMinutes() === 0)).toBe(true);
  });

  it('puts one label under the middle of each day of the week', () => {
    const ticks = barTicks(empty('7d'), 800);
    expect(ticks).toHaveLength(7);
    expect(ticks.at(-1)?.at).toBe(june(15, 12) / 1000);
  });

  it('always labels the latest day of the month', () => {
    const ticks = barTicks(empty('30d'), 500);
    expect(ticks.length).toBeLessThan(30);
    expect(ticks.at(-1)?.at).toBe(june(15, 12) / 1000);
  });
});

describe('bucketLabel', () => {
  it('names an hour by its clock times and a day by its date', () => {
    const hour = bucketLabel('24h', { start: june(15, 14), end: june(15, 15) });
    expect(hour).toContain('–');
    expect(hour).not.toBe(bucketLabel('24h', { start: june(15, 15), end: june(15, 16) }));
    expect(bucketLabel('30d', { start: june(15, 0), end: june(16, 0) })).toMatch(/15/);
  });
});
