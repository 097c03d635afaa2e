import type { FeaturesRow, MoodDjDb, TrackRow } from '@/lib/db/schema';
import { type MoodProfile, profileCentre, type Range } from './profiles';
import { mulberry32 } from './random';

export interface RecommendInput {
  db: MoodDjDb;
  /** The mood to match, or where a lift starts. */
  profile: MoodProfile;
  /** Tracks wanted. The batch is shorter only when the library cannot fill it. */
  count: number;
  /** Track ids not to offer: recently played or queued (the caller builds it from `playEvents`). */
  exclude: ReadonlySet<string>;
  /** Seeds the sampling: the same seed over the same library gives the same batch. */
  seed: number;
  /**
   * "Lift my mood" (the iso principle): start at `profile` and step toward `to`'s centre, track by
   * track, reaching it at track `steps` (1-based). Each pick is no further from the target than the last.
   */
  lift?: { to: MoodProfile; steps: number };
}

export interface Point {
  valence: number;
  energy: number;
  tempo: number;
}

export interface RankedTrack {
  track: TrackRow;
  features: FeaturesRow;
  /** Fit to `target`'s profile, 0–1: 1 at its centre, 0.5 on the edge of its ranges (corner). */
  score: number;
  /** The profile this pick aimed at (lift steps) */
  target: Point;
}

export interface Recommendation {
  tracks: RankedTrack[];
  /** 0 = strict ranges; n = widened n steps (the panel says so); `NEAREST` = ranges dropped. */
  relaxed: number;
  /** library tracks with no features yet */
  withoutFeatures: number;
  /** strict matches available */
  strictMatches: number;
}

/** Importance of each dimension in the distance: tempo estimates are noisy (often doubled), so it counts less. */
export const WEIGHTS: Readonly<Point> = { valence: 1, energy: 1, tempo: 0.5 };
/** How much every range grows on each side per relaxation step. */
export const RELAX_STEP: Readonly<Point> = { valence: 0.1, energy: 0.1, tempo: 15 };
/** Relaxation steps tried before the ranges are dropped. */
export const MAX_RELAX_STEPS = 3;
/** `relaxed` when no widened range had enough tracks and the nearest tracks were taken. */
export const NEAREST = MAX_RELAX_STEPS + 1;
/** Picks are sampled among the best `POOL_FACTOR × count` candidates. */
export const POOL_FACTOR = 3;

const WEIGHT_SUM = WEIGHTS.valence + WEIGHTS.energy + WEIGHTS.tempo;
const DIMENSIONS = ['valence', 'energy', 'tempo'] as const;
/** A zero-width range would divide by zero; these are the narrowest half-widths used. */
const MIN_HALF: Readonly<Point> = { valence: 0.01, energy: 0.01, tempo: 1 };
/** Where valence and energy can lie; a window that reaches past it has reached the range's end. */
const UNIT: Range = { min: 0, max: 1 };
const EVERYTHING: Range = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
/** First search radius (in normalised distance), grown from the density found. */
const FIRST_RADIUS = 0.08;

/** What one pick aims at: a centre and the half-widths that normalise distances to it. */
interface Aim {
  centre: Point;
  half: Point;
}

interface Candidate {
  features: FeaturesRow;
  track: TrackRow;
  distance: number;
}

type Box = Record<keyof Point, Range>;

function aimAt(profile: MoodProfile): Aim {
  const half = {} as Point;
  for (const dim of DIMENSIONS) {
    half[dim] = Math.max(MIN_HALF[dim], (profile[dim].max - profile[dim].min) / 2);
  }
  return { centre: profileCentre(profile), half };
}

/**
 * Weighted distance from `aim`'s centre, each dimension in units of the range's half-width and
 * averaged over the weights: 0 at the centre, 1 at a corner of the ranges.
 */
export function distance(aim: Aim, f: Point): number {
  let sum = 0;
  for (const dim of DIMENSIONS) {
    const offset = (f[dim] - aim.centre[dim]) / aim.half[dim];
    sum += WEIGHTS[dim] * offset * offset;
  }
  return Math.sqrt(sum / WEIGHT_SUM);
}

/** 1 at the centre, 0.5 at distance 1 (the corner of the ranges), falling off beyond. */
const scoreOf = (d: number) => 1 / (1 + d * d);

/** The profile's ranges widened by `steps` relaxation steps, or no ranges at all for `NEAREST`. */
function boxFor(profile: MoodProfile, steps: number): Box {
  if (steps >= NEAREST) return { valence: EVERYTHING, energy: EVERYTHING, tempo: EVERYTHING };
  const box = {} as Box;
  for (const dim of DIMENSIONS) {
    box[dim] = { min: profile[dim].min - steps * RELAX_STEP[dim], max: profile[dim].max + steps * RELAX_STEP[dim] };
  }
  return box;
}

const insideBox = (box: Box, f: Point) => DIMENSIONS.every((dim) => f[dim] >= box[dim].min && f[dim] <= box[dim].max);

/**
 * The valence or energy window of half-extent `extent` around `centre`, cut to `box`. An edge that
 * reaches past the box (or past 0–1) becomes the box's edge, so a window can cover the box exactly.
 */
