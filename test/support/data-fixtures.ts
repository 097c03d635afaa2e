import type { FeatureOutcome } from '@/lib/audio-features/types';
import type { FeaturesRow, MoodDjDb } from '@/lib/db/schema';
import { makeLibrary } from '@/test/support/sync-fixtures';

/** Planted in the tables an export must never read, so a test can search the file for them. */
export const PLANTED = {
  spotifyToken: 'BQD-planted-access-token-5f0c',
  refreshToken: 'AQC-planted-refresh-token-77aa',
  rapidApiKey: 'planted-rapidapi-key-0123456789abcdef',
  baselineFeature: 'plantedBaselineFeature',
  personalFeature: '0.3141592653',
} as const;

export function makeFeatures(trackId: string, n: number): FeaturesRow {
  return {
    trackId,
    provider: n % 2 ? 'soundnet' : 'reccobeats',
    fetchedAt: 1_760_000_000_000 + n,
    valence: (n % 10) / 10,
    energy: ((n + 3) % 10) / 10,
    tempo: 90 + n,
    danceability: 0.5,
    acousticness: null,
    instrumentalness: 0.1,
    liveness: null,
    speechiness: 0.05,
    loudness: -7.5,
  };
}

/**
 * A filled database: `tracks` saved tracks (the last `withoutFeatures` of them not yet analysed),
 * mood and play history, a queue, sync state, a calibration, a personal example and both secrets.
 */
export async function fillDb(db: MoodDjDb, { tracks = 12, withoutFeatures = 3, moods = 7, plays = 5 } = {}) {
  const library = makeLibrary(tracks);
  await db.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 4 })));
  await db.features.bulkAdd(library.slice(0, tracks - withoutFeatures).map((t, i) => makeFeatures(t.id, i)));
  await db.featureQueue.bulkAdd(
    library.slice(tracks - withoutFeatures).map((t) => ({
      trackId: t.id,
      status: 'failed' as const,
      nextAttemptAt: 5,
      attempts: 3,
      lastError: '500',
      unknownTo: [],
    })),
  );
  await db.moodEvents.bulkAdd(
    Array.from({ length: moods }, (_, i) => ({
      at: 1_760_000_000_000 + i * 60_000,
      mood: (['happy', 'sad', 'neutral'] as const)[i % 3] ?? 'neutral',
      confidence: 0.7,
      source: 'camera' as const,
    })),
  );
  await db.playEvents.bulkAdd(
    Array.from({ length: plays }, (_, i) => ({
      at: 1_760_000_000_000 + i * 90_000,
      trackId: library[i % tracks]?.id ?? 'x',
      kind: i % 2 ? ('played' as const) : ('queued' as const),
      mood: 'happy' as const,
    })),
  );
  await db.syncState.put({ key: 'library', value: { runId: 4 }, updatedAt: 1 });
  await db.calibration.put({
    key: 'baseline',
    baseline: { version: 1, frames: 15, features: { [PLANTED.baselineFeature]: 0.123456789 } },
    createdAt: 1,
  });
  // A "that's not me" example: face numbers that stay on this device.
  await db.personalExamples.add({
    mood: 'sad',
    at: 1,
    example: { mood: 'sad', version: 1, features: [Number(PLANTED.personalFeature), null] },
  });
  await db.secrets.bulkPut([
    {
      key: 'spotify-tokens',
      value: { accessToken: PLANTED.spotifyToken, refreshToken: PLANTED.refreshToken },
      updatedAt: 1,
    },
    { key: 'rapidapi-key', value: PLANTED.rapidApiKey, updatedAt: 1 },
  ]);
  return library;
}

/** Row counts of every table, to show that a refused import changed nothing. */
export async function countAll(db: MoodDjDb): Promise<Record<string, number>> {
  const entries = await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const));
  return Object.fromEntries(entries);
}

/** A provider's answer with middling valence and energy and nothing else: the tracks' features do not matter. */
export const OK_FEATURES: FeatureOutcome = {
  kind: 'ok',
  features: {
    valence: 0.5,
    energy: 0.5,
    tempo: 120,
    danceability: null,
    acousticness: null,
    instrumentalness: null,
    liveness: null,
    speechiness: null,
    loudness: null,
  },
};
