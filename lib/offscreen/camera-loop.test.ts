import { describe, expect, it } from 'vitest';
import type { PipelineReading } from '@/lib/mood/pipeline';
import { createMoodSmoother, type MoodSmootherOptions } from '@/lib/mood/smooth';
import type { FaceFrame, MoodScores } from '@/lib/mood/types';
import { createCameraLoop, type MoodReading } from './camera-loop';

/** A fake clock and timer queue, so the loop runs frame by frame without waiting. */
function fakeTimers() {
  let now = 0;
  let queue: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    schedule(run: () => void, delay: number) {
      const id = nextId++;
      queue.push({ at: now + delay, run, id });
      return id;
    },
    cancel(id: unknown) {
      queue = queue.filter((t) => t.id !== id);
    },
    advance(ms: number, perFrameCost = 0) {
      const end = now + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const next = queue[0];
        if (!next || next.at > end) break;
        queue.shift();
        now = next.at;
        next.run();
        now += perFrameCost;
      }
      now = Math.max(now, end);
    },
  };
}

const face: FaceFrame = { blendshapes: { mouthSmileLeft: 0.9 } };
const scores = (mood: keyof MoodScores): MoodScores => ({
  happy: 0.02,
  sad: 0.02,
  angry: 0.02,
  neutral: 0.02,
  surprised: 0.02,
  [mood]: 0.92,
});

/** A stand-in for the mood pipeline: `classify` scores each face, a real smoother smooths them. */
function pipeline(classify: (face: FaceFrame) => MoodScores, options?: MoodSmootherOptions) {
  const smoother = createMoodSmoother(options);
  return (face: FaceFrame | null, at: number): PipelineReading => {
    const scores = face ? classify(face) : null;
    return { ...smoother.push(scores, at), scores };
  };
}

