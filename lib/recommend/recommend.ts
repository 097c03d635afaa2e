import type { FeaturesRow, MoodDjDb, TrackRow } from '@/lib/db/schema';
import { bySound, type Listening, SOUND_CANDIDATES, SOUND_REACH } from './by-sound';
import { FEATURE_DIMENSIONS, type PickReason } from './explain';
import { type Feedback, rankWithFeedback } from './feedback';
import { type MusicModel, shippedMusicModel } from './music-model';
import { SOUND_OF } from './music-moods';
import { type MoodProfile, type ProfileName, profileCentre, type Range } from './profiles';
import { mulberry32 } from './random';
import {
  type Aim,
  aimAt,
  type Box,
  boxFor,
  distance,
  type Hit,
  insideBox,
  MAX_RELAX_STEPS,
  NEAREST,
  nearest,
  type Point,
  scoreOf,
} from './search';

export { MAX_RELAX_STEPS, NEAREST, type Point, RELAX_STEP, WEIGHTS } from './search';

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
   * "Lift my mood" (the iso principle): track 1 aims at `profile`'s centre, track `steps` at `to`'s,
   * those between at points in between, later ones at `to`. Each pick is no further from `to`'s
   * centre (in valence and energy) than the one before, so the batch ends early if nothing is.
   */
  lift?: { to: MoodProfile; steps: number; target: ProfileName };
  /**
   * What skips and completions taught for this mood (`feedback.ts`): its skipped tracks are left out, and the
   * candidates near a skip or played to the end move a little in the order.
   */
  feedback?: Feedback;
  /**
   * The mood the picks are for. In Match mode the music model (`music-model.ts`) then re-ranks the tracks in and
   * just around `profile`'s ranges by how much they sound like it (`by-sound.ts`); without it, and in Lift mode,
   * the ranges alone rank.
   */
  mood?: ProfileName;
  /** The music model that hears the tracks. @default shippedMusicModel(); null ranks by the ranges alone */
  music?: MusicModel | null;
  /**
   * Picks are drawn among the best `poolFactor × count`. @default POOL_FACTOR; 1 takes the best `count` outright,
   * as `npm run eval:music` does.
   */
  poolFactor?: number;
}

export interface RankedTrack {
  track: TrackRow;
  features: FeaturesRow;
  /** Fit to `target`, 0–1: 1 at the centre, 0.5 at a corner of the ranges. */
  score: number;
  /** the profile this pick aimed at (lift steps) */
  target: Point;
  /** Why it was picked, in the ranking's numbers (`explain` words it). */
  reason: PickReason;
}

export interface Recommendation {
  tracks: RankedTrack[];
  /** 0 = strict ranges; n = widened n steps (the panel says so); `NEAREST` = ranges dropped, nearest tracks. */
  relaxed: number;
  /**
   * Library tracks with no features yet: the sync's feature queue (pending, failed, or unknown to
   * every provider), which is what the sync status counts as not analysed.
   */
  withoutFeatures: number;
  /**
   * Strict matches available (in `profile`'s ranges, not excluded), counted up to
   * `(POOL_FACTOR + 1) × count`: below that it is exact; counting beyond would read the whole range.
   */
  strictMatches: number;
}

/** Picks are sampled among the best `POOL_FACTOR × count` candidates. */
export const POOL_FACTOR = 3;

/**
 * Picks `count` tracks from the user's analysed library that fit `profile` (or lift away from it),
 * sampled with `seed` among the best fits and listed best first, never two by the same artist back
 * to back, `exclude` left out. When the strict ranges hold too few, they widen step by step (`relaxed`) and finally
 * give way to the nearest tracks, so an analysed library never yields an empty batch. Given the `mood` in Match
 * mode, the best fits are those in or just around the ranges that also sound like it (`by-sound.ts`).
 */
