import { describe, expect, it } from 'vitest';
import { MAX_GAP_MS } from './aggregate';
import {
  continuesAfter,
  listeningSession,
  NAME_MOODS_MAX,
  nameMoods,
  type SessionPlay,
  sessionDate,
  sessionStart,
} from './session';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 29, 20, 0);
const at = (minutes: number) => T0 + minutes * MIN;
const queued = (minutes: number, trackId: string, mood: SessionPlay['mood'] = 'happy'): SessionPlay => ({
  at: at(minutes),
  trackId,
  kind: 'queued',
  mood,
});
const event = (minutes: number, trackId: string, kind: SessionPlay['kind']): SessionPlay => ({
  at: at(minutes),
  trackId,
  kind,
  mood: null,
});

describe('the listening session', () => {
  it('starts after the last silence longer than 30 minutes', () => {
    expect(sessionStart([at(0), at(10), at(41), at(70)])).toBe(at(41));
    // Exactly 30 minutes apart is still one session.
    expect(sessionStart([at(0), at(30), at(60)])).toBe(at(0));
    expect(sessionStart([])).toBeNull();
  });

  it('holds only the tracks queued since that silence', () => {
    const session = listeningSession([], [queued(0, 'old'), queued(31, 'a'), queued(40, 'b')], at(45));
    expect(session?.from).toBe(at(31));
    expect(session?.trackIds).toEqual(['a', 'b']);
  });

  it('counts mood changes as activity that keeps a session together', () => {
    // 50 minutes between the two queues, but a mood change in between: one session.
    const session = listeningSession([{ at: at(25), mood: 'sad' }], [queued(0, 'a'), queued(50, 'b')], at(55));
    expect(session?.trackIds).toEqual(['a', 'b']);
  });

  it('leaves out tracks skipped after MoodDJ queued them', () => {
    const plays = [
      queued(0, 'a'),
      queued(1, 'b'),
      queued(2, 'c'),
      event(5, 'b', 'skipped'),
      event(6, 'c', 'completed'),
    ];
    expect(listeningSession([], plays, at(10))?.trackIds).toEqual(['a', 'c']);
  });

  it('keeps a track queued again after it was skipped', () => {
    const plays = [queued(0, 'a'), event(3, 'a', 'skipped'), queued(8, 'a')];
    expect(listeningSession([], plays, at(10))?.trackIds).toEqual(['a']);
  });

  it('lists a track queued twice once, at its first place', () => {
    const plays = [queued(0, 'a'), queued(1, 'b'), queued(2, 'a', 'sad'), queued(3, 'c')];
    expect(listeningSession([], plays, at(10))?.trackIds).toEqual(['a', 'b', 'c']);
  });

  it("holds only MoodDJ's picks, not what the person played themselves", () => {
    const plays = [queued(0, 'a'), event(1, 'x', 'played'), { ...queued(2, 'y'), mood: null }, event(3, 'a', 'played')];
    expect(listeningSession([], plays, at(10))?.trackIds).toEqual(['a']);
  });

  it('has the moods over the session as stretches and as a trip for the name', () => {
    const moods = [
      { at: at(-60), mood: 'angry' as const },
      { at: at(0), mood: 'happy' as const },
      { at: at(5), mood: 'happy' as const },
      { at: at(10), mood: 'sad' as const },
    ];
    const session = listeningSession(moods, [queued(12, 'a')], at(20));
    expect(session?.ongoing).toBe(true);
    expect(session?.to).toBe(at(20));
    expect(session?.segments).toEqual([
      { mood: 'happy', start: at(0), end: at(10) },
      { mood: 'sad', start: at(10), end: at(20) },
    ]);
    expect(session?.moods).toEqual(['happy', 'sad']);
  });

  it('names the trip from the queued tracks when no mood was recorded', () => {
    const session = listeningSession(
      [],
      [queued(0, 'a', 'sad'), queued(1, 'b', 'sad'), queued(2, 'c', 'happy')],
      at(3),
    );
    expect(session?.moods).toEqual(['sad', 'happy']);
  });

  it('stays the latest session after it ended, until another begins', () => {
    const session = listeningSession([], [queued(0, 'a')], at(0) + MAX_GAP_MS + MIN);
    expect(session?.ongoing).toBe(false);
    expect(session?.to).toBe(at(0));
    expect(session?.last).toBe(at(0));
    expect(session?.trackIds).toEqual(['a']);
    expect(listeningSession([], [], at(0))).toBeNull();
  });
});

describe('a session going on after its newest known event', () => {
  it('goes on while no silence longer than 30 minutes separates the events from it', () => {
    expect(continuesAfter(at(0), [at(20), at(45), at(70)])).toBe(true);
    // The first event of the later run is 31 minutes after: a new session.
    expect(continuesAfter(at(0), [at(31), at(40)])).toBe(false);
    expect(continuesAfter(at(0), [at(10), at(50)])).toBe(false);
    // Order does not matter, and nothing in between is a run that starts within the gap.
    expect(continuesAfter(at(0), [at(50), at(25)])).toBe(true);
    expect(continuesAfter(at(0), [])).toBe(true);
  });
});

describe("the playlist name's parts", () => {
  it('keeps a long trip to its start and end', () => {
    expect(nameMoods(['happy', 'sad'])).toEqual(['happy', 'sad']);
    expect(nameMoods(['happy', 'sad', 'angry', 'neutral'])).toEqual(['happy', '…', 'neutral']);
    expect(nameMoods(['happy', 'sad', 'angry']).length).toBe(NAME_MOODS_MAX);
  });

  it("writes the date the person's way", () => {
    expect(sessionDate(T0, 'en-GB')).toBe('29 Nov 2026');
    expect(sessionDate(T0, 'en-US')).toBe('Nov 29, 2026');
  });
});
