import { describe, expect, it } from 'vitest';
import { MOODS } from '@/lib/mood/types';
import {
  bucketTotals,
  MAX_GAP_MS,
  type MoodPoint,
  moodSegments,
  playMoods,
  summariseHistory,
  sumPerMood,
  timePerMood,
} from './aggregate';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const june = (day: number, hour: number, minute = 0) => new Date(2025, 5, day, hour, minute).getTime();

describe('moodSegments', () => {
  it('lets each mood last until the next row', () => {
    const events: MoodPoint[] = [
      { at: 0, mood: 'happy' },
      { at: 10 * MIN, mood: 'sad' },
      { at: 25 * MIN, mood: 'neutral' },
    ];
    expect(moodSegments(events, 0, 30 * MIN)).toEqual([
      { mood: 'happy', start: 0, end: 10 * MIN },
      { mood: 'sad', start: 10 * MIN, end: 25 * MIN },
      { mood: 'neutral', start: 25 * MIN, end: 30 * MIN },
    ]);
  });

  it('clips to the window and lets the row before it set the mood at the start', () => {
    const events: MoodPoint[] = [
      { at: 100 * MIN, mood: 'angry' },
      { at: 110 * MIN, mood: 'happy' },
      { at: 130 * MIN, mood: 'sad' },
    ];
    expect(moodSegments(events, 120 * MIN, 135 * MIN)).toEqual([
      { mood: 'happy', start: 120 * MIN, end: 130 * MIN },
      { mood: 'sad', start: 130 * MIN, end: 135 * MIN },
    ]);
  });

  it('ignores a row before the window that had run out by then', () => {
    const events: MoodPoint[] = [{ at: 0, mood: 'sad' }];
    expect(moodSegments(events, MAX_GAP_MS, 2 * MAX_GAP_MS)).toEqual([]);
    expect(moodSegments(events, MAX_GAP_MS - MIN, 2 * MAX_GAP_MS)).toEqual([
      { mood: 'sad', start: MAX_GAP_MS - MIN, end: MAX_GAP_MS },
    ]);
  });

  it('ends a mood after a long silence: the person was away', () => {
    const events: MoodPoint[] = [
      { at: 0, mood: 'happy' },
      { at: 3 * HOUR, mood: 'sad' },
    ];
    expect(moodSegments(events, 0, 4 * HOUR)).toEqual([
      { mood: 'happy', start: 0, end: 30 * MIN },
      { mood: 'sad', start: 3 * HOUR, end: 3 * HOUR + 30 * MIN },
    ]);
    expect(moodSegments(events, 0, 4 * HOUR, 2 * HOUR)[0]).toEqual({ mood: 'happy', start: 0, end: 2 * HOUR });
  });

  it('joins touching stretches of one mood and sorts rows by time', () => {
    const events: MoodPoint[] = [
      { at: 20 * MIN, mood: 'happy' },
      { at: 0, mood: 'happy' },
    ];
    expect(moodSegments(events, 0, 40 * MIN)).toEqual([{ mood: 'happy', start: 0, end: 40 * MIN }]);
  });

  it('does not count rows after the window or time after its end', () => {
    const events: MoodPoint[] = [
      { at: 0, mood: 'happy' },
      { at: 50 * MIN, mood: 'sad' },
    ];
    expect(moodSegments(events, 0, 10 * MIN)).toEqual([{ mood: 'happy', start: 0, end: 10 * MIN }]);
  });
});