export async function recommend(input: RecommendInput): Promise<Recommendation> {
  const { db, profile, count, exclude, seed, lift } = input;
  const listening: Listening | null =
    !lift && input.mood && input.music !== null
      ? { model: input.music ?? shippedMusicModel(), like: SOUND_OF[input.mood] }
      : null;
  // The model reads more candidates, and a step beyond the ranges, to re-rank them by how they sound.
  const reach = listening ? SOUND_REACH : 0;
  const near = async (aim: Aim, box: Box, want: number, accept: (f: FeaturesRow) => boolean, exact = false) => {
    const hits = await nearest(db, aim, box, listening ? SOUND_CANDIDATES * want : want, accept, exact);
    return rankWithFeedback(listening ? bySound(hits, listening) : hits, input.feedback);
  };
  const rand = mulberry32(seed);
  const pool = (input.poolFactor ?? POOL_FACTOR) * Math.max(count, 1);
  // The sampling pool, and a spare for each pick (artist clashes, tracks gone from the library).
  const need = pool + Math.max(count, 1);
  const skipped = input.feedback?.excluded;
  const notExcluded = (f: FeaturesRow) => !exclude.has(f.trackId) && !skipped?.has(f.trackId);
  const tracks: TrackCache = new Map();
  const strictAim = aimAt(profile);
  const [withoutFeatures, strict] = await Promise.all([
    // Counting tracks against features instead would scan both tables (~120 ms each at 100,000
    // tracks in Chromium); the sync keeps exactly those tracks in the queue.
    db.featureQueue.count(),
    near(strictAim, boxFor(profile, reach), need, notExcluded),
  ]);
  // With the model on, counted among the candidates it read (`SOUND_CANDIDATES` times as many).
  const inRanges = reach ? strict.filter((hit) => insideBox(boxFor(profile, 0), hit.features)) : strict;
  let strictMatches = Math.min(inRanges.length, need);
  if (inRanges.length < need) {
    // Few enough to count exactly, leaving out features whose track has left the library.
    await fetchTracks(db, tracks, inRanges);
    strictMatches = inRanges.filter((hit) => tracks.get(hit.features.trackId)).length;
  }
  if (count <= 0) return { tracks: [], relaxed: 0, withoutFeatures, strictMatches };

  if (!lift) {
    for (let steps = 0; ; steps++) {
      const hits =
        steps === 0
          ? strict
          : await near(strictAim, boxFor(profile, steps + reach), need, notExcluded, steps >= NEAREST);
      const batch = await drawBatch(db, tracks, hits, count, pool, rand, undefined);
      if (batch.length >= count || steps >= NEAREST) {
        const picks = batch.map((c) => ranked(c, strictAim, profile, null, listening));
        return { tracks: picks, relaxed: steps, withoutFeatures, strictMatches };
      }
    }
  }

  const goal = profileCentre(lift.to);
  const picks: RankedTrack[] = [];
  const taken = new Set<string>();
  let relaxed = 0;
  let previous: Candidate | undefined;
  for (let i = 0; i < count; i++) {
    const t = lift.steps <= 1 ? 1 : Math.min(1, i / (lift.steps - 1));
    const stepProfile = interpolate(profile, lift.to, t);
    const aim = aimAt(stepProfile);
    const limit = previous ? toGo(previous.features, goal) : Number.POSITIVE_INFINITY;
    const accept = (f: FeaturesRow) => notExcluded(f) && !taken.has(f.trackId) && toGo(f, goal) <= limit;
    let pick: Candidate | undefined;
    for (let steps = 0; steps <= NEAREST && !pick; steps++) {
      const hits = await near(aim, boxFor(stepProfile, steps), POOL_FACTOR + 1, accept, steps >= NEAREST);
      [pick] = await drawBatch(db, tracks, hits, 1, POOL_FACTOR, rand, previous?.track);
      if (pick) relaxed = Math.max(relaxed, steps);
    }
    // Nothing left that is as close to the target and by another artist: the batch ends here.
    if (!pick) break;
    const step = Math.min(i + 1, Math.max(lift.steps, 1));
    picks.push(ranked(pick, aim, stepProfile, { step, steps: Math.max(lift.steps, 1), to: lift.target }, null));
    taken.add(pick.features.trackId);
    previous = pick;
  }
  return { tracks: picks, relaxed, withoutFeatures, strictMatches };
}

interface Candidate extends Hit {
  track: TrackRow;
}

/**
 * Tracks read so far in one call; null for features whose track has left the library, or that Spotify says
 * the user cannot play (`playable: false`): both are never offered.
 */
type TrackCache = Map<string, TrackRow | null>;

async function fetchTracks(db: MoodDjDb, cache: TrackCache, hits: readonly Hit[]): Promise<void> {
  const ids = hits.map((hit) => hit.features.trackId).filter((id) => !cache.has(id));
  if (ids.length === 0) return;
  const rows = await db.tracks.bulkGet(ids);
  ids.forEach((id, i) => {
    const row = rows[i];
    cache.set(id, row?.playable ? row : null);
  });
}

/**
 * Draws up to `count` of `hits` (best first), each weighted by its fit among the best `poolSize`
 * still available, and orders them best first with no artist twice in a row (nor the first sharing
 * one with `before`). Tracks are read only for the drawn hits; a hit whose track is gone, or the
 * weakest of a set that cannot be ordered apart, is dropped and another drawn in its place.
 */
