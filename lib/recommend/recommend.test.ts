import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FeaturesRow, type MoodDjDb, openDb, type TrackRow } from '@/lib/db/schema';
import { featuresAt, savedTrack } from '@/test/support/tracks';
import { DEFAULT_PROFILES, type MoodProfile } from './profiles';
import { mulberry32 } from './random';
import { NEAREST, type RecommendInput, recommend, shareArtist } from './recommend';

let db: MoodDjDb;
beforeEach(() => {
  db = openDb(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

interface Spec {
  id: string;
  valence: number;
  energy: number;
  tempo?: number;
  /** Artist ids; names are derived from them. @default [`artist-${id}`] */
  artists?: string[];
}

function trackRow({ id, artists = [`artist-${id}`] }: Spec): TrackRow {
  return savedTrack(id, {
    name: `Track ${id}`,
    artists: artists.map((a) => `Name of ${a}`),
    artistIds: artists,
  });
}

function featuresRow({ id, valence, energy, tempo = 110 }: Spec): FeaturesRow {
  return featuresAt(id, { valence, energy, tempo });
}

/** Saved tracks with features, as a finished sync leaves them. */
async function library(specs: Spec[]): Promise<void> {
  await db.tracks.bulkPut(specs.map(trackRow));
  await db.features.bulkPut(specs.map(featuresRow));
}

/** A spread of tracks over valence × energy (steps of 0.05), tempo varying, every track its own artist. */
function grid(): Spec[] {
  const specs: Spec[] = [];
  for (let v = 0; v <= 20; v++) {
    for (let e = 0; e <= 20; e++) {
      specs.push({ id: `g${v}-${e}`, valence: v / 20, energy: e / 20, tempo: 60 + ((v * 7 + e * 13) % 120) });
    }
  }
  return specs;
}

/** `n` tracks scattered uniformly over valence × energy, tempo 90–130, every track its own artist. */
function scatter(n: number, seed: number): Spec[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    valence: rand(),
    energy: rand(),
    tempo: 90 + 40 * rand(),
  }));
}

/** Valence and energy 0.4–0.6, tempo 100–120: centre (0.5, 0.5, 110). */
const SQUARE: MoodProfile = {
  valence: { min: 0.4, max: 0.6 },
  energy: { min: 0.4, max: 0.6 },
  tempo: { min: 100, max: 120 },
};

const ask = (overrides: Partial<RecommendInput> = {}) =>
  recommend({ db, profile: SQUARE, count: 5, exclude: new Set(), seed: 1, ...overrides });

const ids = (result: { tracks: { track: TrackRow }[] }) => result.tracks.map((t) => t.track.id);

