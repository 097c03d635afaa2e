import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_RANGES, historyWindow, RANGE_PRESETS, startOfLocalDay } from './ranges';

const HOUR = 60 * 60 * 1000;
/** Local time in June 2025, when no common time zone changes its clock. */
const june = (day: number, hour: number, minute = 0) => new Date(2025, 5, day, hour, minute).getTime();

describe('historyWindow', () => {
  it('gives 24 hourly buckets on the hour, the last holding now', () => {
    const now = june(15, 14, 20);
    const w = historyWindow('24h', now);
    expect(w.buckets).toHaveLength(24);
    expect(w.buckets.at(-1)).toEqual({ start: june(15, 14), end: june(15, 15) });
    expect(w.buckets[0]).toEqual({ start: june(14, 15), end: june(14, 16) });
    expect(w.from).toBe(june(14, 15));
    expect(w.to).toBe(now);
  });

  it('gives 28 six-hour buckets starting at 00, 06, 12 or 18 for a week', () => {
    const w = historyWindow('7d', june(15, 14, 20));
    expect(w.buckets).toHaveLength(28);
    expect(w.buckets.at(-1)).toEqual({ start: june(15, 12), end: june(15, 18) });
    expect(w.from).toBe(june(8, 18));
  });

  it('gives 30 daily buckets from local midnight for a month', () => {
    const w = historyWindow('30d', june(15, 14, 20));
    expect(w.buckets).toHaveLength(30);
    expect(w.from).toBe(june(-14, 0));
    expect(w.buckets.at(-1)).toEqual({ start: june(15, 0), end: june(16, 0) });
  });

  it('tiles the window: each bucket starts where the one before ended', () => {
    for (const range of HISTORY_RANGES) {
      const { buckets } = historyWindow(range, june(15, 3, 7));
      expect(buckets).toHaveLength(RANGE_PRESETS[range].buckets);
      expect(buckets.slice(1).map((b) => b.start)).toEqual(buckets.slice(0, -1).map((b) => b.end));
    }
  });

  it('starts the day at local midnight', () => {
    expect(startOfLocalDay(june(15, 23, 59))).toBe(june(15, 0));
  });
});

describe('across a daylight-saving change', () => {
  const original = process.env.TZ;
  afterEach(() => {
    // Assigning undefined would store the string "undefined".
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('keeps daily bars on local midnight, so the changeover day is 23 hours long', () => {
    process.env.TZ = 'Europe/Berlin';
    // Clocks went forward on 30 March 2025 at 02:00.
    const w = historyWindow('30d', new Date(2025, 3, 2, 12).getTime());
    const changeover = w.buckets.find((b) => b.start === new Date(2025, 2, 30).getTime());
    expect(changeover && changeover.end - changeover.start).toBe(23 * HOUR);
    expect(w.buckets.every((b) => new Date(b.start).getHours() === 0)).toBe(true);
  });
});
