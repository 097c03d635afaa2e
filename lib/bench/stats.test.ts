import { describe, expect, it } from 'vitest';
import { busyReason, type CpuWindow, MachineBusyError, median, medianOfWindows, summarise } from './stats';

describe('summarise', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarise(samples)).toEqual({ p50: 50, p95: 95, n: 100 });
    expect(summarise([7])).toEqual({ p50: 7, p95: 7, n: 1 });
  });

  it('refuses an empty run', () => {
    expect(() => summarise([])).toThrow('No samples');
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([0.3, 0.1, 0.2])).toBe(0.2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('No values');
  });
});

const quiet = (share: number, capture = 0.04): CpuWindow<'share' | 'capture'> => ({
  figures: { share, capture },
  load: { before: 0.4, after: 0.5 },
  others: 0.02,
});
const limits = { cores: 2 };

describe('busyReason', () => {
  it('passes a quiet window', () => {
    expect(busyReason(quiet(0.1), limits)).toBeNull();
  });

  it('names a load average over the limit at either end of the window', () => {
    expect(busyReason({ ...quiet(0.1), load: { before: 0.4, after: 1.3 } }, limits)).toBe(
      '1-minute load average 1.3 > 1 (2 cores)',
    );
    expect(busyReason({ ...quiet(0.1), load: { before: 3, after: 0.2 } }, limits)).toMatch(/load average 3 > 1/);
    // The limit follows the core count and the per-core setting.
    expect(busyReason({ ...quiet(0.1), load: { before: 3, after: 3 } }, { cores: 8 })).toBeNull();
    expect(busyReason({ ...quiet(0.1), load: { before: 1.2, after: 1.2 } }, { cores: 2, maxLoadPerCore: 0.75 })).toBe(
      null,
    );
  });

  it('names other processes using the CPU, and ignores an unknown figure', () => {
    expect(busyReason({ ...quiet(0.1), others: 0.6 }, limits)).toBe('other processes used 0.6 cores > 0.25');
    expect(busyReason({ ...quiet(0.1), others: null }, limits)).toBeNull();
  });

  it('treats an unreadable load average as busy', () => {
    expect(busyReason({ ...quiet(0.1), load: { before: Number.NaN, after: 0.1 } }, limits)).not.toBeNull();
  });
});

describe('medianOfWindows', () => {
  it('reports each figure as the median of the windows, with every window beside it', () => {
    const result = medianOfWindows('mood_cpu_share', [quiet(0.12, 0.05), quiet(0.3, 0.04), quiet(0.1, 0.06)], limits);
    expect(result.median).toEqual({ share: 0.12, capture: 0.05 });
    expect(result.windows).toHaveLength(3);
    expect(result.windows[1]).toEqual({
      figures: { share: 0.3, capture: 0.04 },
      load: { before: 0.4, after: 0.5 },
      others: 0.02,
    });
    expect(result.busy).toBeNull();
  });

  it('fails loudly when any window was busy, naming the window and why', () => {
    const windows = [quiet(0.1), { ...quiet(0.1), load: { before: 0.5, after: 2.4 } }, quiet(0.1)];
    expect(() => medianOfWindows('mood_cpu_share', windows, limits)).toThrow(MachineBusyError);
    expect(() => medianOfWindows('mood_cpu_share', windows, limits)).toThrow(
      'machine busy: mood_cpu_share not measured (window 2: 1-minute load average 2.4 > 1 (2 cores))',
    );
  });

  it('returns busy figures, marked, only when asked to', () => {
    const windows = [quiet(0.1), { ...quiet(0.2), others: 1 }, quiet(0.3)];
    const result = medianOfWindows('mood_cpu_share', windows, limits, true);
    expect(result.median.share).toBe(0.2);
    expect(result.busy).toBe('window 2: other processes used 1 cores > 0.25');
  });

  it('refuses no windows', () => {
    expect(() => medianOfWindows('x', [], limits)).toThrow('No windows');
  });
});
