import type { MoodDjDb } from '@/lib/db/schema';
import { type HistoryData, type MoodPoint, type PlayPoint, summariseHistory } from './aggregate';
import { type SparkPoint, todaySparkline } from './charts/sparkline';
import { type HistoryRange, historyWindow, startOfLocalDay } from './ranges';

/**
 * Mood rows in [from, to] through the `at` index, plus the last row before `from`: it holds
 * the mood that was current at `from`.
 */
async function moodsFrom(db: MoodDjDb, from: number, to: number): Promise<MoodPoint[]> {
  const [before, inside] = await Promise.all([
    db.moodEvents.where('at').below(from).last(),
    db.moodEvents.where('at').between(from, to, true, true).toArray(),
  ]);
  return before ? [before, ...inside] : inside;
}

/** Queued and played rows in [from, to], one `[kind+at]` range each. */
async function playsFrom(db: MoodDjDb, from: number, to: number): Promise<PlayPoint[]> {
  const kinds = ['queued', 'played'] as const;
  const rows = await Promise.all(
    kinds.map((kind) => db.playEvents.where('[kind+at]').between([kind, from], [kind, to], true, true).toArray()),
  );
  // The index ranges hold only these kinds; the check tells the compiler so.
  return rows.flat().filter((row): row is typeof row & PlayPoint => row.kind === 'queued' || row.kind === 'played');
}

/** The mood history for `range` ending at `now`. */
export async function loadHistory(db: MoodDjDb, range: HistoryRange, now: number): Promise<HistoryData> {
  const { from } = historyWindow(range, now);
  const [moodEvents, playEvents] = await db.transaction('r', db.moodEvents, db.playEvents, () =>
    Promise.all([moodsFrom(db, from, now), playsFrom(db, from, now)]),
  );
  return summariseHistory({ range, now, moodEvents, playEvents });
}

/** Skips and completions of MoodDJ's tracks (`lib/dj/skips.ts`) in a window. */
export interface SkipCounts {
  skipped: number;
  completed: number;
}

/** Skips and completions from `from` to `now`, one `[kind+at]` count each. */
export async function countSkips(db: MoodDjDb, from: number, now: number): Promise<SkipCounts> {
  const count = (kind: 'skipped' | 'completed') =>
    db.playEvents.where('[kind+at]').between([kind, from], [kind, now], true, true).count();
  const [skipped, completed] = await Promise.all([count('skipped'), count('completed')]);
  return { skipped, completed };
}

/** Today's moods for the popup sparkline. */
export async function loadTodaySparkline(db: MoodDjDb, now: number): Promise<SparkPoint[]> {
  return todaySparkline(await moodsFrom(db, startOfLocalDay(now), now), now);
}
