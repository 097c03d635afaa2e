import 'fake-indexeddb/auto';
import { openDb } from '../../lib/db/schema';
import { ACTIVITIES, type Activity, MOODS, type Mood } from '../../lib/mood/types';
import type { MusicModel } from '../../lib/recommend/music-model';
import { DEFAULT_PROFILES } from '../../lib/recommend/profiles';
import { recommend } from '../../lib/recommend/recommend';
import { ACTIVITY_EXPECTED, EXPECTED, type LabelledTrack, type TrackLabel } from './music-tracks';

/** Picks judged per mood. */
export const TOP = 20;

/**
 * Precision among the top 20 picks for each face mood, and their mean; then, as extra keys after the five, each
 * activity a label fits (`ACTIVITY_EXPECTED`: workout, wind down), which the mean leaves out.
 */
export interface PrecisionReport {
  precision_at_20: Record<Mood, number> & Partial<Record<Activity, number>>;
  macro: number;
  /**
   * Focus has no label to score: the share of its top 20 that are instrumental-leaning and unsung (`FOCUS_LIKE`),
   * a description of its picks, not a precision. Not in the JSON line.
   */
  focusLike?: number;
}

/** A focus pick that fits its brief: mostly instrumental (≥ 0.5) and no speech to follow (speechiness < 0.1). */
export const FOCUS_LIKE = (f: { instrumentalness?: number | null; speechiness?: number | null }) =>
  (f.instrumentalness ?? 0) >= 0.5 && (f.speechiness ?? 1) < 0.1;

let libraries = 0;

/**
 * For each face mood, the shipped Match-mode ranking over a library of every track in `tracks` (fake-indexeddb,
 * the real `recommend`), at the default ranges, nothing excluded, no feedback, and the share of its top 20 whose
 * label is the one expected (`EXPECTED`). The top 20 are the ranking's best 20 taken outright (`poolFactor` 1),
 * where the DJ samples its batches among the best three times as many. `music` is the model that hears the tracks;
 * null ranks by the ranges alone.
 */
export async function precisionAt20(
  tracks: readonly LabelledTrack[],
  music: MusicModel | null,
): Promise<PrecisionReport> {
  const db = openDb(`eval-music-${process.pid}-${libraries++}`);
  try {
    await db.transaction('rw', db.tracks, db.features, async () => {
      await db.tracks.bulkPut(tracks.map((t) => t.track));
      await db.features.bulkPut(tracks.map((t) => t.features));
    });
    const labels = new Map(tracks.map((t) => [t.track.id, t.label]));
    const top = (mood: Mood | Activity) =>
      recommend({
        db,
        profile: DEFAULT_PROFILES[mood],
        mood,
        music,
        count: TOP,
        exclude: new Set(),
        seed: 1,
        poolFactor: 1,
      }).then((r) => r.tracks);
    const share = (picks: { track: { id: string } }[], expected: readonly TrackLabel[]) => {
      const hits = picks.filter((p) => {
        const label = labels.get(p.track.id);
        return label !== undefined && expected.includes(label);
      }).length;
      return picks.length > 0 ? hits / picks.length : 0;
    };
    const precision = {} as PrecisionReport['precision_at_20'];
    for (const mood of MOODS) precision[mood] = share(await top(mood), EXPECTED[mood]);
    const macro = MOODS.reduce((sum, mood) => sum + precision[mood], 0) / MOODS.length;
    for (const activity of ACTIVITIES) {
      const expected = ACTIVITY_EXPECTED[activity];
      if (expected) precision[activity] = share(await top(activity), expected);
    }
    const focus = await top('focus');
    const focusLike = focus.length > 0 ? focus.filter((p) => FOCUS_LIKE(p.features)).length / focus.length : 0;
    return { precision_at_20: precision, macro, focusLike };
  } finally {
    await db.delete();
  }
}

/** Rounds a report to 3 decimals, as it is printed and committed. */
export function rounded(report: PrecisionReport): PrecisionReport {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const precision = Object.fromEntries(
    [...MOODS, ...ACTIVITIES].flatMap((m) => {
      const p = report.precision_at_20[m];
      return p === undefined ? [] : [[m, r(p)]];
    }),
  ) as PrecisionReport['precision_at_20'];
  return {
    precision_at_20: precision,
    macro: r(report.macro),
    ...(report.focusLike === undefined ? {} : { focusLike: r(report.focusLike) }),
  };
}

/**
 * A table of boxes-only against the shipped ranking, one row per mood and the macro mean (over the five), then
 * the activities a label fits, and focus's share of instrumental, unsung picks.
 */
export function precisionTable(columns: Record<string, PrecisionReport>): string {
  const names = Object.keys(columns);
  const cell = (x: number) => x.toFixed(2).padStart(12);
  const lines = [`${'mood'.padEnd(10)}${names.map((n) => n.padStart(12)).join('')}`];
  for (const mood of MOODS) {
    lines.push(`${mood.padEnd(10)}${names.map((n) => cell(columns[n]?.precision_at_20[mood] ?? Number.NaN)).join('')}`);
  }
  lines.push(`${'macro'.padEnd(10)}${names.map((n) => cell(columns[n]?.macro ?? Number.NaN)).join('')}`);
  for (const activity of ACTIVITIES) {
    const ps = names.map((n) => columns[n]?.precision_at_20[activity]);
    if (ps.some((p) => p !== undefined))
      lines.push(`${activity.padEnd(10)}${ps.map((p) => cell(p ?? Number.NaN)).join('')}`);
  }
  const focus = names.map((n) => columns[n]?.focusLike);
  if (focus.some((p) => p !== undefined)) {
    lines.push(`${'focus*'.padEnd(10)}${focus.map((p) => cell(p ?? Number.NaN)).join('')}`);
    lines.push(
      '* focus has no label in the file: the share of its top 20 that is instrumental (≥ 0.5) and unsung (speechiness < 0.1).',
    );
  }
  return lines.join('\n');
}
