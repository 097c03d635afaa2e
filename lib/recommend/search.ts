import type { FeaturesRow, MoodDjDb } from '@/lib/db/schema';
import { type MoodProfile, profileCentre, type Range } from './profiles';

/** Valence and energy 0–1, tempo in BPM. */
export interface Point {
  valence: number;
  energy: number;
  tempo: number;
}

/** Importance of each dimension in the distance: tempo estimates are noisy (often doubled), so it counts less. */
export const WEIGHTS: Readonly<Point> = { valence: 1, energy: 1, tempo: 0.5 };
/** How much every range grows on each side per relaxation step. */
export const RELAX_STEP: Readonly<Point> = { valence: 0.1, energy: 0.1, tempo: 15 };
/** Relaxation steps tried before the ranges are dropped. */
export const MAX_RELAX_STEPS = 3;
/** `relaxed` when even the widest ranges held too few tracks and the nearest ones were taken. */
export const NEAREST = MAX_RELAX_STEPS + 1;

const WEIGHT_SUM = WEIGHTS.valence + WEIGHTS.energy + WEIGHTS.tempo;
const DIMENSIONS = ['valence', 'energy', 'tempo'] as const;
/** A zero-width range would divide by zero; these are the narrowest half-widths used. */
const MIN_HALF: Readonly<Point> = { valence: 0.01, energy: 0.01, tempo: 1 };
const EVERYTHING: Range = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
/** Rows read on each side at first, per candidate needed; later pages follow the rate of hits. */
const FIRST_PAGE_FACTOR = 3;
/** A round trip costs about as much as 60 rows, so pages are never tiny. */
const MIN_PAGE = 30;

/** What a pick aims at: a profile's centre, and its half-widths that normalise distances. */
export interface Aim {
  centre: Point;
  half: Point;
}

/** The ranges a candidate must fall in. */
export type Box = Record<keyof Point, Range>;

/** A track's features, their distance from the aim, and the fit the ranking orders and samples by. */
export interface Hit {
  features: FeaturesRow;
  distance: number;
  /**
   * Higher is better: `scoreOf(distance)` from the search, times how much the track sounds like the mood when
   * the music model ranks (`by-sound.ts`).
   */
  fit: number;
}

export function aimAt(profile: MoodProfile): Aim {
  const half = {} as Point;
  for (const dim of DIMENSIONS) {
    half[dim] = Math.max(MIN_HALF[dim], (profile[dim].max - profile[dim].min) / 2);
  }
  return { centre: profileCentre(profile), half };
}

/**
 * Weighted distance from the aim's centre, each dimension in half-widths of its range and
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

/** A fit score: 1 at the centre, 0.5 at distance 1 (a corner of the ranges), falling off beyond. */
export const scoreOf = (d: number): number => 1 / (1 + d * d);

/** The profile's ranges widened by `steps` relaxation steps; no ranges at all from `NEAREST` on. */
export function boxFor(profile: MoodProfile, steps: number): Box {
  if (steps >= NEAREST) return { valence: EVERYTHING, energy: EVERYTHING, tempo: EVERYTHING };
  const box = {} as Box;
  for (const dim of DIMENSIONS) {
    box[dim] = { min: profile[dim].min - steps * RELAX_STEP[dim], max: profile[dim].max + steps * RELAX_STEP[dim] };
  }
  return box;
}

export const insideBox = (box: Box, f: Point) =>
  DIMENSIONS.every((dim) => f[dim] >= box[dim].min && f[dim] <= box[dim].max);

/** A key of the `[valence+energy]` index. */
type IndexKey = [number, number];

/** One direction of the walk away from the centre's valence. */
interface Side {
  /** Where the next page starts (inclusive: rows sharing the last key may not all have been read). */
  from: IndexKey;
  done: boolean;
  /** The valence reached so far. */
  reached: number;
}

