/** Median and 95th percentile of samples, rounded to 0.1. Shared machines are noisy, so we report these, never a mean. */
export function summarise(samples: readonly number[]): { p50: number; p95: number; n: number } {
  if (samples.length === 0) throw new Error('No samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: samples.length };
}

/** The middle value (the mean of the two middle ones for an even count); not rounded. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('No values for a median');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * One CPU measurement window: each figure (e.g. `share`, `renderer`, `capture`) in CPU seconds per second, and the
 * machine's state around it.
 */
export interface CpuWindow<K extends string = string> {
  figures: Record<K, number>;
  /** The 1-minute load average (`os.loadavg()[0]`) when the window began and ended. */
  load: { before: number; after: number };
  /**
   * CPU seconds per second spent by everything on the machine except the measured browser and this process
   * (from /proc/stat), or null where that cannot be read.
   */
  others: number | null;
}

/** How quiet the machine must be for a CPU figure to mean anything. */
export interface QuietLimits {
  /** Logical cores (`os.availableParallelism()`). */
  cores: number;
  /**
   * The highest 1-minute load average per core allowed at either end of a window. The bench's own browser adds
   * about 0.3–0.6 to it, so this is not near zero. @default 0.5
   */
  maxLoadPerCore?: number;
  /** The most CPU (cores) the rest of the machine may use during a window. @default 0.25 */
  maxOthers?: number;
}

/** Why `window` was not measured on a quiet machine, or null when it was. */
export function busyReason(window: CpuWindow, limits: QuietLimits): string | null {
  const maxLoad = limits.cores * (limits.maxLoadPerCore ?? 0.5);
  const maxOthers = limits.maxOthers ?? 0.25;
  const load = Math.max(window.load.before, window.load.after);
  const reasons: string[] = [];
  if (!(load <= maxLoad)) {
    reasons.push(`1-minute load average ${round(load, 2)} > ${round(maxLoad, 2)} (${limits.cores} cores)`);
  }
  if (window.others !== null && !(window.others <= maxOthers)) {
    reasons.push(`other processes used ${round(window.others, 2)} cores > ${maxOthers}`);
  }
  return reasons.length ? reasons.join('; ') : null;
}

/** A CPU figure cannot be trusted: the machine was busy. The bench exits non-zero with this message. */
export class MachineBusyError extends Error {
  constructor(
    readonly what: string,
    readonly reason: string,
    readonly windows: readonly CpuWindow[] = [],
  ) {
    super(`machine busy: ${what} not measured (${reason}). Run the bench again on a quiet machine.`);
    this.name = 'MachineBusyError';
  }
}

/** Each figure as the median of the windows, with every window listed beside it. */
export interface WindowedFigures<K extends string = string> {
  median: Record<K, number>;
  windows: { figures: Record<K, number>; load: { before: number; after: number }; others: number | null }[];
}

/**
 * The median of each figure over the windows (three in the bench), or a `MachineBusyError` when any window was not
 * quiet (unless `allowBusy`, when the figures are returned and marked by the caller). Figures rounded to 0.001.
 */
export function medianOfWindows<K extends string>(
  what: string,
  windows: readonly CpuWindow<K>[],
  limits: QuietLimits,
  allowBusy = false,
): WindowedFigures<K> & { busy: string | null } {
  if (windows.length === 0) throw new Error(`No windows for ${what}`);
  const reasons = windows.map((w, i) => {
    const reason = busyReason(w, limits);
    return reason ? `window ${i + 1}: ${reason}` : null;
  });
  const busy = reasons.filter((r) => r !== null).join('; ') || null;
  if (busy && !allowBusy) throw new MachineBusyError(what, busy, windows);
  const keys = Object.keys(windows[0]?.figures ?? {}) as K[];
  const medianFigures = Object.fromEntries(
    keys.map((key) => [key, round(median(windows.map((w) => w.figures[key])), 3)]),
  ) as Record<K, number>;
  return {
    median: medianFigures,
    windows: windows.map((w) => ({
      figures: Object.fromEntries(keys.map((key) => [key, round(w.figures[key], 3)])) as Record<K, number>,
      load: { before: round(w.load.before, 2), after: round(w.load.after, 2) },
      others: w.others === null ? null : round(w.others, 3),
    })),
    busy,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
