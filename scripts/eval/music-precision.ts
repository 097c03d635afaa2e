import 'fake-indexeddb/auto';
import { openDb } from '../../lib/db/schema';
import { MOODS, type Mood } from '../../lib/mood/types';
import type { MusicModel } from '../../lib/recommend/music-model';
import { DEFAULT_PROFILES } from '../../lib/recommend/profiles';
import { recommend } from '../../lib/recommend/recommend';
import { EXPECTED, type LabelledTrack } from './music-tracks';

/** Picks judged per mood. */
export const TOP = 20;

/** Precision among the top 20 picks for each face mood, and their mean. */
export interface PrecisionReport {
  precision_at_20: Record<Mood, number>;
  macro: number;
}

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
    const precision = {} as Record<Mood, number>;
    for (const mood of MOODS) {
      const { tracks: picks } = await recommend({
        db,
        profile: DEFAULT_PROFILES[mood],
        mood,
        music,
        count: TOP,
        exclude: new Set(),
        seed: 1,
        poolFactor: 1,
      });
      const hits = picks.filter((p) => {
        const label = labels.get(p.track.id);
        return label !== undefined && EXPECTED[mood].includes(label);
      }).length;
      precision[mood] = picks.length > 0 ? hits / picks.length : 0;
    }
    const macro = MOODS.reduce((sum, mood) => sum + precision[mood], 0) / MOODS.length;
    return { precision_at_20: precision, macro };
  } finally {
    await db.delete();
  }
}

/** Rounds a report to 3 decimals, as it is printed and committed. */
export function rounded(report: PrecisionReport): PrecisionReport {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const precision = Object.fromEntries(MOODS.map((m) => [m, r(report.precision_at_20[m])])) as Record<Mood, number>;
  return { precision_at_20: precision, macro: r(report.macro) };
}

/** A table of boxes-only against the shipped ranking, one row per mood and the macro mean. */
export function precisionTable(columns: Record<string, PrecisionReport>): string {
  const names = Object.keys(columns);
  const cell = (x: number) => x.toFixed(2).padStart(12);
  const lines = [`${'mood'.padEnd(10)}${names.map((n) => n.padStart(12)).join('')}`];
  for (const mood of MOODS) {
    lines.push(`${mood.padEnd(10)}${names.map((n) => cell(columns[n]?.precision_at_20[mood] ?? Number.NaN)).join('')}`);
  }
  lines.push(`${'macro'.padEnd(10)}${names.map((n) => cell(columns[n]?.macro ?? Number.NaN)).join('')}`);
  return lines.join('\n');
}
