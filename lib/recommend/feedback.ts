import type { MoodDjDb } from '@/lib/db/schema';
import type { PickableMood } from '@/lib/mood/types';
import type { MoodProfile } from './profiles';
import { aimAt, distance, type Hit, type Point } from './search';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A skip keeps its track out of its mood's picks this long, and the feedback fades to nothing over it. */
export const FEEDBACK_WINDOW_MS = 7 * DAY_MS;
/**
 * How near a track must be to a skipped one to lose a little, in the ranking's own distance (`search.ts`:
 * each dimension in half-widths of the mood's ranges, weighted by `WEIGHTS`; 1 is centre to corner).
 */
export const NEAR_RADIUS = 0.25;
/** The most a skip takes off a neighbour's score (at distance 0, skipped just now). */
export const NEAR_PENALTY = 0.15;
/** The most all skips together take off one track's score. */
export const MAX_PENALTY = 0.3;
/** What a track played to the end adds to its own score (just now; fading over the week). */
export const COMPLETED_BONUS = 0.05;

/** A skip or completion for one mood, with the features of its track when they are known. */
export interface FeedbackEvent {
  kind: 'skipped' | 'completed';
  trackId: string;
  at: number;
  point: Point | null;
}

/** What the last week's skips and completions mean for one mood's ranking. */
export interface Feedback {
  /** Tracks skipped for this mood in the last week: not offered for it. */
  excluded: ReadonlySet<string>;
  /** A track's score multiplier for this mood: below 1 near a skip, above 1 after a completion. */
  factor(trackId: string, point: Point): number;
  skips: number;
  completions: number;
}

/** How much of an event's weight is left `age` ms after it: 1 at once, 0 after the window. */
const fade = (age: number) => Math.max(0, 1 - Math.max(0, age) / FEEDBACK_WINDOW_MS);

/**
 * The feedback for one mood from its events (only those of that mood), with `profile`'s ranges setting what
 * "near" means. Events from the future or older than the window count for nothing.
 */
export function feedbackFrom(events: readonly FeedbackEvent[], profile: MoodProfile, now: number): Feedback {
  const recent = events.filter((e) => e.at <= now && now - e.at < FEEDBACK_WINDOW_MS);
  const skips = recent.filter((e) => e.kind === 'skipped');
  const bonus = new Map<string, number>();
  for (const e of recent) {
    if (e.kind === 'completed')
      bonus.set(e.trackId, Math.max(bonus.get(e.trackId) ?? 0, COMPLETED_BONUS * fade(now - e.at)));
  }
  const { half } = aimAt(profile);
  const skipped = skips.flatMap((e) => (e.point ? [{ aim: { centre: e.point, half }, weight: fade(now - e.at) }] : []));
  return {
    excluded: new Set(skips.map((e) => e.trackId)),
    skips: new Set(skips.map((e) => e.trackId)).size,
    completions: bonus.size,
    factor(trackId, point) {
      let penalty = 0;
      for (const s of skipped) {
        const d = distance(s.aim, point);
        if (d < NEAR_RADIUS) penalty += NEAR_PENALTY * (1 - d / NEAR_RADIUS) * s.weight;
      }
      return (1 - Math.min(MAX_PENALTY, penalty)) * (1 + (bonus.get(trackId) ?? 0));
    },
  };
}

/** No feedback: nothing excluded, every factor 1. */
export const NO_FEEDBACK: Feedback = { excluded: new Set(), factor: () => 1, skips: 0, completions: 0 };

/**
 * `hits` in ranking order once the feedback is counted: by their fit times the feedback factor, best first.
 * Distances and fits stay the tracks' own (explanations and sampling weights read them); only the order moves.
 */
export function rankWithFeedback(hits: Hit[], feedback: Feedback | undefined): Hit[] {
  if (!feedback || (feedback.skips === 0 && feedback.completions === 0)) return hits;
  const ranked = hits.map((hit) => ({
    hit,
    score: hit.fit * feedback.factor(hit.features.trackId, hit.features),
  }));
  ranked.sort((a, b) => b.score - a.score || a.hit.distance - b.hit.distance);
  return ranked.map((r) => r.hit);
}

/** The last week's skips and completions for `mood`, through the `[kind+at]` index, with their tracks' features. */
export async function loadFeedbackEvents(db: MoodDjDb, mood: PickableMood, now: number): Promise<FeedbackEvent[]> {
  const from = now - FEEDBACK_WINDOW_MS;
  const rows = await db.transaction('r', db.playEvents, db.features, async () => {
    const found = await Promise.all(
      (['skipped', 'completed'] as const).map((kind) =>
        db.playEvents.where('[kind+at]').between([kind, from], [kind, now], false, true).toArray(),
      ),
    );
    const mine = found.flat().filter((e) => e.mood === mood);
    const features = await db.features.bulkGet([...new Set(mine.map((e) => e.trackId))]);
    const byId = new Map(features.flatMap((f) => (f ? [[f.trackId, f] as const] : [])));
    return mine.map((e) => ({ e, f: byId.get(e.trackId) ?? null }));
  });
  return rows.map(({ e, f }) => ({
    kind: e.kind as FeedbackEvent['kind'],
    trackId: e.trackId,
    at: e.at,
    point: f ? { valence: f.valence, energy: f.energy, tempo: f.tempo } : null,
  }));
}

/** The feedback for `mood`'s ranking now. */
export async function loadFeedback(
  db: MoodDjDb,
  mood: PickableMood,
  profile: MoodProfile,
  now: number,
): Promise<Feedback> {
  return feedbackFrom(await loadFeedbackEvents(db, mood, now), profile, now);
}
