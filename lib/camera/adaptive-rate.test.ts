import { describe, expect, it } from 'vitest';
import type { FaceFrame, Mood, MoodScores } from '@/lib/mood/types';
import { createAdaptiveRate, FLOOR_FPS, faceMotion, type RateSignal, topClass } from './adaptive-rate';

const scores = (mood: Mood): MoodScores => ({
  happy: 0.05,
  sad: 0.05,
  angry: 0.05,
  neutral: 0.05,
  surprised: 0.05,
  [mood]: 0.8,
});

/** A square face of 100 landmarks at (x, y), `size` wide, with one smile value. */
function face(smile: number, x = 0.5, y = 0.5, size = 0.3): FaceFrame {
  const landmarks = Array.from({ length: 100 }, (_, i) => ({
    x: x - size / 2 + (size * (i % 10)) / 9,
    y: y - size / 2 + (size * Math.floor(i / 10)) / 9,
    z: 0,
  }));
  return { blendshapes: { mouthSmileLeft: smile, mouthSmileRight: smile, _neutral: 1 - smile }, landmarks };
}

/** Feeds `frames` steady happy frames from `fromMs`, one per `stepMs`; returns the rates asked for. */
function feed(
  rate: ReturnType<typeof createAdaptiveRate>,
  fromMs: number,
  frames: number,
  stepMs: number,
  signal: (i: number) => Partial<RateSignal> = () => ({}),
): number[] {
  return Array.from({ length: frames }, (_, i) =>
    rate.next({ atMs: fromMs + i * stepMs, face: face(0.8), scores: scores('happy'), mood: 'happy', ...signal(i) }),
  );
}

describe('the adaptive frame rate', () => {
  it('slows down once the mood has held and the face is still, and not before', () => {
    const rate = createAdaptiveRate({ fps: 5, steadyFps: 2, holdMs: 4000 });
    const rates = feed(rate, 0, 30, 200);
    // Frames at 0…3800 ms ask for the configured rate; from 4000 ms on the steady rate.
    expect(rates.slice(0, 20)).toEqual(Array(20).fill(5));
    expect(rates.slice(20)).toEqual(Array(10).fill(2));
  });

  it('speeds up at once on a feature jump, a lost or found face, another raw top class or another mood', () => {
    const changes: Partial<RateSignal>[] = [
      { face: face(0.3) },
      { face: face(0.8, 0.6, 0.5) },
      { face: face(0.8, 0.5, 0.5, 0.4) },
      { face: null, scores: null },
      { scores: scores('surprised') },
      { mood: 'surprised' },
    ];
    for (const change of changes) {
      const rate = createAdaptiveRate({ fps: 8, steadyFps: 2, holdMs: 1000 });
      expect(feed(rate, 0, 10, 200).at(-1)).toBe(2);
      expect(rate.next({ atMs: 2000, face: face(0.8), scores: scores('happy'), mood: 'happy', ...change })).toBe(8);
      // …and holds the full rate until the new state has held for holdMs again.
      const after = feed(rate, 2200, 6, 200, () => change);
      expect(after.slice(0, 4)).toEqual([8, 8, 8, 8]);
      expect(after.at(-1)).toBe(change.face === null ? 8 : 2);
    }
  });

  it('keeps the full rate while there is no mood, or with adaptation off', () => {
    const noMood = createAdaptiveRate({ fps: 5, holdMs: 500 });
    expect(feed(noMood, 0, 20, 200, () => ({ mood: null })).every((fps) => fps === 5)).toBe(true);
    const off = createAdaptiveRate({ fps: 5, holdMs: 500, enabled: false });
    expect(feed(off, 0, 20, 200).every((fps) => fps === 5)).toBe(true);
    off.setEnabled(true);
    expect(feed(off, 4000, 5, 200).at(-1)).toBe(2);
  });

  it('never goes below the floor nor above the configured rate', () => {
    const belowFloor = createAdaptiveRate({ fps: 10, steadyFps: 0.2, holdMs: 100 });
    expect(Math.min(...feed(belowFloor, 0, 50, 100))).toBe(FLOOR_FPS);
    const slowCeiling = createAdaptiveRate({ fps: 1.5, steadyFps: 4, holdMs: 100 });
    expect(Math.max(...feed(slowCeiling, 0, 50, 100))).toBe(1.5);
    expect(Math.min(...feed(slowCeiling, 5000, 50, 100))).toBe(1.5);
    slowCeiling.setFps(0);
    expect(feed(slowCeiling, 10_000, 5, 100).every((fps) => fps === FLOOR_FPS)).toBe(true);
    slowCeiling.setFps(12);
    expect(feed(slowCeiling, 20_000, 1, 100, () => ({ mood: 'sad' }))).toEqual([12]);
  });

  it('measures motion by blendshapes and by the landmarks box', () => {
    expect(faceMotion(face(0.5), face(0.5))).toBe(0);
    expect(faceMotion(face(0.5), face(0.52))).toBeCloseTo(0.02);
    // A 0.03 shift of a 0.3-wide face is a tenth of its size.
    expect(faceMotion(face(0.5), face(0.5, 0.53))).toBeCloseTo(0.1);
    expect(faceMotion(face(0.5), face(0.5, 0.5, 0.5, 0.33))).toBeCloseTo(0.1);
    expect(faceMotion({ blendshapes: { a: 0.1 } }, { blendshapes: { a: 0.4 } })).toBeCloseTo(0.3);
    expect(topClass(scores('angry'))).toBe('angry');
    expect(topClass(null)).toBeNull();
  });
});
