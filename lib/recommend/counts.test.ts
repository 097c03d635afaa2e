import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { featuresAt, savedTrack } from '@/test/support/tracks';
import { countMatches } from './counts';

let db: MoodDjDb;
afterEach(async () => {
  await db.delete();
});

describe('countMatches', () => {
  it('counts library tracks inside all three ranges, and only those still saved', async () => {
    db = openDb(`counts-${Math.random()}`);
    const feature = (trackId: string, valence: number, energy: number, tempo: number) =>
      featuresAt(trackId, { valence, energy, tempo });
    await db.features.bulkPut([
      feature('in', 0.8, 0.7, 120),
      feature('slow', 0.8, 0.7, 70),
      feature('calm', 0.8, 0.2, 120),
      feature('gone', 0.8, 0.7, 120),
    ]);
    await db.tracks.bulkPut(['in', 'slow', 'calm'].map((id) => savedTrack(id)));
    const happy = { valence: { min: 0.6, max: 1 }, energy: { min: 0.5, max: 1 }, tempo: { min: 100, max: 180 } };
    expect(await countMatches(db, happy)).toBe(1);
    expect(await countMatches(db, { ...happy, tempo: { min: 60, max: 180 } })).toBe(2);
    // A track the user cannot play is never picked, so it does not count.
    await db.tracks.update('slow', { playable: false });
    expect(await countMatches(db, { ...happy, tempo: { min: 60, max: 180 } })).toBe(1);
  });
});
