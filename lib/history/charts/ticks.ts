import { uiLocale } from '@/lib/i18n';
import type { HistoryView } from '../aggregate';

/** A labelled place on the time axis, epoch seconds (uPlot's time unit). */
export interface Tick {
  at: number;
  label: string;
}

/** Room one label needs, CSS px. */
const LABEL_PX = 56;

const hourFormat = new Intl.DateTimeFormat(uiLocale(), { hour: '2-digit', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', day: 'numeric' });
const dateFormat = new Intl.DateTimeFormat(uiLocale(), { month: 'short', day: 'numeric' });

/** The smallest stride from `strides` that leaves `LABEL_PX` per label across `widthPx`. */
function fitStride(count: number, widthPx: number, strides: readonly number[]): number {
  return strides.find((s) => (widthPx / count) * s >= LABEL_PX) ?? strides.at(-1) ?? 1;
}

/**
 * Labels for the bar chart's time axis: clock times on bar edges for a day, one weekday
 * under each day's four bars for a week, dates under daily bars for a month (the latest
 * always labelled). Fewer labels on narrow charts, so they never overlap.
 */
export function barTicks(data: HistoryView, widthPx: number): Tick[] {
  const { buckets, range } = data;
  if (range === '24h') {
    const stride = fitStride(buckets.length, widthPx, [1, 2, 3, 4, 6, 12]);
    return buckets
      .filter((b) => new Date(b.start).getHours() % stride === 0)
      .map((b) => ({ at: b.start / 1000, label: hourFormat.format(b.start) }));
  }
  if (range === '7d') {
    const days = buckets.filter((b) => new Date(b.start).getHours() === 0);
    const stride = fitStride(days.length, widthPx, [1, 2, 3, 7]);
    return days
      .filter((_, i) => (days.length - 1 - i) % stride === 0)
      .map((b) => ({ at: b.start / 1000 + 12 * 3600, label: weekdayFormat.format(b.start) }));
  }
  const stride = fitStride(buckets.length, widthPx, [1, 2, 3, 5, 7, 10, 15]);
  return buckets
    .filter((_, i) => (buckets.length - 1 - i) % stride === 0)
    .map((b) => ({ at: (b.start + b.end) / 2000, label: dateFormat.format(b.start) }));
}

const dayFormat = new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', month: 'short', day: 'numeric' });

/** Words for one bar: "14:00–15:00", "Sun 15, 12:00–18:00", "Sun, Jun 15". */
export function bucketLabel(range: HistoryView['range'], bucket: { start: number; end: number }): string {
  const hours = `${hourFormat.format(bucket.start)}–${hourFormat.format(bucket.end)}`;
  if (range === '24h') return hours;
  if (range === '7d') return `${weekdayFormat.format(bucket.start)}, ${hours}`;
  return dayFormat.format(bucket.start);
}