/**
 * At least `need` features rows near `aim`, inside `box` and passing `accept` (or all there are),
 * best first.
 *
 * The `[valence+energy]` index orders rows by valence first, so no key range can select a small
 * valence × energy square: a range reads every row in its valence strip, whatever its energy, and in
 * Chromium each row read costs about 25 µs (even `count()` takes about 1.2 µs a row). So this walks the index away
 * from the centre's valence in both directions, a page of rows at a time, keeping the rows inside
 * the box, until it has `need` of them. Pages are counted in rows, so the cost does not grow with
 * the library: about the same few hundred rows are read at 10,000 tracks as at 100,000. Hits are
 * ranked by the full distance; a slightly better fit a little further away in valence can be
 * missed, a fair price for reading 10× fewer rows than a square window would.
 *
 * With `exact`, the walk goes on until no unread row can beat the `need`-th best (every unread row
 * is further away in valence alone): the true nearest, for the last-resort search without ranges.
 */
export async function nearest(
  db: MoodDjDb,
  aim: Aim,
  box: Box,
  need: number,
  accept: (f: FeaturesRow) => boolean,
  exact = false,
): Promise<Hit[]> {
  const centre = aim.centre.valence;
  const upper: IndexKey = [box.valence.max, box.energy.max];
  const lower: IndexKey = [box.valence.min, box.energy.min];
  const up: Side = { from: [centre, Number.NEGATIVE_INFINITY], done: centre > box.valence.max, reached: centre };
  const down: Side = { from: [centre, Number.NEGATIVE_INFINITY], done: centre < box.valence.min, reached: centre };
  const seen = new Set<string>();
  const hits: Hit[] = [];
  let page = Math.max(MIN_PAGE, FIRST_PAGE_FACTOR * need);
  let read = 0;
  let first = true;
  for (;;) {
    // Plain key ranges, filtered here rather than by Collection.filter(), so Dexie issues one
    // getAll() for each instead of walking a cursor.
    const index = db.features.where('[valence+energy]');
    const [ups, downs] = await Promise.all([
      up.done ? [] : index.between(up.from, upper, true, true).limit(page).toArray(),
      // The first page down stops short of the centre's valence, which the first page up starts at.
      down.done ? [] : index.between(lower, down.from, true, !first).reverse().limit(page).toArray(),
    ]);
    first = false;
    let stuck = false;
    for (const [side, rows] of [
      [up, ups],
      [down, downs],
    ] as const) {
      const last = rows.at(-1);
      if (rows.length < page || !last) side.done = true;
      else {
        side.from = [last.valence, last.energy];
        side.reached = last.valence;
      }
      const before = read;
      for (const f of rows) {
        if (seen.has(f.trackId)) continue;
        seen.add(f.trackId);
        read++;
        if (insideBox(box, f) && accept(f)) {
          const d = distance(aim, f);
          hits.push({ features: f, distance: d, fit: scoreOf(d) });
        }
      }
      // A full page of rows already read: more rows share one key than a page holds.
      if (!side.done && read === before) stuck = true;
    }
    if (up.done && down.done) return sortHits(hits);
    if (hits.length >= need) {
      if (!exact) return sortHits(hits);
      // Every unread row is at least this far, counting its valence offset alone.
      const gap = Math.min(up.done ? Infinity : up.reached - centre, down.done ? Infinity : centre - down.reached);
      const bound = (gap / aim.half.valence) * Math.sqrt(WEIGHTS.valence / WEIGHT_SUM);
      if ((sortHits(hits)[need - 1]?.distance ?? Infinity) <= bound) return hits;
    }
    // Hits come at about the rate seen so far; ask for what should bring the rest, plus a margin.
    // (An exact walk that has its hits but no proof yet just doubles.)
    const rate = hits.length / Math.max(read, 1);
    const wanted = hits.length >= need ? 2 * page : rate > 0 ? (1.25 * (need - hits.length)) / rate / 2 : 4 * page;
    page = Math.ceil(Math.min(16 * page, Math.max(stuck ? 2 * page : page, wanted)));
  }
}

function sortHits(hits: Hit[]): Hit[] {
  return hits.sort((a, b) => a.distance - b.distance || (a.features.trackId < b.features.trackId ? -1 : 1));
}