describe('recommend', () => {
  it('ranks the centre of the ranges first, then by distance from it', async () => {
    await library([
      { id: 'edge', valence: 0.6, energy: 0.6, tempo: 120 },
      { id: 'centre', valence: 0.5, energy: 0.5, tempo: 110 },
      { id: 'near', valence: 0.53, energy: 0.48, tempo: 112 },
      { id: 'outside', valence: 0.9, energy: 0.9 },
    ]);
    const result = await ask({ count: 3 });
    expect(ids(result)).toEqual(['centre', 'near', 'edge']);
    expect(result.relaxed).toBe(0);
    expect(result.strictMatches).toBe(3);
    expect(result.tracks[0]?.score).toBeCloseTo(1);
    // At a corner of the ranges the score is 0.5.
    expect(result.tracks[2]?.score).toBeCloseTo(0.5);
    expect(result.tracks[0]?.target).toEqual({ valence: 0.5, energy: 0.5, tempo: 110 });
  });

  it('draws the centre more often than tracks on the edge', async () => {
    await library([
      { id: 'centre', valence: 0.5, energy: 0.5, tempo: 110 },
      ...Array.from({ length: 6 }, (_, i) => ({ id: `edge${i}`, valence: 0.6, energy: 0.59 + i * 0.001, tempo: 120 })),
    ]);
    const wins = new Map<string, number>();
    for (let seed = 1; seed <= 150; seed++) {
      const [first] = ids(await ask({ count: 1, seed }));
      if (first) wins.set(first, (wins.get(first) ?? 0) + 1);
    }
    // Only the best three (POOL_FACTOR × 1) are ever drawn, the centre at twice an edge track's weight.
    expect([...wins.keys()].sort()).toEqual(['centre', 'edge0', 'edge1']);
    expect(wins.get('centre')).toBeGreaterThan(Math.max(wins.get('edge0') ?? 0, wins.get('edge1') ?? 0));
  });

  it('widens the ranges step by step when the strict ones are empty', async () => {
    // Just outside the square (by 0.05 in valence): inside after one step of 0.1.
    await library(Array.from({ length: 8 }, (_, i) => ({ id: `t${i}`, valence: 0.65, energy: 0.5 + i * 0.01 })));
    const result = await ask();
    expect(result.strictMatches).toBe(0);
    expect(result.relaxed).toBe(1);
    expect(result.tracks).toHaveLength(5);
  });

  it('falls back to the nearest tracks when even the widest ranges are empty', async () => {
    // All outside the square widened three times (0.1–0.9, 0.1–0.9, 55–165 BPM).
    await library([
      { id: 'farthest', valence: 0, energy: 1, tempo: 200 },
      { id: 'far', valence: 1, energy: 0.05, tempo: 110 },
      { id: 'nearest', valence: 0.95, energy: 0.5, tempo: 110 },
    ]);
    const result = await ask({ count: 3 });
    expect(result.relaxed).toBe(NEAREST);
    expect(ids(result)).toEqual(['nearest', 'far', 'farthest']);
  });

  it('never offers excluded (recent) tracks', async () => {
    // Twelve strict matches; the three best are recent.
    await library(Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, valence: 0.5 + i * 0.008, energy: 0.5 })));
    const exclude = new Set(['t0', 't1', 't2']);
    for (let seed = 1; seed <= 20; seed++) {
      const result = await ask({ exclude, seed });
      expect(result.tracks).toHaveLength(5);
      expect(ids(result).filter((id) => exclude.has(id))).toEqual([]);
      // Excluded tracks are not available, so they are not strict matches either.
      expect(result.strictMatches).toBe(9);
    }
  });

  it('never puts two tracks sharing an artist back to back', async () => {
    // The best-fitting tracks are all by "star" (some as a featured artist); a few others fit less well.
    await library(
      [
        ...Array.from({ length: 10 }, (_, i) => ({ id: `star${i}`, valence: 0.5 + i * 0.002, energy: 0.5 })),
        { id: 'duet', valence: 0.5, energy: 0.51, artists: ['guest', 'star'] },
        ...Array.from({ length: 6 }, (_, i) => ({ id: `other${i}`, valence: 0.58, energy: 0.42 + i * 0.01 })),
      ].map((spec) => (spec.id.startsWith('star') ? { ...spec, artists: ['star'] } : spec)),
    );
    for (let seed = 1; seed <= 25; seed++) {
      const result = await ask({ count: 8, seed });
      expect(result.tracks).toHaveLength(8);
      result.tracks.slice(1).forEach((t, i) => {
        const before = result.tracks[i];
        if (before) expect(shareArtist(before.track, t.track), `${before.track.id} then ${t.track.id}`).toBe(false);
      });
    }
  });

  const goal = { valence: 0.8, energy: 0.75 };
  const toGo = (f: FeaturesRow) => Math.hypot(f.valence - goal.valence, f.energy - goal.energy);
  const lift = (seed: number, steps: number) =>
    recommend({
      db,
      profile: DEFAULT_PROFILES.sad,
      count: steps,
      exclude: new Set(),
      seed,
      lift: { to: DEFAULT_PROFILES.happy, steps, target: 'happy' },
    });

  it('lifts from the current mood to the target, one step per track', async () => {
    await library(grid());
    for (let seed = 1; seed <= 10; seed++) {
      const result = await lift(seed, 5);
      expect(result.tracks).toHaveLength(5);
      // It starts in sad territory, not at the party, and ends at the target's centre.
      expect(result.tracks[0]?.features.valence).toBeLessThanOrEqual(0.4);
      expect(result.tracks[0]?.features.energy).toBeLessThanOrEqual(0.5);
      const last = result.tracks[4];
      expect(last && toGo(last.features)).toBeLessThan(0.1);
      expect(result.tracks[0]?.target).toEqual({ valence: 0.2, energy: 0.3, tempo: 90 });
      expect(result.tracks[2]?.target.valence).toBeCloseTo(0.5);
      expect(result.tracks[4]?.target).toEqual({ valence: 0.8, energy: 0.75, tempo: 140 });
    }
  });

  it('never moves a lift away from its target', async () => {
    // Small steps over scattered tracks: the best fit for a step often lies a little behind the last pick.
    await library(scatter(500, 3));
    for (let seed = 1; seed <= 10; seed++) {
      const distances = (await lift(seed, 12)).tracks.map((t) => toGo(t.features));
      expect(distances).toHaveLength(12);
      distances.slice(1).forEach((d, i) => {
        expect(d).toBeLessThanOrEqual(distances[i] ?? 0);
      });
    }
  });

  it('gives the same batch for the same seed, and different batches for different seeds', async () => {
    await library(scatter(800, 7));
    const again = await Promise.all([ask({ seed: 42 }), ask({ seed: 42 })]);
    expect(ids(again[0])).toEqual(ids(again[1]));
    const batches = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) batches.add(ids(await ask({ seed })).join());
    expect(batches.size).toBeGreaterThan(5);
  });

  it('leaves out tracks without features and counts them, and ignores features of removed tracks', async () => {
    await library([
      { id: 'a', valence: 0.55, energy: 0.5 },
      { id: 'b', valence: 0.45, energy: 0.5 },
    ]);
    // Saved but not analysed: the sync queues them and they have no features row.
    const waiting = ['w1', 'w2', 'w3'];
    await db.tracks.bulkPut(waiting.map((id) => trackRow({ id, valence: 0, energy: 0 })));
    await db.featureQueue.bulkPut(
      waiting.map((trackId) => ({
        trackId,
        status: 'pending' as const,
        nextAttemptAt: 0,
        attempts: 0,
        lastError: null,
        unknownTo: [],
      })),
    );
    // Features kept for a track the user has unsaved: right at the centre, but no longer theirs.
    await db.features.put(featuresRow({ id: 'gone', valence: 0.5, energy: 0.5 }));

    const result = await ask();
    expect(result.withoutFeatures).toBe(3);
    expect(result.strictMatches).toBe(2);
    expect(ids(result).sort()).toEqual(['a', 'b']);
  });

  it('never offers a track the user cannot play: not in the ranges, widened, nearest, nor a lift', async () => {
    // The best fit of every search below is unplayable, and so are most of the others.
    const specs = grid();
    await library(specs);
    const unplayable = specs.filter((_, i) => i % 3 !== 0).map((spec) => spec.id);
    await db.tracks.bulkUpdate(unplayable.map((key) => ({ key, changes: { playable: false } })));
    await db.tracks.update('g10-10', { playable: false });
    const off = new Set([...unplayable, 'g10-10']);
    for (let seed = 1; seed <= 10; seed++) {
      const strict = await ask({ seed, count: 3 });
      expect(strict.tracks).toHaveLength(3);
      expect(ids(strict).filter((id) => off.has(id))).toEqual([]);
      const wide = await ask({ seed, count: 40 });
      expect(wide.relaxed).toBeGreaterThan(0);
      expect(ids(wide).filter((id) => off.has(id))).toEqual([]);
      const lifted = await lift(seed, 5);
      expect(lifted.tracks.length).toBeGreaterThan(0);
      expect(ids(lifted).filter((id) => off.has(id))).toEqual([]);
    }
  });

  it('falls back to the nearest playable track when the only one in range cannot be played', async () => {
    await library([
      { id: 'centre', valence: 0.5, energy: 0.5, tempo: 110 },
      { id: 'far', valence: 0.95, energy: 0.05, tempo: 200 },
    ]);
    await db.tracks.update('centre', { playable: false });
    const result = await ask({ count: 1 });
    expect(ids(result)).toEqual(['far']);
    expect(result.strictMatches).toBe(0);
    expect(result.relaxed).toBe(NEAREST);
  });

  it('returns nothing only when nothing is analysed', async () => {
    expect((await ask()).tracks).toEqual([]);
    await library([{ id: 'only', valence: 0.1, energy: 0.9 }]);
    expect(ids(await ask())).toEqual(['only']);
    expect((await ask({ count: 0 })).tracks).toEqual([]);
  });
});