function windowRange(centre: number, extent: number, box: Range): Range {
  const min = centre - extent <= Math.max(box.min, UNIT.min) ? box.min : centre - extent;
  const max = centre + extent >= Math.min(box.max, UNIT.max) ? box.max : centre + extent;
  return { min, max };
}

/**
 * The candidates nearest `aim` inside `box` that pass `accept`, best first, with their tracks.
 * Reads `features` through the `[valence+energy]` index in a window around the centre that grows
 * until it holds `need` tracks within a radius it fully covers (so the first `need` are exactly the
 * nearest), or covers the whole box. Up to `2 × need` are returned; the rest are spares for
 * artist clashes. Features whose track has left the library are skipped.
 */
async function nearest(
  db: MoodDjDb,
  aim: Aim,
  box: Box,
  need: number,
  accept: (f: FeaturesRow) => boolean,
): Promise<Candidate[]> {
  const orphans = new Set<string>();
  // A track outside the window is further than `radius` on valence or energy alone.
  const stretch = (dim: 'valence' | 'energy') => Math.sqrt(WEIGHT_SUM / WEIGHTS[dim]) * aim.half[dim];
  let radius = FIRST_RADIUS;
  for (;;) {
    const valence = windowRange(aim.centre.valence, radius * stretch('valence'), box.valence);
    const energy = windowRange(aim.centre.energy, radius * stretch('energy'), box.energy);
    const covered =
      valence.min === box.valence.min &&
      valence.max === box.valence.max &&
      energy.min === box.energy.min &&
      energy.max === box.energy.max;
    // A plain key range, filtered here rather than with Collection.filter(), so Dexie uses one
    // getAll() instead of walking a cursor.
    const rows = await db.features
      .where('[valence+energy]')
      .between([valence.min, energy.min], [valence.max, energy.max], true, true)
      .toArray();
    const hits: { features: FeaturesRow; distance: number }[] = [];
    for (const f of rows) {
      if (f.energy < energy.min || f.energy > energy.max || orphans.has(f.trackId)) continue;
      if (!insideBox(box, f) || !accept(f)) continue;
      hits.push({ features: f, distance: distance(aim, f) });
    }
    hits.sort((a, b) => a.distance - b.distance || (a.features.trackId < b.features.trackId ? -1 : 1));
    const sure = covered ? hits.length : countWithin(hits, radius);
    if (sure >= need || covered) {
      const top = hits.slice(0, 2 * need);
      const tracks = await db.tracks.bulkGet(top.map((hit) => hit.features.trackId));
      const found: Candidate[] = [];
      top.forEach((hit, i) => {
        const track = tracks[i];
        if (track) found.push({ ...hit, track });
        else orphans.add(hit.features.trackId);
      });
      const sureFound = covered ? found.length : countWithin(found, radius);
      if (sureFound >= need || covered) return found;
      continue;
    }
    // Tracks within the radius grow about with its cube (tempo is the third dimension).
    const grow = sure === 0 ? 4 : Math.min(4, Math.max(1.5, 1.2 * Math.cbrt(need / sure)));
    radius *= grow;
  }
}

function countWithin(sorted: readonly { distance: number }[], radius: number): number {
  let n = 0;
  while (n < sorted.length && (sorted[n]?.distance ?? Number.POSITIVE_INFINITY) <= radius) n++;
  return n;
}

/** Whether two tracks share an artist (by id; by name when a track has no artist ids). */
export function shareArtist(a: TrackRow, b: TrackRow): boolean {
  if (a.artistIds.length > 0 && b.artistIds.length > 0) return a.artistIds.some((id) => b.artistIds.includes(id));
  return a.artists.some((name) => b.artists.includes(name));
}

/**
 * Draws up to `count` candidates, each weighted by its score among the best `poolSize` not yet
 * drawn, never one sharing an artist with the track before it; when the pool has none left that
 * fits, the best spare that does is taken.
 */
function draw(
  ranked: readonly Candidate[],
  count: number,
  poolSize: number,
  rand: () => number,
  before: TrackRow | undefined,
): Candidate[] {
  const picks: Candidate[] = [];
  const taken = new Set<Candidate>();
  let previous = before;
  while (picks.length < count) {
    const fits = (c: Candidate) => !taken.has(c) && !(previous && shareArtist(previous, c.track));
    let eligible = ranked.slice(0, poolSize).filter(fits);
    if (eligible.length === 0) eligible = ranked.slice(poolSize).filter(fits).slice(0, 1);
    const chosen = weightedChoice(eligible, (c) => scoreOf(c.distance), rand);
    if (!chosen) break;
    picks.push(chosen);
    taken.add(chosen);
    previous = chosen.track;
  }
  return picks;
}

function weightedChoice<T>(items: readonly T[], weight: (item: T) => number, rand: () => number): T | undefined {
  const weights = items.map(weight);
  let r = rand() * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i];
  }
  return items.at(-1);
}

/**
 * Puts a batch best-first while keeping artists apart: each place takes the best remaining track
 * that does not share an artist with the one before. If that corners itself, the drawn order
 * (which keeps artists apart by construction) is kept.
 */
