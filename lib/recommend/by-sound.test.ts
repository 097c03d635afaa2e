import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FeaturesRow, type MoodDjDb, openDb } from '@/lib/db/schema';
import { liveStateSchema } from '@/lib/live-state/schema';
import { INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import { featuresAt, savedTrack } from '@/test/support/tracks';
import { bySound, SOUND_WEIGHT } from './by-sound';
import type { MusicModel } from './music-model';
import { DEFAULT_PROFILES } from './profiles';
import { type RecommendInput, recommend } from './recommend';
import { aimAt, distance, scoreOf } from './search';

let db: MoodDjDb;
beforeEach(() => {
  db = openDb(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

const SAD = DEFAULT_PROFILES.sad;

/**
 * A model that hears a track as sad as its acousticness says (0–1), and the rest evenly: the tests choose what it
 * hears by the one feature the ranges never look at.
 */
const byAcousticness: MusicModel = {
  probability: (f, like) => (like === 'sad' ? (f.acousticness ?? 0.25) : (1 - (f.acousticness ?? 0.25)) / 3),
  sound: (f, like) => ({ like, probability: byAcousticness.probability(f, like), cues: [] }),
};

interface Spec {
  id: string;
  valence: number;
  energy: number;
  tempo?: number;
  /** How sad `byAcousticness` hears it. */
  sad: number;
}

async function library(specs: Spec[]): Promise<void> {
  await db.tracks.bulkPut(specs.map(({ id }) => savedTrack(id)));
  await db.features.bulkPut(
    specs.map(
      ({ id, valence, energy, tempo = 90, sad }): FeaturesRow => ({
        ...featuresAt(id, { valence, energy, tempo }),
        acousticness: sad,
      }),
    ),
  );
}

const ask = (overrides: Partial<RecommendInput> = {}) =>
  recommend({
    db,
    profile: SAD,
    mood: 'sad',
    music: byAcousticness,
    count: 3,
    exclude: new Set(),
    seed: 1,
    ...overrides,
  });
const ids = (result: { tracks: { track: { id: string } }[] }) => result.tracks.map((t) => t.track.id);

describe('ranking by sound', () => {
  // Sad's ranges: valence 0–0.4, energy 0.1–0.5, tempo 60–120; centre (0.2, 0.3, 90).
  const centre = [
    { id: 'centre-a', valence: 0.2, energy: 0.3, sad: 0.1 },
    { id: 'centre-b', valence: 0.21, energy: 0.3, sad: 0.15 },
    { id: 'centre-c', valence: 0.19, energy: 0.31, sad: 0.1 },
  ];
  const edge = [
    { id: 'edge-a', valence: 0.36, energy: 0.45, sad: 0.9 },
    { id: 'edge-b', valence: 0.05, energy: 0.15, sad: 0.85 },
    { id: 'edge-c', valence: 0.35, energy: 0.14, sad: 0.8 },
  ];

  it('puts the tracks in the ranges that the model hears as sad first, before those nearer the centre', async () => {
    await library([...centre, ...edge]);
    const result = await ask({ poolFactor: 1 });
    expect(ids(result).sort()).toEqual(['edge-a', 'edge-b', 'edge-c']);
    expect(result.relaxed).toBe(0);
    expect(result.tracks.every((t) => t.reason.widened === 0)).toBe(true);
    // The ranges alone, as before, and without a mood: nearest the centre.
    expect(ids(await ask({ poolFactor: 1, music: null })).sort()).toEqual(['centre-a', 'centre-b', 'centre-c']);
    expect(ids(await ask({ poolFactor: 1, mood: undefined })).sort()).toEqual(['centre-a', 'centre-b', 'centre-c']);
  });

  it('samples its batches mostly among the tracks that sound right', async () => {
    await library([...centre, ...edge]);
    let edgePicks = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const result = await ask({ count: 1, seed });
      if (result.tracks[0]?.track.id.startsWith('edge')) edgePicks++;
    }
    expect(edgePicks).toBeGreaterThanOrEqual(27);
  });

  it('reaches one step beyond the ranges, never further, while the ranges hold enough', async () => {
    await library([
      ...centre,
      // Energy 0.55: outside sad's 0.1–0.5, inside it widened once (0–0.6).
      { id: 'near', valence: 0.2, energy: 0.55, sad: 1 },
      // Energy 0.65 or valence 0.55: outside even the once-widened ranges.
      { id: 'loud', valence: 0.2, energy: 0.65, sad: 1 },
      { id: 'bright', valence: 0.55, energy: 0.3, sad: 1 },
      { id: 'fast', valence: 0.2, energy: 0.3, tempo: 140, sad: 1 },
    ]);
    for (let seed = 1; seed <= 10; seed++) {
      const result = await ask({ seed });
      expect(ids(result)[0]).toBe('near');
      expect(ids(result)).not.toContain('loud');
      expect(ids(result)).not.toContain('bright');
      expect(ids(result)).not.toContain('fast');
      expect(result.relaxed).toBe(0);
      expect(result.tracks[0]?.reason).toMatchObject({ widened: 1, outside: ['energy'] });
      // Only the three in the ranges count as strict matches.
      expect(result.strictMatches).toBe(3);
    }
  });

  it('follows the person’s ranges: a moved box moves the picks, whatever the model hears', async () => {
    await library([...centre, ...edge, { id: 'bright', valence: 0.8, energy: 0.3, sad: 0.05 }]);
    const moved = { ...SAD, valence: { min: 0.7, max: 0.9 } };
    const result = await ask({ profile: moved, count: 1 });
    expect(ids(result)).toEqual(['bright']);
    expect(result.relaxed).toBe(0);
  });

  it('says what the model heard in each pick, and nothing in Lift mode or with the ranges alone', async () => {
    await library([...centre, ...edge]);
    const [first] = (await ask({ count: 1, poolFactor: 1 })).tracks;
    expect(first?.reason.sound).toEqual({ like: 'sad', probability: 0.9, cues: [] });
    expect((await ask({ music: null })).tracks[0]?.reason.sound).toBeUndefined();
    const lift = { to: DEFAULT_PROFILES.calm, steps: 3, target: 'calm' as const };
    expect((await ask({ lift })).tracks.every((t) => t.reason.sound === undefined)).toBe(true);
  });

  it('ranks with the shipped model when none is given, on tracks with and without the other features', async () => {
    await library([...centre, ...edge]);
    // featuresAt rows: only valence, energy and tempo (and the acousticness set above).
    const result = await ask({ music: undefined, count: 6 });
    expect(result.tracks).toHaveLength(6);
    expect(result.tracks.every((t) => t.reason.sound?.like === 'sad')).toBe(true);
    expect(result.tracks.every((t) => Number.isFinite(t.reason.sound?.probability))).toBe(true);
  });

  it('scores a hit by its fit times the model’s probability to the power SOUND_WEIGHT', () => {
    const aim = aimAt(SAD);
    const hit = (id: string, valence: number, sad: number) => {
      const features = { ...featuresAt(id, { valence, energy: 0.3, tempo: 90 }), acousticness: sad };
      return { features, distance: distance(aim, features), fit: scoreOf(distance(aim, features)) };
    };
    const ranked = bySound([hit('a', 0.2, 0.3), hit('b', 0.35, 0.9)], { model: byAcousticness, like: 'sad' });
    expect(ranked.map((h) => h.features.trackId)).toEqual(['b', 'a']);
    expect(ranked[1]?.fit).toBeCloseTo(1 * 0.3 ** SOUND_WEIGHT);
    expect(ranked[0]?.distance).toBeCloseTo(distance(aim, { valence: 0.35, energy: 0.3, tempo: 90 }));
  });
});

describe('the live state', () => {
  it('carries what the model heard to the pages, bounded', () => {
    const withReason = (reason: object) => ({
      ...INITIAL_LIVE_STATE,
      dj: {
        ...INITIAL_LIVE_STATE.dj,
        suggestions: [
          {
            id: 't',
            uri: 'spotify:track:t',
            name: 'T',
            artists: [],
            valence: 0.2,
            energy: 0.3,
            tempo: 90,
            queued: false,
            reason,
          },
        ],
      },
    });
    const base = { widened: 0, outside: [], distance: 0.1, lift: null };
    const cue = { feature: 'acousticness', level: 'high' };
    expect(liveStateSchema.safeParse(withReason(base)).success).toBe(true);
    expect(
      liveStateSchema.safeParse(withReason({ ...base, sound: { like: 'sad', probability: 0.8, cues: [cue] } })).success,
    ).toBe(true);
    expect(
      liveStateSchema.safeParse(
        withReason({ ...base, sound: { like: 'sad', probability: 0.8, cues: [cue, cue, cue, cue] } }),
      ).success,
    ).toBe(false);
    expect(
      liveStateSchema.safeParse(withReason({ ...base, sound: { like: 'sad', probability: 1.5, cues: [] } })).success,
    ).toBe(false);
    expect(
      liveStateSchema.safeParse(
        withReason({
          ...base,
          sound: { like: 'sad', probability: 0.8, cues: [{ feature: 'valence', level: 'high' }] },
        }),
      ).success,
    ).toBe(false);
  });
});
