/** Median and 95th percentile of samples, rounded to 0.1. Shared machines are noisy, so we report these, never a mean. */
export function summarise(samples: readonly number[]): { p50: number; p95: number; n: number } {
  if (samples.length === 0) throw new Error('No samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: samples.length };
}
