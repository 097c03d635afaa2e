import { describe, expect, it, vi } from 'vitest';
import type { AppearanceModel, FrameImage } from '@/lib/mood/appearance';
import type { Stacker } from '@/lib/mood/stacker';
import { type FaceFrame, MOODS, type MoodScores } from '@/lib/mood/types';
import { APPEARANCE_TUNING, createAppearanceChannel } from './appearance-channel';

/** A product of experts: fused ∝ mlp · cnn (no standardising), so a reading's effect is visible. */
const STACKER: Stacker = {
  version: 1,
  moods: [...MOODS],
  inputs: ['mlp', 'cnn'],
  mean: new Array(10).fill(0),
  std: new Array(10).fill(1),
  clip: 100,
  layer: {
    w: MOODS.map((_, k) => Array.from({ length: 10 }, (_, j) => (j === k || j === k + 5 ? 1 : 0))),
    b: MOODS.map(() => 0),
    activation: 'linear',
  },
  meta: {},
};

const FACE: FaceFrame = {
  blendshapes: {},
  landmarks: [
    { x: 0.3, y: 0.2, z: 0 },
    { x: 0.6, y: 0.7, z: 0 },
  ],
};
const IMAGE: FrameImage = { source: {} as CanvasImageSource, width: 640, height: 480 };
/** Sure of happy (top 0.8, above the threshold). */
const SURE: MoodScores = { happy: 0.8, sad: 0.05, angry: 0.05, neutral: 0.05, surprised: 0.05 };
/** Unsure: happy 0.4 vs neutral 0.35. */
const UNSURE: MoodScores = { happy: 0.4, sad: 0.1, angry: 0.05, neutral: 0.35, surprised: 0.1 };
/** The fake model's reading: clearly neutral. */
const NEUTRAL_READING = [0.02, 0.02, 0.02, 0.9, 0.04];
/** A reading that agrees with SURE: clearly happy. */
const HAPPY_READING = [0.9, 0.02, 0.02, 0.02, 0.04];

function setup(model: AppearanceModel | Error = { moodProbs: () => NEUTRAL_READING }) {
  let now = 0;
  const onError = vi.fn();
  const loadModel = vi.fn(async () => {
    if (model instanceof Error) throw model;
    return model;
  });
  const channel = createAppearanceChannel({ stacker: STACKER, loadModel, now: () => now, onError });
  return {
    channel,
    onError,
    loadModel,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Feeds `n` face frames 200 ms apart (5 fps) and returns the fused scores of each. */
function frames(ch: ReturnType<typeof setup>, n: number, mlp = SURE, image: FrameImage | null = IMAGE): MoodScores[] {
  return Array.from({ length: n }, () => {
    const out = ch.channel.fuse(mlp, FACE, image);
    ch.advance(200);
    return out;
  });
}

describe('the appearance channel', () => {
  it('passes the blendshape scores through until the model has loaded', () => {
    const ch = setup();
    expect(ch.channel.fuse(SURE, FACE, IMAGE)).toBe(SURE);
    expect(ch.channel.ready).toBe(false);
  });

  it('runs on every 3rd face frame while the blendshape model is sure, fusing the kept reading in between', async () => {
    const moodProbs = vi.fn(() => HAPPY_READING);
    const ch = setup({ moodProbs });
    await ch.channel.load();
    const out = frames(ch, 9);
    expect(moodProbs).toHaveBeenCalledTimes(3);
    expect(ch.channel.runs).toBe(3);
    // Every frame is fused (the reading is at most 0.4 s old): happy pushed up from 0.8 on all of them.
    for (const scores of out) expect(scores.happy).toBeGreaterThan(0.95);
  });

  it('looks again at once when the blendshape model turns to another mood than the kept reading', async () => {
    let reading = NEUTRAL_READING;
    const moodProbs = vi.fn(() => reading);
    const ch = setup({ moodProbs });
    await ch.channel.load();
    // The face was neutral, and both views agreed: every 3rd frame.
    frames(ch, 4, { happy: 0.05, sad: 0.05, angry: 0.05, neutral: 0.8, surprised: 0.05 });
    expect(moodProbs).toHaveBeenCalledTimes(2);
    // A smile, on a frame that is not a 3rd: the blendshape model says happy; the kept neutral reading
    // (0.2 s old) must not hold it back.
    reading = HAPPY_READING;
    const [first] = frames(ch, 1);
    expect(moodProbs).toHaveBeenCalledTimes(3);
    expect(first?.happy).toBeGreaterThan(0.95);
    // Agreeing again: the next frame (not a 3rd) reuses the reading.
    frames(ch, 1);
    expect(moodProbs).toHaveBeenCalledTimes(3);
  });

  it('runs on every face frame while the blendshape model is unsure', async () => {
    const moodProbs = vi.fn(() => NEUTRAL_READING);
    const ch = setup({ moodProbs });
    await ch.channel.load();
    frames(ch, 6, UNSURE);
    expect(moodProbs).toHaveBeenCalledTimes(6);
  });

  it('runs on every frame when frames are slower than the reading lives (a steady face at 1 fps)', async () => {
    const moodProbs = vi.fn(() => NEUTRAL_READING);
    const ch = setup({ moodProbs });
    await ch.channel.load();
    for (let i = 0; i < 4; i++) {
      ch.channel.fuse(SURE, FACE, IMAGE);
      ch.advance(APPEARANCE_TUNING.maxAgeMs + 1);
    }
    expect(moodProbs).toHaveBeenCalledTimes(4);
  });

  it('drops a stale reading when it cannot take a new one', async () => {
    const ch = setup();
    await ch.channel.load();
    expect(ch.channel.fuse(SURE, FACE, IMAGE).neutral).toBeGreaterThan(0.5);
    ch.advance(APPEARANCE_TUNING.maxAgeMs - 100);
    // Still fresh, and no frame image this time: the kept reading is used.
    expect(ch.channel.fuse(SURE, FACE, null).neutral).toBeGreaterThan(0.5);
    ch.advance(200);
    // Now older than the limit: the blendshape scores pass through unchanged.
    expect(ch.channel.fuse(SURE, FACE, null)).toBe(SURE);
    // A frame without landmarks cannot be cropped either.
    expect(ch.channel.fuse(SURE, { blendshapes: {} }, IMAGE)).toBe(SURE);
  });

  it('falls back to the blendshape model when the model fails to load, reporting it once', async () => {
    const ch = setup(new Error('wasm refused'));
    await ch.channel.load();
    await ch.channel.load();
    expect(ch.loadModel).toHaveBeenCalledTimes(1);
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(ch.channel.ready).toBe(false);
    for (const scores of frames(ch, 10, UNSURE)) expect(scores).toBe(UNSURE);
    expect(ch.onError).toHaveBeenCalledTimes(1);
  });

  it('stops using a model that throws while running, reporting it once', async () => {
    const moodProbs = vi.fn((): number[] => {
      throw new Error('out of memory');
    });
    const ch = setup({ moodProbs });
    await ch.channel.load();
    for (const scores of frames(ch, 10, UNSURE)) expect(scores).toBe(UNSURE);
    expect(moodProbs).toHaveBeenCalledTimes(1);
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(ch.channel.ready).toBe(false);
  });
});
