/** Text and JSON renderings of an eval run's metrics. */
import type { EvalMetrics } from './metrics.ts';

/** Run facts reported beside the metrics. */
export interface RunInfo {
  readonly seconds: number;
  /** Median time per readable image in detection (padded retry included) + classification, without decoding. */
  readonly detectMsMedian: number;
  /** Detected only on the padded canvas. */
  readonly padded: number;
  /** Images the browser could not decode; they count as undetected. */
  readonly unreadable: readonly string[];
}

/** The `--json` object: the metrics, plus run facts under extra keys. */
export function jsonReport<L extends string>(m: EvalMetrics<L>, run: RunInfo): Record<string, unknown> {
  return {
    images: m.images,
    detected: m.detected,
    accuracy: m.accuracy,
    macro_f1: m.macro_f1,
    per_class: m.per_class,
    confusion: m.confusion,
    detection_rate: m.detection_rate,
    undetected: m.undetected,
    padded: run.padded,
    unreadable: run.unreadable,
    seconds: Math.round(run.seconds * 100) / 100,
    detect_ms_median: Math.round(run.detectMsMedian * 10) / 10,
  };
}

/** The human-readable report: confusion matrix, per-class table and summary lines. */
export function textReport<L extends string>(labels: readonly L[], m: EvalMetrics<L>, run: RunInfo): string {
  const first = Math.max('true \\ predicted'.length, ...labels.map((l) => l.length));
  const columns = [...labels, 'undetected'];
  const width = Math.max(...columns.map((c) => c.length)) + 2;
  const row = (head: string, cells: readonly (string | number)[]) =>
    head.padEnd(first) + cells.map((c) => String(c).padStart(width)).join('');

  const lines = ['Confusion matrix (rows: true label, columns: predicted)', row('true \\ predicted', columns)];
  for (const truth of labels) {
    lines.push(row(truth, [...labels.map((p) => m.confusion[truth][p]), m.undetected[truth]]));
  }
  lines.push('', row('class', ['precision', 'recall', 'f1', 'support']));
  for (const label of labels) {
    const c = m.per_class[label];
    lines.push(row(label, [fixed(c.precision), fixed(c.recall), fixed(c.f1), c.support]));
  }
  lines.push(
    '',
    `accuracy        ${fixed(m.accuracy)}  (${m.images} images; undetected count as wrong)`,
    `macro-F1        ${fixed(m.macro_f1)}`,
    `detection rate  ${fixed(m.detection_rate)}  (${m.detected}/${m.images}; ${run.padded} only after padding)`,
    `time            ${run.seconds.toFixed(1)} s  (${((1000 * run.seconds) / Math.max(1, m.images)).toFixed(0)} ms/image overall, median ${run.detectMsMedian.toFixed(0)} ms in detect + classify)`,
  );
  if (run.unreadable.length > 0) {
    lines.push(`unreadable      ${run.unreadable.length}, counted as undetected: ${run.unreadable.join(', ')}`);
  }
  return lines.join('\n');
}

function fixed(x: number): string {
  return x.toFixed(3);
}
