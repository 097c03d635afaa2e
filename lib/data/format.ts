import { z } from 'zod';
import type { FeaturesRow, MoodEventRow, PlayEventRow, TrackRow } from '@/lib/db/schema';
import { PICKABLE_MOODS } from '@/lib/mood/types';
import type { Settings } from '@/lib/settings/schema';

/** The `format` of every MoodDJ export file. */
export const EXPORT_FORMAT = 'mooddj-export';
/**
 * The file version this build writes; a file with a higher one came from a newer MoodDJ. Version 2 added the
 * `skipped` and `completed` plays (the DJ learning from skips); version 1 files, which have none, still import.
 */
export const EXPORT_VERSION = 2;
/** Every version this build reads. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

/**
 * A saved track as exported. `seenInSync` is sync bookkeeping for this device, not the person's data:
 * it is left out, and an import lets the next full sync reconcile the library with Spotify. So is `playable`,
 * Spotify's answer of the moment, which that sync asks again (an older MoodDJ would refuse the extra key).
 */
export type ExportedTrack = Omit<TrackRow, 'seenInSync' | 'playable' | 'sources'>;

/**
 * Everything a person can take to another browser. Secrets (Spotify tokens, the RapidAPI key) and
 * the calibration (derived from their face) are never part of it, nor the queue or sync state.
 */
export interface MoodDjExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO time of the export. */
  exportedAt: string;
  settings: Settings;
  library: { tracks: ExportedTrack[]; features: FeaturesRow[] };
  moodHistory: MoodEventRow[];
  playHistory: PlayEventRow[];
}

const unit = z.number().min(0).max(1);
const epochMs = z.number().int().min(0);
const rowId = z.number().int().positive().optional();
const mood = z.enum(PICKABLE_MOODS);

/*
 * Rows are strict: a file MoodDJ wrote has no other keys, so an extra one means the file was edited
 * or came from elsewhere, and nothing unchecked should reach IndexedDB.
 */
export const trackRowSchema = z.strictObject({
  id: z.string().min(1),
  uri: z.string().min(1),
  name: z.string(),
  artists: z.array(z.string()),
  artistIds: z.array(z.string()),
  album: z.string(),
  durationMs: z.number().int().min(0),
  addedAt: z.string(),
}) satisfies z.ZodType<ExportedTrack>;

export const featuresRowSchema = z.strictObject({
  trackId: z.string().min(1),
  provider: z.enum(['soundnet', 'reccobeats']),
  fetchedAt: epochMs,
  valence: unit,
  energy: unit,
  tempo: z.number().min(0),
  danceability: unit.nullable(),
  acousticness: unit.nullable(),
  instrumentalness: unit.nullable(),
  liveness: unit.nullable(),
  speechiness: unit.nullable(),
  loudness: z.number().nullable(),
}) satisfies z.ZodType<FeaturesRow>;

export const moodEventRowSchema = z.strictObject({
  id: rowId,
  at: epochMs,
  mood,
  confidence: unit,
  source: z.enum(['camera', 'manual']),
}) satisfies z.ZodType<MoodEventRow>;

export const playEventRowSchema = z.strictObject({
  id: rowId,
  at: epochMs,
  trackId: z.string().min(1),
  kind: z.enum(['queued', 'played', 'skipped', 'completed']),
  mood: mood.nullable(),
}) satisfies z.ZodType<PlayEventRow>;

/** Fails on the second row with the same key, so a bad file is refused before any write. */
function uniqueBy<T>(key: (row: T) => unknown, what: string) {
  return (rows: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<unknown>();
    rows.forEach((row, index) => {
      const value = key(row);
      if (value === undefined) return;
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: `Duplicate ${what} ${value}` });
      seen.add(value);
    });
  };
}

/**
 * A v1 or v2 export file. Settings are only required to be an object here: an import validates them
 * through `parseSettings`, which repairs a bad field to its default as stored settings are repaired.
 */
export const exportFileSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.union([z.literal(1), z.literal(EXPORT_VERSION)]),
  exportedAt: z.iso.datetime(),
  settings: z.record(z.string(), z.unknown()),
  library: z.strictObject({
    tracks: z.array(trackRowSchema).superRefine(uniqueBy((t) => t.id, 'track id')),
    features: z.array(featuresRowSchema).superRefine(uniqueBy((f) => f.trackId, 'features for track')),
  }),
  moodHistory: z.array(moodEventRowSchema).superRefine(uniqueBy((e) => e.id, 'mood change id')),
  playHistory: z.array(playEventRowSchema).superRefine(uniqueBy((e) => e.id, 'play id')),
});

/** A parsed, valid export file, ready for `importEverything`. */
export type ImportData = z.infer<typeof exportFileSchema>;
