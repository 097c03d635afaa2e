import Dexie, { type EntityTable } from 'dexie';
import type { Mood, PickableMood } from '@/lib/mood/types';

/** A saved track from the user's library (`GET /me/tracks`). */
export interface TrackRow {
  /** Spotify track id. */
  id: string;
  uri: string;
  name: string;
  artists: string[];
  artistIds: string[];
  album: string;
  durationMs: number;
  /** ISO time the user saved it, from `added_at`. */
  addedAt: string;
  /** The sync run that last saw it; a full reconcile removes rows from older runs. */
  seenInSync: number;
  /**
   * False when Spotify lists it with `is_playable: false`: kept in the library (a later sync may find it
   * playable again) but never suggested, queued or added to a playlist. Rows from before version 3 are playable.
   */
  playable: boolean;
  /**
   * Where the person keeps it: `liked` (Liked Songs) and `playlist:<id>` for each chosen playlist that
   * holds it. A track that is in no chosen source leaves the library. Absent only on rows written outside the
   * sync by older code; read as `['liked']` (`trackSources`).
   */
  sources?: string[];
}

/** The source of a saved track (`GET /me/tracks`). */
export const LIKED_SOURCE = 'liked';
/** The source key of a chosen playlist. */
export const playlistSource = (playlistId: string): string => `playlist:${playlistId}`;
/** A row's sources, with rows from before sources existed read as Liked Songs. */
export const trackSources = (row: Pick<TrackRow, 'sources'>): string[] => row.sources ?? [LIKED_SOURCE];

export type FeatureProvider = 'soundnet' | 'reccobeats';

/** Audio features normalised to 0–1 (tempo in BPM, loudness in dB), with their origin. */
export interface FeaturesRow {
  trackId: string;
  provider: FeatureProvider;
  /** Epoch ms of the fetch. */
  fetchedAt: number;
  valence: number;
  energy: number;
  tempo: number;
  danceability: number | null;
  acousticness: number | null;
  instrumentalness: number | null;
  liveness: number | null;
  speechiness: number | null;
  loudness: number | null;
}

export type QueueStatus = 'pending' | 'failed' | 'unknown';

/** A track waiting for features; `[status+nextAttemptAt]` drives the scheduler. */
export interface FeatureQueueRow {
  trackId: string;
  status: QueueStatus;
  /** Epoch ms before which the track is not asked for again. */
  nextAttemptAt: number;
  attempts: number;
  lastError: string | null;
  /** Providers that answered "unknown" for this track. */
  unknownTo: FeatureProvider[];
  /**
   * Providers never to ask again for this track: they answered that they cannot serve it (SoundNet's 200 with
   * an error or a stub), and asking again would only spend quota. Absent on older rows.
   */
  neverAsk?: FeatureProvider[];
}

/** Key/value rows for sync cursors, budgets and progress, so a stopped worker resumes. */
export interface SyncStateRow {
  key: string;
  value: unknown;
  updatedAt: number;
}

/** One change of the smoothed mood (not every frame). */
export interface MoodEventRow {
  id?: number;
  at: number;
  mood: PickableMood;
  confidence: number;
  source: 'camera' | 'manual';
}

/**
 * A track MoodDJ queued, or one the player reported playing; or what became of a track MoodDJ queued once the
 * player left it (`lib/dj/skips.ts`): `skipped` within 30 s of playback, or `completed` (played to the end),
 * with `at` the moment it was left. The ranking learns from these for the mood (`lib/recommend/feedback.ts`).
 */
export interface PlayEventRow {
  id?: number;
  at: number;
  trackId: string;
  kind: 'queued' | 'played' | 'skipped' | 'completed';
  /** The mood the track was chosen for, when MoodDJ chose it. */
  mood: PickableMood | null;
}

/** The personal neutral baseline. Written and read only by the offscreen document. */
export interface CalibrationRow {
  key: 'baseline';
  baseline: unknown;
  createdAt: number;
}