function bestFirst(picks: readonly Candidate[]): Candidate[] {
  const left = [...picks].sort((a, b) => a.distance - b.distance);
  const ordered: Candidate[] = [];
  while (left.length > 0) {
    const previous = ordered.at(-1);
    const index = left.findIndex((c) => !previous || !shareArtist(previous.track, c.track));
    if (index < 0) return [...picks];
    ordered.push(...left.splice(index, 1));
  }
  return ordered;
}

/** `from` moved a fraction `t` of the way to `to`, range ends and all. */
function interpolate(from: MoodProfile, to: MoodProfile, t: number): MoodProfile {
  const lerp = (a: number, b: number) => a + (b - a) * t;
  const range = (a: Range, b: Range): Range => ({ min: lerp(a.min, b.min), max: lerp(a.max, b.max) });
  return {
    valence: range(from.valence, to.valence),
    energy: range(from.energy, to.energy),
    tempo: range(from.tempo, to.tempo),
  };
}

/** Plain valence/energy distance to a point: how far a lift still has to go. */
const remaining = (f: Point, target: Point) => Math.hypot(f.valence - target.valence, f.energy - target.energy);

/** Library tracks without a features row (features of tracks no longer saved are kept, so they don't count). */
async function countWithoutFeatures(db: MoodDjDb): Promise<number> {
  const [trackIds, featureIds] = await Promise.all([
    db.tracks.toCollection().primaryKeys(),
    db.features.toCollection().primaryKeys(),
  ]);
  const analysed = new Set(featureIds);
  return trackIds.reduce((n, id) => (analysed.has(id) ? n : n + 1), 0);
}

/** Tracks inside the strict ranges that could be offered now (in the library, not excluded). */
async function countStrict(db: MoodDjDb, profile: MoodProfile, exclude: ReadonlySet<string>): Promise<number> {
  const box = boxFor(profile, 0);
  const rows = await db.features
    .where('[valence+energy]')
    .between([box.valence.min, box.energy.min], [box.valence.max, box.energy.max], true, true)
    .toArray();
  return rows.filter((f) => insideBox(box, f) && !exclude.has(f.trackId)).length;
}

/**
 * Picks `count` tracks from the user's analysed library that fit `profile` (or lift away from it),
 * sampled with `seed` among the best fits, artists never back to back, `exclude` left out. When the
 * strict ranges hold too few tracks, they widen step by step (`relaxed`) and finally give way to the
 * nearest tracks, so an analysed library never yields an empty batch.
 */
export async function recommend(input: RecommendInput): Promise<Recommendation> {
  const { db, profile, count, exclude, seed, lift } = input;
  const rand = mulberry32(seed);
  const [withoutFeatures, strictMatches] = await Promise.all([
    countWithoutFeatures(db),
    countStrict(db, profile, exclude),
  ]);
  const notExcluded = (f: FeaturesRow) => !exclude.has(f.trackId);

  if (count <= 0) return { tracks: [], relaxed: 0, withoutFeatures, strictMatches };

  if (!lift) {
    const aim = aimAt(profile);
    for (let steps = 0; ; steps++) {
      const ranked = await nearest(db, aim, boxFor(profile, steps), POOL_FACTOR * count, notExcluded);
      const picks = draw(ranked, count, POOL_FACTOR * count, rand, undefined);
      if (picks.length >= count || steps >= NEAREST) {
        const tracks = bestFirst(picks).map((c) => toRanked(c, aim));
        return { tracks, relaxed: steps, withoutFeatures, strictMatches };
      }
    }
  }

  const goal = profileCentre(lift.to);
  const tracks: RankedTrack[] = [];
  const taken = new Set<string>();
  let relaxed = 0;
  let previous: Candidate | undefined;
  for (let i = 0; i < count; i++) {
    // Track 0 aims at the current mood, track `steps - 1` at the target, later ones stay there.
    const t = lift.steps <= 1 ? 1 : Math.min(1, i / (lift.steps - 1));
    const stepProfile = interpolate(profile, lift.to, t);
    const aim = aimAt(stepProfile);
    const limit = previous ? remaining(previous.features, goal) : Number.POSITIVE_INFINITY;
    const accept = (f: FeaturesRow) => notExcluded(f) && !taken.has(f.trackId) && remaining(f, goal) <= limit;
    let pick: Candidate | undefined;
    for (let steps = 0; steps <= NEAREST && !pick; steps++) {
      const ranked = await nearest(db, aim, boxFor(stepProfile, steps), POOL_FACTOR, accept);
      pick = draw(ranked, 1, POOL_FACTOR, rand, previous?.track)[0];
      if (pick) relaxed = Math.max(relaxed, steps);
    }
    // Nothing left that is closer to the target and by another artist: the batch ends here.
    if (!pick) break;
    tracks.push(toRanked(pick, aim));
    taken.add(pick.track.id);
    previous = pick;
  }
  return { tracks, relaxed, withoutFeatures, strictMatches };
}

function toRanked(c: Candidate, aim: Aim): RankedTrack {
  return { track: c.track, features: c.features, score: scoreOf(c.distance), target: aim.centre };
}
