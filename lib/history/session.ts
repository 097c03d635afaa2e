import type { PlayEventRow } from '@/lib/db/schema';
import { uiLocale } from '@/lib/i18n';
import type { PickableMood } from '@/lib/mood/types';
import { MAX_GAP_MS, type MoodPoint, type MoodSegment, moodSegments } from './aggregate';

/**
 * "This listening session": the run of mood and play events that ends with the newest one, with
 * no silence longer than `MAX_GAP_MS` between two of them. Silence that long means the person went away,
 * as it does for the mood history (`aggregate.ts`). A session that ended stays the latest one until
 * another begins, so coming back after a break can still keep it.
 */

/** What a session needs from a play row. */
export type SessionPlay = Pick<PlayEventRow, 'at' | 'trackId' | 'kind' | 'mood'>;

/** At most this many moods in a playlist's name: more read as noise ("happy → … → calm"). */
export const NAME_MOODS_MAX = 3;

export interface ListeningSession {
  /** The first event, epoch ms. */
  from: number;
  /** The end of the session: now while it is going on, else its last event plus nothing. */
  to: number;
  /** Its newest event, epoch ms: where a later run of events must pick up for the session to go on. */
  last: number;
  /** Whether the last event is at most `MAX_GAP_MS` old. */
  ongoing: boolean;
  /** Spotify track ids MoodDJ queued in the session and that were not skipped afterwards, once each, in queue order. */
  trackIds: string[];
  /** The moods over the session, as stretches (the strip next to "Save as playlist"). */
  segments: MoodSegment[];
  /** The moods one after another, each change once (from the mood rows, else the queued tracks' moods). */
  moods: PickableMood[];
}

/** The start of the run of `times` that ends with the newest, with no gap above `maxGapMs`; null when empty. */
export function sessionStart(times: readonly number[], maxGapMs = MAX_GAP_MS): number | null {
  const sorted = [...times].sort((a, b) => a - b);
  let start = sorted.at(-1);
  if (start === undefined) return null;
  for (let i = sorted.length - 1; i > 0; i--) {
    const previous = sorted[i - 1] as number;
    if ((sorted[i] as number) - previous > maxGapMs) break;
    start = previous;
  }
  return start;
}

/** The latest listening session at `now`, or null when nothing was recorded. */
export function listeningSession(
  moodEvents: readonly MoodPoint[],
  playEvents: readonly SessionPlay[],
  now: number,
  maxGapMs = MAX_GAP_MS,
): ListeningSession | null {
  const times = [...moodEvents.map((e) => e.at), ...playEvents.map((e) => e.at)].filter((at) => at <= now);
  const from = sessionStart(times, maxGapMs);
  if (from === null) return null;
  const last = Math.max(...times);
  const ongoing = now - last <= maxGapMs;
  const to = ongoing ? now : last;

  const plays = playEvents.filter((e) => e.at >= from && e.at <= now).sort((a, b) => a.at - b.at);
  /** Each track's first queueing by MoodDJ (its place) and its last (a skip after that one leaves it out). */
  const queued = new Map<string, { first: number; last: number; mood: PickableMood }>();
  for (const e of plays) {
    // A "queued" row without a mood was not MoodDJ's pick.
    if (e.kind !== 'queued' || e.mood === null) continue;
    const seen = queued.get(e.trackId);
    queued.set(e.trackId, seen ? { ...seen, last: e.at } : { first: e.at, last: e.at, mood: e.mood });
  }
  const skipped = (trackId: string, after: number) =>
    plays.some((e) => e.kind === 'skipped' && e.trackId === trackId && e.at > after);
  const kept = [...queued.entries()]
    .filter(([trackId, q]) => !skipped(trackId, q.last))
    .sort((a, b) => a[1].first - b[1].first);

  const segments = moodSegments(moodEvents, from, to, maxGapMs);
  const moods = changes(segments.length > 0 ? segments.map((s) => s.mood) : kept.map(([, q]) => q.mood));
  return { from, to, last, ongoing, trackIds: kept.map(([trackId]) => trackId), segments, moods };
}

/**
 * Whether a run of events that starts after `last` (a session's newest event when it was last seen) still
 * belongs to that session: no silence longer than `maxGapMs` from `last` through `times` (the events between,
 * the run's first included). A session is known by what it was, not by its first event's time, which moves when
 * the 24-hour look-back cuts a long session or "Delete mood history" takes its first rows.
 */
export function continuesAfter(last: number, times: readonly number[], maxGapMs = MAX_GAP_MS): boolean {
  let previous = last;
  for (const at of [...times].sort((a, b) => a - b)) {
    if (at - previous > maxGapMs) return false;
    previous = Math.max(previous, at);
  }
  return true;
}

function changes(moods: readonly PickableMood[]): PickableMood[] {
  return moods.filter((mood, i) => i === 0 || moods[i - 1] !== mood);
}

/**
 * The moods a playlist's name shows: each change once, at most `NAME_MOODS_MAX`; a longer trip keeps its
 * start and its end around an ellipsis.
 */
export function nameMoods(moods: readonly PickableMood[]): (PickableMood | '…')[] {
  if (moods.length <= NAME_MOODS_MAX) return [...moods];
  return [moods[0] as PickableMood, '…', moods.at(-1) as PickableMood];
}

/** The session's date as the person's locale writes it ("29 Nov 2026" in en-GB), the UI language's by default. */
export function sessionDate(at: number, locale = uiLocale()): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

/** The session's date and start time as the person's locale writes them ("6 Dec 2026, 21:40" in en-GB). */
export function sessionDateTime(at: number, locale = uiLocale()): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}