async function drawBatch(
  db: MoodDjDb,
  cache: TrackCache,
  hits: readonly Hit[],
  count: number,
  poolSize: number,
  rand: () => number,
  before: TrackRow | undefined,
): Promise<Candidate[]> {
  const dropped = new Set<Hit>();
  let chosen: Hit[] = [];
  for (;;) {
    const available = hits.filter((hit) => !dropped.has(hit) && cache.get(hit.features.trackId) !== null);
    while (chosen.length < count) {
      const eligible = available.slice(0, poolSize).filter((hit) => !chosen.includes(hit));
      const hit = weightedChoice(eligible, (h) => h.fit, rand);
      if (!hit) break;
      chosen.push(hit);
    }
    await fetchTracks(db, cache, chosen);
    const candidates: Candidate[] = [];
    for (const hit of chosen) {
      const track = cache.get(hit.features.trackId);
      if (track) candidates.push({ ...hit, track });
      else dropped.add(hit);
    }
    if (candidates.length < chosen.length) {
      chosen = chosen.filter((hit) => !dropped.has(hit));
      continue;
    }
    const ordered = apart(candidates, before);
    if (ordered) return ordered;
    // No order keeps artists apart: drop the weakest track that clashes, and draw again.
    const clashes = (c: Candidate) =>
      candidates.some((other) => other !== c && shareArtist(other.track, c.track)) ||
      (before !== undefined && shareArtist(before, c.track));
    const weakest = candidates.filter(clashes).sort((a, b) => a.fit - b.fit || b.distance - a.distance)[0];
    const out = chosen.find((hit) => hit.features === weakest?.features);
    if (!out) return [];
    dropped.add(out);
    chosen = chosen.filter((hit) => hit !== out);
  }
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

/** Whether two tracks share an artist: by id, or by name when either has no artist ids. */
export function shareArtist(a: TrackRow, b: TrackRow): boolean {
  if (a.artistIds.length > 0 && b.artistIds.length > 0) return a.artistIds.some((id) => b.artistIds.includes(id));
  return a.artists.some((name) => b.artists.includes(name));
}

/** Search steps before `apart` gives up on a batch (only a pathological one gets near). */
const ORDER_BUDGET = 10_000;

/**
 * `candidates` best first with no two neighbours sharing an artist (nor the first with `before`),
 * or null when no order does that. Depth-first: at each place the best track that fits.
 */
function apart(candidates: readonly Candidate[], before: TrackRow | undefined): Candidate[] | null {
  const sorted = [...candidates].sort((a, b) => b.fit - a.fit || a.distance - b.distance);
  const used = sorted.map(() => false);
  const order: Candidate[] = [];
  let budget = ORDER_BUDGET;
  const place = (previous: TrackRow | undefined): boolean => {
    if (order.length === sorted.length) return true;
    if (--budget < 0) return false;
    for (const [i, c] of sorted.entries()) {
      if (used[i] || (previous && shareArtist(previous, c.track))) continue;
      used[i] = true;
      order.push(c);
      if (place(c.track)) return true;
      order.pop();
      used[i] = false;
    }
    return false;
  };
  return place(before) ? order : null;
}

/** `from` moved a fraction `t` of the way to `to`, every range end alike. */
function interpolate(from: MoodProfile, to: MoodProfile, t: number): MoodProfile {
  const lerp = (a: number, b: number) => a + (b - a) * t;
  const range = (a: Range, b: Range): Range => ({ min: lerp(a.min, b.min), max: lerp(a.max, b.max) });
  return {
    valence: range(from.valence, to.valence),
    energy: range(from.energy, to.energy),
    tempo: range(from.tempo, to.tempo),
  };
}

/** How far a lift still has to go: the valence/energy distance to the target's centre. */
const toGo = (f: Point, goal: Point) => Math.hypot(f.valence - goal.valence, f.energy - goal.energy);

function ranked(
  c: Candidate,
  aim: Aim,
  aimed: MoodProfile,
  lift: PickReason['lift'],
  listening: Listening | null,
): RankedTrack {
  const reason = reasonFor(c.features, aimed, aim, lift);
  if (listening) reason.sound = listening.model.sound(c.features, listening.like);
  return { track: c.track, features: c.features, score: scoreOf(c.distance), target: aim.centre, reason };
}

/**
 * Why `f` fits `aimed` as far as it does: the relaxation steps its ranges needed to take it in, the dimensions
 * outside them, and its plain distance from the aim (no feedback in it). Measured on the track itself, not on
 * the batch: a batch drawn from widened ranges still holds tracks inside the strict ones.
 */
export function reasonFor(f: Point, aimed: MoodProfile, aim: Aim, lift: PickReason['lift']): PickReason {
  let widened = NEAREST;
  for (let steps = 0; steps <= MAX_RELAX_STEPS; steps++) {
    const box = boxFor(aimed, steps);
    if (FEATURE_DIMENSIONS.every((dim) => f[dim] >= box[dim].min && f[dim] <= box[dim].max)) {
      widened = steps;
      break;
    }
  }
  const outside = FEATURE_DIMENSIONS.filter((dim) => f[dim] < aimed[dim].min || f[dim] > aimed[dim].max);
  return { widened, outside, distance: distance(aim, f), lift };
}
