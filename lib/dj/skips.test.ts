import { describe, expect, it } from 'vitest';
import type { Mood } from '@/lib/mood/types';
import { EMPTY_WATCH, observePlayer, type Sighting, type SkipOutcome, type SkipWatch } from './skips';

const MIN = 60_000;
const DURATION = 200_000;

/** Feeds sightings in order; `queued` says which tracks MoodDJ queued, for which mood. */
function run(sightings: Partial<Sighting>[], queued: Record<string, Mood> = { a: 'happy' }): SkipOutcome[] {
  let watch: SkipWatch = EMPTY_WATCH;
  const outcomes: SkipOutcome[] = [];
  for (const s of sightings) {
    const sighting: Sighting = {
      at: 0,
      trackId: null,
      progressMs: 0,
      playing: true,
      durationMs: DURATION,
      ...s,
    };
    const result = observePlayer(watch, sighting, sighting.trackId ? (queued[sighting.trackId] ?? null) : null);
    watch = result.watch;
    if (result.outcome) outcomes.push(result.outcome);
  }
  return outcomes;
}

/** Track `a` starts at 0 and is sighted on the 20 s heartbeat until `b` is sighted `bProgress` into it at `bAt`. */
function leftAfter(bAt: number, bProgress = 1000): SkipOutcome[] {
  const beats: Partial<Sighting>[] = [{ at: 0, trackId: 'a', progressMs: 500 }];
  for (let t = 20_000; t < bAt; t += 20_000) beats.push({ at: t, trackId: 'a', progressMs: t + 500 });
  return run([...beats, { at: bAt, trackId: 'b', progressMs: bProgress }]);
}

describe('observePlayer', () => {
  it('counts a queued track left 29 s into playback as a skip, for the mood it was queued for', () => {
    // b started 1 s before it was sighted: a was left at 29.5 s of position.
    expect(leftAfter(30_000)).toEqual([
      { kind: 'skipped', trackId: 'a', mood: 'happy', at: 29_000, positionMs: 29_500 },
    ]);
  });

  it('does not count a track left 31 s into playback', () => {
    expect(leftAfter(32_000)).toEqual([]);
  });

  it('judges by position, not by the clock: paused time does not count toward the 30 s', () => {
    const outcomes = run([
      { at: 0, trackId: 'a', progressMs: 0 },
      { at: 10_000, trackId: 'a', progressMs: 10_000, playing: false },
      // Paused for five minutes, sighted on each heartbeat.
      ...Array.from({ length: 15 }, (_, i) => ({
        at: 30_000 + i * 20_000,
        trackId: 'a',
        progressMs: 10_000,
        playing: false,
      })),
      { at: 5 * MIN, trackId: 'a', progressMs: 12_000 },
      // Played 15 s more, then skipped.
      { at: 5 * MIN + 14_000, trackId: 'b', progressMs: 1000 },
    ]);
    expect(outcomes).toMatchObject([{ kind: 'skipped', trackId: 'a', positionMs: 25_000 }]);
  });

  it('does not count a pause as a skip, however long', () => {
    const outcomes = run([
      { at: 0, trackId: 'a', progressMs: 0 },
      { at: 5000, trackId: 'a', progressMs: 5000, playing: false },
      ...Array.from({ length: 30 }, (_, i) => ({
        at: 25_000 + i * 20_000,
        trackId: 'a',
        progressMs: 5000,
        playing: false,
      })),
    ]);
    expect(outcomes).toEqual([]);
  });

  it('counts a track played to the end as completed, and one left in the middle as neither', () => {
    const played: Partial<Sighting>[] = [{ at: 0, trackId: 'a', progressMs: 0 }];
    for (let t = 20_000; t <= 180_000; t += 20_000) played.push({ at: t, trackId: 'a', progressMs: t });
    expect(run([...played, { at: 201_500, trackId: 'b', progressMs: 1500 }])).toMatchObject([
      { kind: 'completed', trackId: 'a', mood: 'happy', at: 200_000, positionMs: DURATION },
    ]);
    expect(run([...played.slice(0, 5), { at: 85_000, trackId: 'b', progressMs: 1000 }])).toEqual([]);
  });

  it('counts a track the player started over (repeat) once it had reached the end', () => {
    const played: Partial<Sighting>[] = [{ at: 0, trackId: 'a', progressMs: 0 }];
    for (let t = 20_000; t <= 180_000; t += 20_000) played.push({ at: t, trackId: 'a', progressMs: t });
    expect(run([...played, { at: 201_000, trackId: 'a', progressMs: 1000 }])).toMatchObject([{ kind: 'completed' }]);
  });

  it('decides seeks by position: a seek forward past 30 s is not a skip nor a completion; back to the start and left is a skip only if never heard past 30 s', () => {
    const forward = run([
      { at: 0, trackId: 'a', progressMs: 0 },
      { at: 5000, trackId: 'a', progressMs: 190_000 },
      { at: 12_000, trackId: 'b', progressMs: 1000 },
    ]);
    expect(forward).toEqual([]);
    const backAfterListening = run([
      { at: 0, trackId: 'a', progressMs: 0 },
      { at: 20_000, trackId: 'a', progressMs: 20_000 },
      { at: 40_000, trackId: 'a', progressMs: 40_000 },
      { at: 45_000, trackId: 'a', progressMs: 2000 },
      { at: 50_000, trackId: 'b', progressMs: 1000 },
    ]);
    expect(backAfterListening).toEqual([]);
    const backEarly = run([
      { at: 0, trackId: 'a', progressMs: 0 },
      { at: 20_000, trackId: 'a', progressMs: 20_000 },
      { at: 22_000, trackId: 'a', progressMs: 0 },
      { at: 40_000, trackId: 'b', progressMs: 1000 },
    ]);
    expect(backEarly).toMatchObject([{ kind: 'skipped', positionMs: 17_000 }]);
  });

  it('ignores tracks MoodDJ did not queue', () => {
    expect(
      run(
        [
          { at: 0, trackId: 'x', progressMs: 0 },
          { at: 5000, trackId: 'b', progressMs: 1000 },
        ],
        {},
      ),
    ).toEqual([]);
  });

  it('counts leaving for an item without a track (an ad) by the sighting time', () => {
    expect(
      run([
        { at: 0, trackId: 'a', progressMs: 0 },
        { at: 10_000, trackId: null, progressMs: null, playing: false },
      ]),
    ).toMatchObject([{ kind: 'skipped', at: 10_000, positionMs: 10_000 }]);
  });

  it('records no skip after a silence too long to know what happened', () => {
    const outcomes = run([
      { at: 0, trackId: 'a', progressMs: 0 },
      { at: 10 * MIN, trackId: 'b', progressMs: 1000 },
    ]);
    expect(outcomes).toEqual([]);
    // …but a completion already sighted still counts.
    const late = run([
      { at: 0, trackId: 'a', progressMs: 185_000 },
      { at: 10 * MIN, trackId: 'b', progressMs: 1000 },
    ]);
    expect(late).toMatchObject([{ kind: 'completed' }]);
  });

  it('follows a second queued track right after the first', () => {
    const outcomes = run(
      [
        { at: 0, trackId: 'a', progressMs: 0 },
        { at: 6000, trackId: 'b', progressMs: 1000 },
        { at: 12_000, trackId: 'c', progressMs: 1000 },
      ],
      { a: 'happy', b: 'sad' },
    );
    expect(outcomes.map((o) => [o.trackId, o.kind, o.mood])).toEqual([
      ['a', 'skipped', 'happy'],
      ['b', 'skipped', 'sad'],
    ]);
  });
});
