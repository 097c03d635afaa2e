import type { MoodDjDb } from '@/lib/db/schema';
import type { MoodProfile } from '@/lib/recommend/profiles';

/**
 * How many library tracks fall inside a profile's ranges, counted through the
 * `[valence+energy]` index (energy and tempo are checked on the rows the index yields).
 * Features of tracks no longer saved do not count, nor tracks the user cannot play (never picked).
 */
export async function countMatches(db: MoodDjDb, profile: MoodProfile): Promise<number> {
  const ids = await db.features
    .where('[valence+energy]')
    .between([profile.valence.min, profile.energy.min], [profile.valence.max, profile.energy.max], true, true)
    .filter(
      (f) =>
        f.energy >= profile.energy.min &&
        f.energy <= profile.energy.max &&
        f.tempo >= profile.tempo.min &&
        f.tempo <= profile.tempo.max,
    )
    .primaryKeys();
  if (ids.length === 0) return 0;
  return db.tracks
    .where('id')
    .anyOf(ids)
    .filter((track) => track.playable)
    .count();
}
