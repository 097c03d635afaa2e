import { describe, expect, it } from 'vitest';
import { summariseHistory } from '../aggregate';
import { sparkSeries, stackedBars } from './chart-data';
import { SPARK_LEVEL, todaySparkline } from './sparkline';

const june = (day: number, hour: number, minute = 0) => new Date(2025, 5, day, hour, minute).getTime();

describe('stackedBars', () => {
  it('stacks moods bottom-up in MOODS order and draws the tallest first', () => {
    const data = summariseHistory({
      range: '24h',
      now: june(15, 14, 30),
      moodEvents: [
        { at: june(15, 13, 0), mood: 'sad' },
        { at: june(15, 13, 15), mood: 'happy' },
        { at: june(15, 13, 25), mood: 'surprised' },
        { at: june(15, 13, 30), mood: 'surprised' },
      ],
      playEvents: [],
    });
    const bars = stackedBars(data);
    expect(bars.unit).toBe('min');
    expect(bars.x).toHaveLength(24);
    expect(bars.x.at(-2)).toBe(june(15, 13, 30) / 1000);
    expect(bars.stacks.map((s) => s.mood)).toEqual(['surprised', 'neutral', 'angry', 'sad', 'happy']);
    const at13 = (mood: string) => bars.stacks.find((s) => s.mood === mood)?.values.at(-2);
    expect(at13('happy')).toBe(10);
    expect(at13('sad')).toBe(25);
    expect(at13('surprised')).toBe(60);
  });

  it('stacks an activity above the five faces only when the window has time for it', () => {
    const data = summariseHistory({
      range: '24h',
      now: june(15, 14, 30),
      moodEvents: [
        { at: june(15, 13, 0), mood: 'sad' },
        { at: june(15, 13, 15), mood: 'winddown' },
      ],
      playEvents: [],
    });
    const bars = stackedBars(data);
    expect(bars.stacks.map((s) => s.mood)).toEqual(['winddown', 'surprised', 'neutral', 'angry', 'sad', 'happy']);
    // 15 min sad, then wind down until the history's 30-minute gap rule ends it.
    expect(bars.stacks[0]?.values.at(-2)).toBe(45);
  });

  it('uses hours for week and month bars', () => {
    const data = summariseHistory({ range: '7d', now: june(15, 14), moodEvents: [], playEvents: [] });
    expect(stackedBars(data).unit).toBe('h');
  });
});

describe('sparkSeries', () => {
  it('closes a trailing gap with the last level so the step before it is drawn', () => {
    const s = sparkSeries([
      { at: 1000, mood: 'happy' },
      { at: 2000, mood: null },
      { at: 3000, mood: null },
    ]);
    expect(s.x).toEqual([1, 2, 3]);
    expect(s.y).toEqual([SPARK_LEVEL.happy, null, SPARK_LEVEL.happy]);
    expect(s.moods).toEqual(['happy', null, null]);
  });

  it('marks a mood too short to see as a dot: the first pick of the day, a moment ago', () => {
    const now = june(15, 14, 30);
    const s = sparkSeries(todaySparkline([{ at: now - 2000, mood: 'happy' }], now));
    expect(s.moods).toEqual([null, 'happy', 'happy']);
    expect(s.dots).toEqual([1]);
  });

  it('draws a lone point as a dot, and long stretches as lines only', () => {
    expect(sparkSeries([{ at: 1000, mood: 'sad' }]).dots).toEqual([0]);
    expect(sparkSeries([{ at: 1000, mood: null }]).dots).toEqual([]);
    const day = sparkSeries([
      { at: june(15, 0), mood: null },
      { at: june(15, 8), mood: 'happy' },
      { at: june(15, 9), mood: 'sad' },
      { at: june(15, 9, 1), mood: 'angry' },
      { at: june(15, 10), mood: 'angry' },
    ]);
    // One minute of ten hours is under 1 %: the sad minute is a dot; an hour of happy or angry is a line.
    expect(day.dots).toEqual([2]);
  });
});
