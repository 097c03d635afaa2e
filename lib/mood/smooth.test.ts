import { describe, expect, it } from 'vitest';
import { createMoodSmoother, type SmoothedMood } from './smooth.ts';
import { MOODS, type Mood, type MoodScores } from './types.ts';

/** Scores that favour `mood` with probability `p`, the rest spread evenly. */
function scores(mood: Mood, p = 0.8): MoodScores {
  const rest = (1 - p) / (MOODS.length - 1);
  return Object.fromEntries(MOODS.map((m) => [m, m === mood ? p : rest])) as MoodScores;
}

/** Feeds `frames` at `fps` starting at `t0`; returns every output and the next timestamp. */
function feed(
  smoother: ReturnType<typeof createMoodSmoother>,
  frames: ReadonlyArray<MoodScores | null>,
  fps: number,
  t0 = 0,
): { out: SmoothedMood[]; times: number[]; next: number } {
  const dt = 1000 / fps;
  const out: SmoothedMood[] = [];
  const times: number[] = [];
  frames.forEach((s, i) => {
    times.push(t0 + i * dt);
    out.push(smoother.push(s, t0 + i * dt));
  });
  return { out, times, next: t0 + frames.length * dt };
}

const repeat = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);

describe('createMoodSmoother', () => {
  it('reports the first mood after two frames, without waiting for the dwell', () => {
    const s = createMoodSmoother();
    const { out } = feed(s, repeat(scores('happy'), 3), 5);
    expect(out[0]?.mood).toBeNull();
    expect(out[1]).toMatchObject({ mood: 'happy', changed: true, noFace: false });
    expect(out[2]?.changed).toBe(false);
  });

  it('keeps a steady face steady, even with noisy scores', () => {
    const s = createMoodSmoother();
    let seed = 1;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    // Per-frame winner is often wrong: happy ~0.5, one random other mood spikes up to ~0.45.
    const frames = Array.from({ length: 150 }, () => {
      const other = MOODS[1 + Math.floor(rand() * 4)] as Mood;
      const spike = 0.45 * rand();
      const base = scores('happy', 0.5);
      return { ...base, [other]: base[other] + spike, happy: base.happy - spike / 2 } as MoodScores;
    });
    const { out } = feed(s, frames, 15);
    expect(out.slice(2).every((o) => o.mood === 'happy')).toBe(true);
    expect(out.filter((o) => o.changed)).toHaveLength(1);
  });

  // 1 fps: a hidden tab's throttled timers; two frames a second apart must not flip the mood either.
  for (const fps of [1, 2, 5, 15, 30]) {
    for (const flicker of [1, 2]) {
      it(`does not flip on a ${flicker}-frame flicker at ${fps} fps`, () => {
        const s = createMoodSmoother();
        const frames = [
          ...repeat(scores('neutral', 0.9), 2 * fps),
          ...repeat(scores('angry', 0.95), flicker),
          ...repeat(scores('neutral', 0.9), 2 * fps),
        ];
        const { out } = feed(s, frames, fps);
        expect(out.slice(1).every((o) => o.mood === 'neutral')).toBe(true);
      });
    }
    if (fps < 2) continue;

    it(`follows a real change within about a second at ${fps} fps`, () => {
      const s = createMoodSmoother();
      const before = feed(s, repeat(scores('neutral'), 2 * fps), fps);
      const after = feed(s, repeat(scores('sad', 0.7), 2 * fps), fps, before.next);
      const flip = after.out.findIndex((o) => o.mood === 'sad');
      expect(flip).toBeGreaterThanOrEqual(0);
      const latency = (after.times[flip] ?? 0) - before.next;
      // At 2 fps a frame is 500 ms, and the third frame after the change (1000 ms) is the earliest flip.
      expect(latency).toBeLessThanOrEqual(fps >= 5 ? 1000 : 1000 + 500);
      expect(latency).toBeGreaterThanOrEqual(400);
      expect(after.out[flip]?.changed).toBe(true);
      expect(after.out.slice(flip).every((o) => o.mood === 'sad')).toBe(true);
    });
  }

  it('switches on the third frame of a clear change from a confident face at 5 fps (400 ms), not before', () => {
    const s = createMoodSmoother();
    const before = feed(s, repeat(scores('neutral', 0.9), 10), 5);
    const after = feed(s, repeat(scores('happy', 0.9), 5), 5, before.next);
    expect(after.out.map((o) => o.mood)).toEqual(['neutral', 'neutral', 'happy', 'happy', 'happy']);
  });

  it('needs dwellFrames frames in a row as well as dwellMs', () => {
    // Two challenger frames 1 s apart last long enough, but are only two frames.
    const s = createMoodSmoother({ dwellMs: 400, dwellFrames: 3 });
    const before = feed(s, repeat(scores('neutral', 0.9), 4), 1);
    const after = feed(s, repeat(scores('happy', 0.9), 3), 1, before.next);
    expect(after.out.map((o) => o.mood)).toEqual(['neutral', 'neutral', 'happy']);
    // With one frame enough, the second frame (past the dwell) switches.
    const one = createMoodSmoother({ dwellMs: 400, dwellFrames: 1 });
    feed(one, repeat(scores('neutral', 0.9), 4), 1);
    expect(feed(one, repeat(scores('happy', 0.9), 2), 1, before.next).out.map((o) => o.mood)).toEqual([
      'neutral',
      'happy',
    ]);
  });

  it('needs the challenger to win by a margin (hysteresis)', () => {
    const s = createMoodSmoother({ margin: 0.1 });
    const before = feed(s, repeat(scores('happy', 0.6), 10), 5);
    // Surprised now edges ahead by only 0.05: not enough to switch, however long it lasts.
    const close = { ...scores('happy', 0.4), surprised: 0.45, sad: 0.05, angry: 0.05, neutral: 0.05 };
    const { out } = feed(s, repeat(close, 25), 5, before.next);
    expect(out.every((o) => o.mood === 'happy')).toBe(true);
  });

  it('keeps the mood through a short face loss and reports noFace after the timeout', () => {
    const s = createMoodSmoother({ noFaceMs: 2000 });
    const face = feed(s, repeat(scores('surprised'), 10), 5);
    // The last face was at face.next − 200 ms, so the 10th empty frame is 2000 ms after it.
    const gone = feed(s, repeat(null, 10), 5, face.next);
    expect(gone.out.slice(0, 9).every((o) => o.mood === 'surprised' && !o.noFace)).toBe(true);
    expect(gone.out[9]).toEqual({ mood: null, confidence: 0, changed: true, noFace: true });
    // The face comes back: a new first mood appears fast again.
    const back = feed(s, repeat(scores('neutral'), 2), 5, gone.next);
    expect(back.out[1]).toMatchObject({ mood: 'neutral', changed: true, noFace: false });
  });

  it('reports noFace when no face was ever seen', () => {
    const s = createMoodSmoother({ noFaceMs: 1000 });
    const { out } = feed(s, repeat(null, 6), 5);
    expect(out[4]?.noFace).toBe(false);
    expect(out[5]?.noFace).toBe(true);
    expect(out.every((o) => o.mood === null)).toBe(true);
  });

  it('gives a confidence that rises as evidence accumulates', () => {
    const s = createMoodSmoother();
    const { out } = feed(s, [scores('happy', 0.5), scores('happy', 0.9), scores('happy', 0.9)], 5);
    expect(out[1]?.confidence).toBeGreaterThan(0.5);
    expect(out[2]?.confidence).toBeGreaterThan(out[1]?.confidence ?? 1);
    expect(out[2]?.confidence).toBeLessThanOrEqual(0.9);
  });

  it('forgets everything on reset', () => {
    const s = createMoodSmoother();
    feed(s, repeat(scores('angry'), 5), 5);
    s.reset();
    expect(s.push(scores('happy'), 5000).mood).toBeNull();
    expect(s.push(scores('happy'), 5200).mood).toBe('happy');
  });
});
