import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FeaturesRow, type MoodDjDb, openDb } from '@/lib/db/schema';
import { featuresAt, savedTrack } from '@/test/support/tracks';
import {
  COMPLETED_BONUS,
  FEEDBACK_WINDOW_MS,
  type FeedbackEvent,
  feedbackFrom,
  loadFeedback,
  NEAR_PENALTY,
  NEAR_RADIUS,
  rankWithFeedback,
} from './feedback';
import { DEFAULT_PROFILES } from './profiles';
import { recommend } from './recommend';
import { aimAt, distance, type Hit, scoreOf } from './search';

const HAPPY = DEFAULT_PROFILES.happy;
const NOW = 1_800_000_000_000;
const DAY = 24 * 60 * 60 * 1000;

const features = (trackId: string, valence: number, energy: number, tempo = 140) =>
  featuresAt(trackId, { valence, energy, tempo });

/** Happy tracks stepping away from happy's centre (0.8, 0.75, 140) in valence, 0.02 apart: t0 is the best fit. */
const ROW = Array.from({ length: 10 }, (_, i) => features(`t${i}`, 0.8 - i * 0.02, 0.75));
const aim = aimAt(HAPPY);
/** The same steps on the other side of the centre: as good a fit as the row, but far from its skips. */
const MIRROR = Array.from({ length: 9 }, (_, i) => features(`m${i + 1}`, 0.8 + (i + 1) * 0.02, 0.75));
const hits = (): Hit[] =>
  [...ROW, ...MIRROR]
    .map((f) => ({ features: f, distance: distance(aim, f), fit: scoreOf(distance(aim, f)) }))
    .sort((a, b) => a.distance - b.distance || (a.features.trackId < b.features.trackId ? -1 : 1));
const order = (list: Hit[]) => list.map((h) => h.features.trackId);
const point = (f: FeaturesRow) => ({ valence: f.valence, energy: f.energy, tempo: f.tempo });
/** A track's fit score before any feedback. */
const fitOf = (id: string) => scoreOf(hits().find((h) => h.features.trackId === id)?.distance ?? Number.NaN);
/** The tracks ranked behind `id` without feedback that are ahead of it in `ranked`. */
const passedBy = (ranked: string[], id: string) => {
  const before = order(hits());
  return ranked.slice(0, ranked.indexOf(id)).filter((other) => before.indexOf(other) > before.indexOf(id));
};

