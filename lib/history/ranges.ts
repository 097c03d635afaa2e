/** The spans the history can show. */
export const HISTORY_RANGES = ['24h', '7d', '30d'] as const;

export type HistoryRange = (typeof HISTORY_RANGES)[number];

interface RangePreset {
  /** Words for the range switch: "24 hours". */
  label: string;
  /** Bars on the chart; the last one holds `now` and is still filling. */
  buckets: number;
  /** Local-time width of one bar. */
  bucket: 'hour' | 'quarter-day' | 'day';
}

/** Hourly bars for a day, 6-hourly for a week, daily for a month. */
export const RANGE_PRESETS: Readonly<Record<HistoryRange, RangePreset>> = {
  '24h': { label: '24 hours', buckets: 24, bucket: 'hour' },
  '7d': { label: '7 days', buckets: 28, bucket: 'quarter-day' },
  '30d': { label: '30 days', buckets: 30, bucket: 'day' },
};

export interface Bucket {
  start: number;
  end: number;
}

export interface HistoryWindow {
  /** Start of the first bucket, epoch ms. */
  from: number;
  /** `now`: the window never reaches into the future. */
  to: number;
  buckets: Bucket[];
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Buckets follow the local clock (bars start on the hour, at 00/06/12/18, at midnight), so a
 * daylight-saving day has a 23- or 25-hour bar instead of bars that start at 01:00.
 */
function bucketStart(t: number, size: RangePreset['bucket']): number {
  const d = new Date(t);
  if (size === 'hour') return t - (d.getMinutes() * 60_000 + d.getSeconds() * 1000 + d.getMilliseconds());
  if (size === 'day') return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const hour = d.getHours() - (d.getHours() % 6);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), hour).getTime();
}

function shiftBucket(start: number, size: RangePreset['bucket'], n: number): number {
  if (size === 'hour') return start + n * HOUR_MS;
  const d = new Date(start);
  if (size === 'day') return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n).getTime();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours() + 6 * n).getTime();
}

/** The window and bars for `range`, ending with the bar that holds `now`. */
export function historyWindow(range: HistoryRange, now: number): HistoryWindow {
  const { buckets: count, bucket } = RANGE_PRESETS[range];
  const last = bucketStart(now, bucket);
  const first = shiftBucket(last, bucket, -(count - 1));
  const buckets: Bucket[] = [];
  for (let start = first; buckets.length < count; start = shiftBucket(start, bucket, 1)) {
    buckets.push({ start, end: shiftBucket(start, bucket, 1) });
  }
  return { from: first, to: now, buckets };
}

/** Local midnight before `now`. */
export function startOfLocalDay(now: number): number {
  return bucketStart(now, 'day');
}
