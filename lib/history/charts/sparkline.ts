import type { PickableMood } from '@/lib/mood/types';
import { MAX_GAP_MS, type MoodPoint, moodSegments } from '../aggregate';
import { startOfLocalDay } from '../ranges';

/** From `at` until the next point the mood was `mood`; `null` is time without a mood (away). */
export interface SparkPoint {
  at: number;
  mood: PickableMood | null;
}

/**
 * Heights on the sparkline, low to high valence, so the line reads as "down" and "up"
 * rather than in the model's output order. The activities sit where their boxes' valence does: wind down with
 * sad, focus with neutral, workout between neutral and surprised.
 */
export const SPARK_LEVEL: Readonly<Record<PickableMood, number>> = {
  angry: 0,
  sad: 1,
  neutral: 2,
  surprised: 3,
  happy: 4,
  winddown: 1,
  focus: 2,
  workout: 2.5,
};

/**
 * Today's moods as steps, from local midnight to `now`. The last point is always at `now`
 * and only closes the line. Empty when no mood was known today.
 */
export function todaySparkline(events: readonly MoodPoint[], now: number, maxGapMs = MAX_GAP_MS): SparkPoint[] {
  const from = startOfLocalDay(now);
  const segments = moodSegments(events, from, now, maxGapMs);
  const last = segments.at(-1);
  if (!last) return [];
  const points: SparkPoint[] = [];
  let cursor = from;
  for (const s of segments) {
    if (s.start > cursor) points.push({ at: cursor, mood: null });
    points.push({ at: s.start, mood: s.mood });
    cursor = s.end;
  }
  if (cursor < now) points.push({ at: cursor, mood: null });
  points.push({ at: now, mood: cursor < now ? null : last.mood });
  return points;
}

export interface SparkSummary {
  /** The mood held longest today. */
  mostly: PickableMood | null;
  /** Switches from one mood to another; time away between two moods does not count as one. */
  changes: number;
}

export function summariseSparkline(points: readonly SparkPoint[]): SparkSummary {
  const time = new Map<PickableMood, number>();
  let changes = 0;
  let previous: PickableMood | null = null;
  points.forEach((p, i) => {
    const next = points[i + 1];
    if (p.mood === null || !next) return;
    time.set(p.mood, (time.get(p.mood) ?? 0) + next.at - p.at);
    if (previous !== null && previous !== p.mood) changes += 1;
    previous = p.mood;
  });
  let mostly: PickableMood | null = null;
  for (const [mood, ms] of time) if (mostly === null || ms > (time.get(mostly) ?? 0)) mostly = mood;
  return { mostly, changes };
}