describe('feedbackFrom', () => {
  it('excludes a skipped track for a week, not after', () => {
    const skip = (age: number): FeedbackEvent => ({ kind: 'skipped', trackId: 't0', at: NOW - age, point: null });
    expect(feedbackFrom([skip(6 * DAY)], HAPPY, NOW).excluded.has('t0')).toBe(true);
    expect(feedbackFrom([skip(FEEDBACK_WINDOW_MS - 1)], HAPPY, NOW).excluded.has('t0')).toBe(true);
    expect(feedbackFrom([skip(FEEDBACK_WINDOW_MS)], HAPPY, NOW).excluded.has('t0')).toBe(false);
    expect(feedbackFrom([skip(8 * DAY)], HAPPY, NOW).excluded.size).toBe(0);
  });

  it('moves a near neighbour of a skip down a little, fading with distance and age; far tracks keep their place', () => {
    const skipT3 = (age: number): FeedbackEvent => ({
      kind: 'skipped',
      trackId: 't3',
      at: NOW - age,
      point: point(ROW[3] as FeaturesRow),
    });
    const fresh = feedbackFrom([skipT3(0)], HAPPY, NOW);
    const ranked = order(rankWithFeedback(hits(), fresh));
    // t2 sits 0.02 from the skip: it drops, passed only by tracks within the largest penalty of its fit.
    const passing = passedBy(ranked, 't2');
    expect(passing.length).toBeGreaterThan(0);
    for (const id of passing) expect(fitOf(id)).toBeGreaterThanOrEqual((1 - NEAR_PENALTY) * fitOf('t2'));
    expect(ranked[0]).toBe('m1');
    expect(ranked.slice(-2).sort()).toEqual(['m9', 't9']);
    // Penalties fade with distance and with age, and vanish beyond the radius.
    const f2 = ROW[2] as FeaturesRow;
    const f1 = ROW[1] as FeaturesRow;
    expect(fresh.factor('t2', f2)).toBeLessThan(1);
    expect(fresh.factor('t2', f2)).toBeGreaterThan(1 - NEAR_PENALTY);
    expect(fresh.factor('t1', f1)).toBeGreaterThan(fresh.factor('t2', f2));
    const far = ROW[9] as FeaturesRow;
    expect(distance({ centre: point(ROW[3] as FeaturesRow), half: aim.half }, far)).toBeGreaterThan(NEAR_RADIUS);
    expect(fresh.factor('t9', far)).toBe(1);
    const old = feedbackFrom([skipT3(6 * DAY)], HAPPY, NOW);
    expect(old.factor('t2', f2)).toBeGreaterThan(fresh.factor('t2', f2));
    expect(old.factor('t2', f2)).toBeLessThan(1);
  });

  it('moves a completed track up a little', () => {
    const done = feedbackFrom([{ kind: 'completed', trackId: 't5', at: NOW - DAY, point: null }], HAPPY, NOW);
    const ranked = order(rankWithFeedback(hits(), done));
    // It passes only tracks within the bonus of its fit.
    const before = order(hits());
    const passed = before.slice(0, before.indexOf('t5')).filter((id) => ranked.indexOf(id) > ranked.indexOf('t5'));
    expect(passed.length).toBeGreaterThan(0);
    for (const id of passed) {
      expect(fitOf(id)).toBeLessThanOrEqual((1 + COMPLETED_BONUS) * fitOf('t5'));
    }
    expect(ranked.slice(0, 3)).toEqual(['t0', 'm1', 't1']);
    expect(done.excluded.size).toBe(0);
  });

  it('leaves the order alone without feedback', () => {
    expect(order(rankWithFeedback(hits(), undefined))).toEqual(order(hits()));
  });
});

describe('recommend with feedback from the play history', () => {
  let db: MoodDjDb;
  beforeEach(async () => {
    db = openDb(`test-${Math.random()}`);
    await db.features.bulkPut(ROW);
    await db.tracks.bulkPut(ROW.map((f) => savedTrack(f.trackId)));
  });
  afterEach(async () => {
    await db.delete();
  });

  const pickAll = async (feedback?: Awaited<ReturnType<typeof loadFeedback>>) =>
    (
      await recommend({
        db,
        profile: HAPPY,
        count: ROW.length,
        exclude: new Set(),
        seed: 1,
        ...(feedback ? { feedback } : {}),
      })
    ).tracks.map((t) => t.track.id);

  it('does not offer a track skipped for the mood this week; its neighbours stay eligible; other moods are untouched', async () => {
    await db.playEvents.bulkAdd([
      { at: NOW - 20 * DAY, trackId: 't5', kind: 'queued', mood: 'happy' },
      { at: NOW - 2 * DAY, trackId: 't3', kind: 'skipped', mood: 'happy' },
      { at: NOW - 8 * DAY, trackId: 't6', kind: 'skipped', mood: 'happy' },
      { at: NOW - DAY, trackId: 't7', kind: 'skipped', mood: 'sad' },
      { at: NOW - DAY, trackId: 't1', kind: 'completed', mood: 'happy' },
    ]);
    const happy = await loadFeedback(db, 'happy', HAPPY, NOW);
    expect([...happy.excluded]).toEqual(['t3']);
    expect([happy.skips, happy.completions]).toEqual([1, 1]);
    const picked = await pickAll(happy);
    expect(picked).not.toContain('t3');
    expect(picked).toEqual(expect.arrayContaining(['t2', 't4', 't6', 't7']));
    expect(picked).toHaveLength(ROW.length - 1);
    expect(await pickAll()).toContain('t3');
    expect([...(await loadFeedback(db, 'sad', DEFAULT_PROFILES.sad, NOW)).excluded]).toEqual(['t7']);
    // A week later the skip is forgotten.
    expect((await loadFeedback(db, 'happy', HAPPY, NOW + 5 * DAY + 1)).excluded.size).toBe(0);
  });
});