/**
 * A "not how I feel" example: the feature vector of a face the person labelled by hand (numbers
 * only, never pixels; `lib/mood/personal.ts`). Written and read by the offscreen document; the background
 * lists (mood, time) and deletes them. Never exported.
 */
export interface PersonalExampleRow {
  id?: number;
  mood: Mood;
  at: number;
  example: unknown;
  /**
   * True for an example kept by the rule before version 4: every hand pick that differed from the
   * camera's reading within 5 s, including picks that only chose the music, so its label may be wrong. The
   * person is asked once whether to keep or clear them (`lib/mood/personal-service.ts`). Absent on examples the
   * person kept on purpose ("Not how I feel").
   */
  implicit?: boolean;
}

/**
 * Secrets (Spotify tokens, the RapidAPI key) live here, in the extension's own IndexedDB:
 * content scripts run in the page's origin and cannot reach it, unlike `storage.local`.
 * Only the background reads or writes this table.
 */
export interface SecretRow {
  key: 'spotify-tokens' | 'rapidapi-key';
  value: unknown;
  updatedAt: number;
}

export type MoodDjDb = Dexie & {
  tracks: EntityTable<TrackRow, 'id'>;
  features: EntityTable<FeaturesRow, 'trackId'>;
  featureQueue: EntityTable<FeatureQueueRow, 'trackId'>;
  syncState: EntityTable<SyncStateRow, 'key'>;
  moodEvents: EntityTable<MoodEventRow, 'id'>;
  playEvents: EntityTable<PlayEventRow, 'id'>;
  calibration: EntityTable<CalibrationRow, 'key'>;
  personalExamples: EntityTable<PersonalExampleRow, 'id'>;
  secrets: EntityTable<SecretRow, 'key'>;
};

export const DB_NAME = 'mooddj';

/**
 * Opens MoodDJ's database. The compound indexes serve queries we know are coming:
 * features by `[valence+energy]` ranges (recommendations), the queue by
 * `[status+nextAttemptAt]` (scheduler), history by time and `[mood+at]`/`[kind+at]`.
 */
export function openDb(name = DB_NAME): MoodDjDb {
  const db = new Dexie(name) as MoodDjDb;
  db.version(1).stores({
    tracks: 'id, addedAt, seenInSync, *artistIds',
    features: 'trackId, [valence+energy], tempo, provider, fetchedAt',
    featureQueue: 'trackId, [status+nextAttemptAt]',
    syncState: 'key',
    moodEvents: '++id, at, [mood+at]',
    playEvents: '++id, at, trackId, [kind+at], [trackId+at]',
    calibration: 'key',
    secrets: 'key',
  });
  db.version(2).stores({ personalExamples: '++id, mood, at' });
  // Tracks got `playable`. Not indexed: a boolean is no IndexedDB key, and the few unplayable
  // tracks are left out where rows are read anyway.
  db.version(3).upgrade((tx) =>
    tx
      .table('tracks')
      .toCollection()
      .modify((track: Partial<TrackRow>) => {
        track.playable ??= true;
      }),
  );
  // A face is kept as an example only when the person says so: the examples the old rule kept from
  // every differing hand pick are marked, so the person can clear or keep them. Not indexed: at most 20 per mood.
  db.version(4).upgrade((tx) =>
    tx
      .table('personalExamples')
      .toCollection()
      .modify((row: Partial<PersonalExampleRow>) => {
        row.implicit = true;
      }),
  );
  // Playlists as sources: each track keeps where it comes from, indexed (multi-entry) so a source's
  // tracks are found without a scan. Every track before this came from Liked Songs.
  db.version(5)
    .stores({ tracks: 'id, addedAt, seenInSync, *artistIds, *sources' })
    .upgrade((tx) =>
      tx
        .table('tracks')
        .toCollection()
        .modify((track: Partial<TrackRow>) => {
          track.sources ??= [LIKED_SOURCE];
        }),
    );
  return db;
}

let shared: MoodDjDb | undefined;

/** The database for this context, opened once. */
export function db(): MoodDjDb {
  shared ??= openDb();
  return shared;
}