describe('time per mood', () => {
  const events: MoodPoint[] = [
    { at: june(15, 8, 50), mood: 'sad' },
    { at: june(15, 9, 10), mood: 'happy' },
    { at: june(15, 9, 30), mood: 'angry' },
    { at: june(15, 9, 35), mood: 'happy' },
    { at: june(15, 11, 0), mood: 'neutral' },
    { at: june(15, 11, 20), mood: 'surprised' },
  ];

  it('adds up each mood and sums to the covered time', () => {
    const from = june(15, 9);
    const to = june(15, 11, 25);
    const segments = moodSegments(events, from, to);
    const totals = timePerMood(segments, from, to);
    expect(totals).toEqual({
      sad: 10 * MIN,
      happy: 20 * MIN + 30 * MIN,
      angry: 5 * MIN,
      neutral: 20 * MIN,
      surprised: 5 * MIN,
      focus: 0,
      workout: 0,
      winddown: 0,
    });
    const covered = segments.reduce((sum, s) => sum + s.end - s.start, 0);
    expect(sumPerMood(totals)).toBe(covered);
    // 09:00–11:25 less the away time from 10:05 (30 min after 09:35) to 11:00.
    expect(covered).toBe(145 * MIN - 55 * MIN);
  });

  it('splits time between buckets, and the buckets add up to the totals', () => {
    const segments = moodSegments(events, june(15, 9), june(15, 12));
    const buckets = bucketTotals(segments, [
      { start: june(15, 9), end: june(15, 10) },
      { start: june(15, 10), end: june(15, 11) },
      { start: june(15, 11), end: june(15, 12) },
    ]);
    expect(buckets.map((b) => b.totals.happy)).toEqual([45 * MIN, 5 * MIN, 0]);
    expect(buckets.map((b) => b.totals.surprised)).toEqual([0, 0, 30 * MIN]);
    const totals = timePerMood(segments, june(15, 9), june(15, 12));
    for (const mood of MOODS) expect(buckets.reduce((sum, b) => sum + b.totals[mood], 0)).toBe(totals[mood]);
  });
});

describe('playMoods', () => {
  it('counts queued and played tracks per mood inside the window', () => {
    const counts = playMoods(
      [
        { at: 5, kind: 'queued', mood: 'happy' },
        { at: 6, kind: 'queued', mood: 'happy' },
        { at: 7, kind: 'queued', mood: 'sad' },
        { at: 8, kind: 'played', mood: 'happy' },
        { at: 9, kind: 'played', mood: null },
        { at: 50, kind: 'played', mood: 'sad' },
      ],
      0,
      10,
    );
    expect(counts.queued).toEqual({
      byMood: { happy: 2, sad: 1, angry: 0, neutral: 0, surprised: 0, focus: 0, workout: 0, winddown: 0 },
      untagged: 0,
      total: 3,
    });
    expect(counts.played).toEqual({
      byMood: { happy: 1, sad: 0, angry: 0, neutral: 0, surprised: 0, focus: 0, workout: 0, winddown: 0 },
      untagged: 1,
      total: 2,
    });
  });
});

describe('summariseHistory', () => {
  it('builds the 24-hour view: the earlier row sets the first hour, buckets match totals', () => {
    const now = june(15, 14, 20);
    const data = summariseHistory({
      range: '24h',
      now,
      moodEvents: [
        { at: june(14, 14, 50), mood: 'sad' },
        { at: june(15, 14, 0), mood: 'happy' },
      ],
      playEvents: [{ at: june(15, 14, 5), kind: 'queued', mood: 'happy' }],
    });
    expect(data.from).toBe(june(14, 15));
    expect(data.segments).toEqual([
      { mood: 'sad', start: june(14, 15), end: june(14, 15, 20) },
      { mood: 'happy', start: june(15, 14), end: now },
    ]);
    expect(data.totals.sad).toBe(20 * MIN);
    expect(data.totals.happy).toBe(20 * MIN);
    expect(data.covered).toBe(40 * MIN);
    expect(data.buckets[0]?.totals.sad).toBe(20 * MIN);
    expect(data.buckets.at(-1)?.totals.happy).toBe(20 * MIN);
    expect(data.buckets.reduce((sum, b) => sum + sumPerMood(b.totals), 0)).toBe(data.covered);
    expect(data.plays.queued.byMood.happy).toBe(1);
    expect(structuredClone(data)).toEqual(data);
  });

  it('is empty, not broken, without rows', () => {
    const data = summariseHistory({ range: '30d', now: june(15, 12), moodEvents: [], playEvents: [] });
    expect(data.covered).toBe(0);
    expect(data.segments).toEqual([]);
    expect(data.buckets).toHaveLength(30);
    expect(data.plays.played.total).toBe(0);
  });
});