describe('the camera loop', () => {
  it('reports a mood, then only changes, at the configured rate', () => {
    const timers = fakeTimers();
    const readings: MoodReading[] = [];
    let frames = 0;
    let current: keyof MoodScores = 'happy';
    const loop = createCameraLoop(
      {
        detect: () => {
          frames++;
          return face;
        },
        read: pipeline(() => scores(current)),
        now: timers.now,
        schedule: timers.schedule,
        cancel: timers.cancel,
        onReading: (r) => readings.push(r),
        onError: (e) => {
          throw e;
        },
      },
      { fps: 5 },
    );
    loop.start();
    timers.advance(200, 30);
    // The first frames come fast, so the first mood does not wait for the frame rate.
    expect(readings.map((r) => r.mood)).toEqual(['happy']);
    const afterFirst = frames;
    timers.advance(2000, 30);
    expect(frames - afterFirst).toBeGreaterThanOrEqual(10);
    expect(frames - afterFirst).toBeLessThanOrEqual(11);
    expect(readings.map((r) => r.mood)).toEqual(['happy']);

    current = 'sad';
    timers.advance(1500, 30);
    expect(readings.at(-1)?.mood).toBe('sad');

    loop.stop();
    const before = frames;
    timers.advance(2000);
    expect(frames).toBe(before);
  });

  it('says "no face" after the timeout and stops on a detection error', () => {
    const timers = fakeTimers();
    const readings: MoodReading[] = [];
    const errors: unknown[] = [];
    let mode: 'face' | 'none' | 'broken' = 'face';
    const loop = createCameraLoop(
      {
        detect: () => {
          if (mode === 'broken') throw new Error('video ended');
          return mode === 'face' ? face : null;
        },
        read: pipeline(() => scores('neutral'), { noFaceMs: 2000 }),
        now: timers.now,
        schedule: timers.schedule,
        cancel: timers.cancel,
        onReading: (r) => readings.push(r),
        onError: (e) => errors.push(e),
      },
      { fps: 5 },
    );
    loop.start();
    timers.advance(1000);
    mode = 'none';
    timers.advance(1500);
    expect(readings.at(-1)).toMatchObject({ mood: 'neutral', noFace: false });
    timers.advance(1000);
    expect(readings.at(-1)).toMatchObject({ noFace: true });

    mode = 'broken';
    timers.advance(500);
    expect(errors).toHaveLength(1);
    expect(loop.running).toBe(false);
  });

  it('slows down while nothing changes and speeds up on the first changed frame', () => {
    const timers = fakeTimers();
    const readings: MoodReading[] = [];
    const times: number[] = [];
    let current: keyof MoodScores = 'happy';
    const deps = {
      detect: (at: number) => {
        times.push(at);
        return face;
      },
      read: pipeline(() => scores(current)),
      now: timers.now,
      schedule: timers.schedule,
      cancel: timers.cancel,
      onReading: (r: MoodReading) => readings.push(r),
      onError: (e: unknown) => {
        throw e;
      },
    };
    const loop = createCameraLoop(deps, { fps: 10 });
    loop.start();
    timers.advance(6000, 20);
    // Steady for 4 s: 2 frames a second instead of 10.
    const lastSecond = times.filter((t) => t > 5000);
    expect(lastSecond.length).toBeGreaterThanOrEqual(2);
    expect(lastSecond.length).toBeLessThanOrEqual(3);
    const changedAt = timers.now();
    current = 'sad';
    timers.advance(1500, 20);
    // The next frame sees the change; from there on, the full rate.
    const after = times.filter((t) => t > changedAt);
    expect((after[1] ?? 0) - (after[0] ?? 0)).toBeLessThanOrEqual(100);
    expect(after.length).toBeGreaterThanOrEqual(12);
    expect(readings.at(-1)?.mood).toBe('sad');

    // With adaptation off, the same steady face keeps the configured rate.
    const fixedTimes: number[] = [];
    const fixed = createCameraLoop(
      {
        ...deps,
        read: pipeline(() => scores(current)),
        detect: (at: number) => {
          fixedTimes.push(at);
          return face;
        },
      },
      { fps: 10, adaptive: false },
    );
    loop.stop();
    fixed.start();
    const from = timers.now();
    timers.advance(6000, 20);
    expect(fixedTimes.filter((t) => t > from + 5000).length).toBeGreaterThanOrEqual(9);
  });

  it('collects the faces seen during calibration', async () => {
    const timers = fakeTimers();
    const loop = createCameraLoop(
      {
        detect: () => face,
        read: pipeline(() => scores('neutral')),
        now: timers.now,
        schedule: timers.schedule,
        cancel: timers.cancel,
        onReading: () => undefined,
        onError: () => undefined,
      },
      { fps: 5 },
    );
    loop.start();
    // Long enough for the steady face to slow the loop: calibration still gets every frame.
    timers.advance(6000);
    const collected = loop.collect(3000);
    timers.advance(3000);
    expect((await collected).length).toBeGreaterThanOrEqual(14);
  });

  it('acquires each frame before detecting, holds it through classify, and frees it after', async () => {
    const timers = fakeTimers();
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    const log: string[] = [];
    let held = false;
    let camera: 'on' | 'ended' | 'pending' = 'on';
    let pending: ((ok: boolean) => void) | null = null;
    const loop = createCameraLoop(
      {
        acquire: () => {
          if (camera === 'pending') return new Promise((resolve) => (pending = resolve));
          held = camera === 'on';
          log.push('acquire');
          return Promise.resolve(held);
        },
        release: () => {
          held = false;
          log.push('release');
        },
        detect: () => {
          log.push(held ? 'detect' : 'detect without a frame');
          return face;
        },
        read: pipeline(() => {
          log.push(held ? 'classify' : 'classify without a frame');
          return scores('happy');
        }),
        now: timers.now,
        schedule: timers.schedule,
        cancel: timers.cancel,
        onReading: () => undefined,
        onError: (e) => {
          throw e;
        },
      },
      { fps: 5 },
    );
    loop.start();
    for (let t = 0; t < 1000; t += 10) {
      timers.advance(10);
      await flush();
    }
    expect(log.slice(0, 8)).toEqual([
      'acquire',
      'detect',
      'classify',
      'release',
      'acquire',
      'detect',
      'classify',
      'release',
    ]);
    expect(log).not.toContain('detect without a frame');
    expect(log.filter((x) => x === 'acquire').length).toBe(log.filter((x) => x === 'release').length);

    // The camera stops: no frame, nothing detected, the loop waits for the track's end to stop it.
    camera = 'ended';
    log.length = 0;
    for (let t = 0; t < 1000; t += 10) {
      timers.advance(10);
      await flush();
    }
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((x) => x === 'acquire')).toBe(true);

    // Stopped and restarted while a frame is on its way: that frame is freed, and one loop runs on.
    camera = 'pending';
    for (let t = 0; t < 1000 && !pending; t += 10) {
      timers.advance(10);
      await flush();
    }
    loop.stop();
    loop.start();
    camera = 'on';
    const late = pending as ((ok: boolean) => void) | null;
    held = true;
    late?.(true);
    await flush();
    expect(held).toBe(false);
    log.length = 0;
    for (let t = 0; t < 2000; t += 10) {
      timers.advance(10);
      await flush();
    }
    // One loop at 5 fps (perhaps slowed to 2 when steady): never two loops' worth.
    const detects = log.filter((x) => x === 'detect').length;
    expect(detects).toBeGreaterThanOrEqual(3);
    expect(detects).toBeLessThanOrEqual(11);
    loop.stop();
  });
});
