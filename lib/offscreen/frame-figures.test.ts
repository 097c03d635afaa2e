import { describe, expect, it } from 'vitest';
import { createFrameFigures } from './frame-figures';

describe('the camera loop figures', () => {
  it('leave out the warm-up frames, and split the read by whether the appearance model ran', () => {
    let runs = 0;
    const figures = createFrameFigures({ appearanceRuns: () => runs });
    // Three warm-up frames: slow, and not in the figures.
    for (let i = 0; i < 3; i++) {
      figures.detected(400);
      figures.frameDone(410, true);
    }
    // Then detection 20 ms; every third frame also runs the appearance model (10 ms), one frame has no face.
    for (let i = 0; i < 9; i++) {
      figures.detected(20);
      if (i % 3 === 0) runs++;
      figures.frameDone(i % 3 === 0 ? 31 : 21, i !== 8);
    }
    const stats = figures.stats();
    expect(stats).toMatchObject({ frames: 12, faceFrames: 11, appearanceRuns: 3 });
    expect(stats.inferenceMs).toEqual({ p50: 21, p95: 31, n: 9 });
    expect(stats.detectMs).toEqual({ p50: 20, p95: 20, n: 9 });
    expect(stats.readMs).toEqual({ p50: 1, p95: 1, n: 5 });
    expect(stats.appearanceReadMs).toEqual({ p50: 11, p95: 11, n: 3 });
  });

  it('has no timings before any frame', () => {
    const stats = createFrameFigures({ appearanceRuns: () => 0 }).stats();
    expect(stats).toMatchObject({ frames: 0, inferenceMs: null, detectMs: null, readMs: null, appearanceReadMs: null });
  });
});
