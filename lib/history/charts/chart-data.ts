import { ACTIVITIES, MOODS, type PickableMood } from '@/lib/mood/types';
import type { HistoryView } from '../aggregate';
import { SPARK_LEVEL, type SparkPoint } from './sparkline';

/** Minutes for hourly bars, hours for longer ones. */
export type BarUnit = 'min' | 'h';

export interface StackedBars {
  unit: BarUnit;
  /** Bucket centres, epoch seconds (uPlot's time unit). */
  x: number[];
  /**
   * One series per mood in drawing order: each value is that mood's time plus the time of the
   * moods below it, and the tallest is drawn first, so every mood shows as its own band.
   * Bottom to top the bands follow `MOODS`, then the activities (focus, workout, wind down) that have any time
   * in the window, so a history without them has the five bands it always had.
   */
  stacks: { mood: PickableMood; values: number[] }[];
}

export function stackedBars(data: HistoryView): StackedBars {
  const unit: BarUnit = data.range === '24h' ? 'min' : 'h';
  const scale = unit === 'min' ? 60_000 : 3_600_000;
  const running = data.buckets.map(() => 0);
  const activities = ACTIVITIES.filter((activity) => data.buckets.some((b) => b.totals[activity] > 0));
  const stacks = [...MOODS, ...activities].map((mood) => ({
    mood,
    values: data.buckets.map((b, i) => {
      running[i] = (running[i] ?? 0) + b.totals[mood] / scale;
      return running[i] ?? 0;
    }),
  }));
  return {
    unit,
    x: data.buckets.map((b) => (b.start + b.end) / 2 / 1000),
    stacks: stacks.reverse(),
  };
}

export interface SparkSeries {
  /** Epoch seconds. */
  x: number[];
  /** `SPARK_LEVEL` of the mood from this x on; null where there was none. */
  y: (number | null)[];
  moods: (PickableMood | null)[];
  /**
   * The points whose mood lasts too short to show as a line at the chart's scale (under `DOT_SHARE` of its
   * span), drawn as a dot instead: the first mood of the day, picked a moment ago, is seconds against hours
   * since midnight, a step a fraction of a pixel wide.
   */
  dots: number[];
}

/** A mood shorter than this share of the sparkline's span gets a dot (about 3 px of the popup's 280). */
export const DOT_SHARE = 0.01;

/**
 * uPlot's stepped path ends at the last non-null value, so a trailing null would swallow the
 * step before it: the closing point repeats the last level and a null point before it still
 * cuts the gap out (`alignGaps: 1`).
 */
export function sparkSeries(points: readonly SparkPoint[]): SparkSeries {
  const moods = points.map((p) => p.mood);
  const y = moods.map((m) => (m === null ? null : SPARK_LEVEL[m]));
  const lastLevel = y.findLast((v) => v !== null) ?? null;
  if (y.length > 1 && y.at(-1) === null) y[y.length - 1] = lastLevel;
  const x = points.map((p) => p.at / 1000);
  const span = (x.at(-1) ?? 0) - (x[0] ?? 0);
  // The last point only closes the line (its mood is the stretch before it), unless it is the only one.
  const dots = moods.flatMap((mood, i) => {
    const next = x[i + 1];
    if (mood === null) return [];
    if (next === undefined) return x.length === 1 ? [i] : [];
    return next - (x[i] ?? 0) < span * DOT_SHARE ? [i] : [];
  });
  return { x, y, moods, dots };
}
