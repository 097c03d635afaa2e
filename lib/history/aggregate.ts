import { PICKABLE_MOODS, type PickableMood } from '@/lib/mood/types';
import { type Bucket, type HistoryRange, historyWindow } from './ranges';

/**
 * The longest a mood row counts for without a newer row. Rows are written only when the mood
 * changes, so silence this long means the camera stopped or the person was away, not that
 * the mood held.
 * @default 30 minutes
 */
export const MAX_GAP_MS = 30 * 60 * 1000;

// Written out rather than picked from the table rows, so the pages that draw the history stay clear of the
// database module (`query.ts` hands rows over, which have these fields and more).

/** What the history needs from a mood row (`MoodEventRow`). */
export interface MoodPoint {
  at: number;
  mood: PickableMood;
}

/** How a track got into the play history. */
export type PlayKind = 'queued' | 'played';

/** What the history needs from a play row (`PlayEventRow`). */
export interface PlayPoint {
  at: number;
  kind: PlayKind;
  /** The mood the track was chosen for, when MoodDJ chose it. */
  mood: PickableMood | null;
}

/** A stretch of one mood, epoch ms, `start < end`. */
export interface MoodSegment {
  mood: PickableMood;
  start: number;
  end: number;
}

/** Milliseconds (or counts) per mood. */
export type PerMood = Record<PickableMood, number>;

export interface MoodBucket extends Bucket {
  /** Time in each mood inside this bucket, ms. */
  totals: PerMood;
}

/** Tracks queued or played in the window, by the mood they were picked for. */
export interface PlayCounts {
  byMood: PerMood;
  /** Tracks without a mood: played, but not picked by MoodDJ. */
  untagged: number;
  total: number;
}

/** Everything the history view draws, for one range. Plain data: it survives structured clone. */
export interface HistoryData {
  range: HistoryRange;
  /** Window start (start of the first bucket), epoch ms. */
  from: number;
  /** Window end (`now`), epoch ms. */
  to: number;
  segments: MoodSegment[];
  /** Time in each mood inside the window, ms. */
  totals: PerMood;
  /** Time with a known mood, ms: the sum of `totals`. */
  covered: number;
  buckets: MoodBucket[];
  plays: Record<PlayKind, PlayCounts>;
}

/** What a page gets to draw the history: everything but the segments, which only the sums are made from. */
export type HistoryView = Omit<HistoryData, 'segments'>;

export function emptyPerMood(): PerMood {
  return { happy: 0, sad: 0, angry: 0, neutral: 0, surprised: 0, focus: 0, workout: 0, winddown: 0 };
}

/**
 * The mood timeline inside [from, to]. Each row's mood lasts until the next row, at most
 * `maxGapMs`; a row before `from` sets the mood at `from`. Touching stretches of the same
 * mood are joined.
 */
export function moodSegments(
  events: readonly MoodPoint[],
  from: number,
  to: number,
  maxGapMs = MAX_GAP_MS,
): MoodSegment[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const segments: MoodSegment[] = [];
  sorted.forEach((event, i) => {
    const nextAt = sorted[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const start = Math.max(event.at, from);
    const end = Math.min(nextAt, event.at + maxGapMs, to);
    if (end <= start) return;
    const last = segments.at(-1);
    if (last && last.mood === event.mood && last.end === start) last.end = end;
    else segments.push({ mood: event.mood, start, end });
  });
  return segments;
}

/** Time per mood over the segments that fall inside [from, to]. */
export function timePerMood(segments: readonly MoodSegment[], from: number, to: number): PerMood {
  const totals = emptyPerMood();
  for (const s of segments) {
    const ms = Math.min(s.end, to) - Math.max(s.start, from);
    if (ms > 0) totals[s.mood] += ms;
  }
  return totals;
}

/** Time per mood in each bucket. */
export function bucketTotals(segments: readonly MoodSegment[], buckets: readonly Bucket[]): MoodBucket[] {
  return buckets.map((b) => ({ start: b.start, end: b.end, totals: timePerMood(segments, b.start, b.end) }));
}

/** Queued and played tracks in [from, to], counted by the mood they were picked for. */
export function playMoods(events: readonly PlayPoint[], from: number, to: number): Record<PlayKind, PlayCounts> {
  const counts = {
    queued: { byMood: emptyPerMood(), untagged: 0, total: 0 },
    played: { byMood: emptyPerMood(), untagged: 0, total: 0 },
  };
  for (const e of events) {
    if (e.at < from || e.at > to) continue;
    const kind = counts[e.kind];
    kind.total += 1;
    if (e.mood === null) kind.untagged += 1;
    else kind.byMood[e.mood] += 1;
  }
  return counts;
}

export function sumPerMood(values: PerMood): number {
  return PICKABLE_MOODS.reduce((sum, mood) => sum + values[mood], 0);
}

export interface HistoryInput {
  range: HistoryRange;
  now: number;
  /** Rows inside the window, plus the last row before it. */
  moodEvents: readonly MoodPoint[];
  playEvents: readonly PlayPoint[];
  /** @default MAX_GAP_MS */
  maxGapMs?: number;
}

/** The history for one range, from the rows `loadHistory` reads. */
export function summariseHistory({
  range,
  now,
  moodEvents,
  playEvents,
  maxGapMs = MAX_GAP_MS,
}: HistoryInput): HistoryData {
  const { from, to, buckets } = historyWindow(range, now);
  const segments = moodSegments(moodEvents, from, to, maxGapMs);
  const totals = timePerMood(segments, from, to);
  return {
    range,
    from,
    to,
    segments,
    totals,
    covered: sumPerMood(totals),
    buckets: bucketTotals(segments, buckets),
    plays: playMoods(playEvents, from, to),
  };
}
