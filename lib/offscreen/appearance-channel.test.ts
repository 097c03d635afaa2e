import { describe, expect, it, vi } from 'vitest';
import type { AppearanceModel, FrameImage } from '@/lib/mood/appearance';
import type { Stacker, StackerInput } from '@/lib/mood/stacker';
import { type FaceFrame, MOODS, type MoodScores } from '@/lib/mood/types';
import { APPEARANCE_TUNING, type AppearanceView, createAppearanceChannel } from './appearance-channel';

/**
 * A product of experts over `inputs`, each view weighted by `weights` (no standardising): fused ∝ Π viewᵂ,
 * so a reading's effect, and which stacker fused it, are visible.
 */
function stacker(inputs: StackerInput[], weights = inputs.map(() => 1)): Stacker {
  const d = inputs.length * MOODS.length;
  return {
    version: 1,
    moods: [...MOODS],
    inputs,
    mean: new Array(d).fill(0),
    std: new Array(d).fill(1),
    clip: 100,
    layer: {
      w: MOODS.map((_, k) =>
        Array.from({ length: d }, (_, j) =>
          j % MOODS.length === k ? (weights[Math.floor(j / MOODS.length)] ?? 0) : 0,
        ),
      ),
      b: MOODS.map(() => 0),
      activation: 'linear',
    },
    meta: {},
  };
}

/** The three sets the extension can fuse; with both appearance views, the expression net's reading counts double. */
const STACKERS = [stacker(['mlp', 'cnn', 'expr'], [1, 1, 2]), stacker(['mlp', 'cnn']), stacker(['mlp', 'expr'])];

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
/** A reading of surprise. */
const SURPRISED_READING = [0.04, 0.02, 0.02, 0.02, 0.9];

const asScores = (p: readonly number[]): MoodScores =>
  Object.fromEntries(MOODS.map((m, k) => [m, p[k] ?? 0])) as MoodScores;

/** What the fused scores should be: the product of experts over the views, normalised. */
function expected(mlp: MoodScores, readings: { p: readonly number[]; w: number }[]): MoodScores {
  const raw = MOODS.map((m, k) => readings.reduce((acc, r) => acc * (r.p[k] ?? 0) ** r.w, mlp[m]));
  const sum = raw.reduce((a, b) => a + b, 0);
  return asScores(raw.map((v) => v / sum));
}

type Fake = AppearanceModel | Error;

function setup(views: Partial<Record<AppearanceView['name'], Fake>>, stackers: Stacker[] = STACKERS) {
  let now = 0;
  const onError = vi.fn();
  const loads = { cnn: vi.fn(), expr: vi.fn() };
  const list: AppearanceView[] = (['cnn', 'expr'] as const).flatMap((name) => {
    const model = views[name];
    if (!model) return [];
    return [
      {
        name,
        load: async () => {
          loads[name]();
          if (model instanceof Error) throw model;
          return model;
        },
      },
    ];
  });
  const channel = createAppearanceChannel({ stackers, views: list, now: () => now, onError });
  return {
    channel,
    onError,
    loads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** The single-view setup most tests use: the mini-Xception alone (the mlp + cnn stacker). */
const cnnOnly = (model: Fake = { moodProbs: () => NEUTRAL_READING }) => setup({ cnn: model });

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
    const ch = cnnOnly();
    expect(ch.channel.fuse(SURE, FACE, IMAGE)).toBe(SURE);
    expect(ch.channel.ready).toBe(false);
  });

  it('runs on every 3rd face frame while the blendshape model is sure, fusing the kept reading in between', async () => {
    const moodProbs = vi.fn(() => HAPPY_READING);
    const ch = cnnOnly({ moodProbs });
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
    const ch = cnnOnly({ moodProbs });
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
    const ch = cnnOnly({ moodProbs });
    await ch.channel.load();
    frames(ch, 6, UNSURE);
    expect(moodProbs).toHaveBeenCalledTimes(6);
  });

  it('runs on every frame when frames are slower than the reading lives (a steady face at 1 fps)', async () => {
    const moodProbs = vi.fn(() => NEUTRAL_READING);
    const ch = cnnOnly({ moodProbs });
    await ch.channel.load();
    for (let i = 0; i < 4; i++) {
      ch.channel.fuse(SURE, FACE, IMAGE);
      ch.advance(APPEARANCE_TUNING.maxAgeMs + 1);
    }
    expect(moodProbs).toHaveBeenCalledTimes(4);
  });

  it('drops a stale reading when it cannot take a new one', async () => {
    const ch = cnnOnly();
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
    const ch = cnnOnly(new Error('wasm refused'));
    await ch.channel.load();
    await ch.channel.load();
    expect(ch.loads.cnn).toHaveBeenCalledTimes(1);
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(ch.channel.ready).toBe(false);
    for (const scores of frames(ch, 10, UNSURE)) expect(scores).toBe(UNSURE);
    expect(ch.onError).toHaveBeenCalledTimes(1);
  });

  it('stops using a model that throws while running, reporting it once', async () => {
    const moodProbs = vi.fn((): number[] => {
      throw new Error('out of memory');
    });
    const ch = cnnOnly({ moodProbs });
    await ch.channel.load();
    for (const scores of frames(ch, 10, UNSURE)) expect(scores).toBe(UNSURE);
    expect(moodProbs).toHaveBeenCalledTimes(1);
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(ch.channel.ready).toBe(false);
  });

  it('fuses every view that loaded through the stacker fitted for exactly those views', async () => {
    const cnn = vi.fn(() => NEUTRAL_READING);
    const expr = vi.fn(() => SURPRISED_READING);
    const ch = setup({ cnn: { moodProbs: cnn }, expr: { moodProbs: expr } });
    await ch.channel.load();
    expect(ch.channel.views).toEqual(['mlp', 'cnn', 'expr']);
    const [first] = frames(ch, 1, UNSURE);
    // The three-view stacker (expr counted double), not either pair's.
    const want = expected(UNSURE, [
      { p: NEUTRAL_READING, w: 1 },
      { p: SURPRISED_READING, w: 2 },
    ]);
    for (const m of MOODS) expect(first?.[m]).toBeCloseTo(want[m], 9);
    // Both run on the same frames, under the same schedule (every 3rd frame while sure of happy).
    frames(ch, 8);
    expect(cnn).toHaveBeenCalledTimes(expr.mock.calls.length);
    expect(ch.channel.runs).toBe(cnn.mock.calls.length);
  });

  it('leaves the other view working when one fails to load, with the pair’s stacker and one error', async () => {
    const expr = vi.fn(() => SURPRISED_READING);
    const ch = setup({ cnn: new Error('emotion.bin: HTTP 404'), expr: { moodProbs: expr } });
    await ch.channel.load();
    await ch.channel.load();
    expect(ch.loads.cnn).toHaveBeenCalledTimes(1);
    expect(ch.loads.expr).toHaveBeenCalledTimes(1);
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(String(ch.onError.mock.calls[0]?.[0])).toContain('emotion.bin');
    expect(ch.channel.ready).toBe(true);
    expect(ch.channel.views).toEqual(['mlp', 'expr']);
    const [first] = frames(ch, 1, UNSURE);
    const want = expected(UNSURE, [{ p: SURPRISED_READING, w: 1 }]);
    for (const m of MOODS) expect(first?.[m]).toBeCloseTo(want[m], 9);
    frames(ch, 10, UNSURE);
    expect(expr).toHaveBeenCalledTimes(11);
    expect(ch.onError).toHaveBeenCalledTimes(1);
  });

  it('reports one error when every view fails to load, and the blendshape model reads alone', async () => {
    const ch = setup({ cnn: new Error('wasm refused'), expr: new Error('wasm refused') });
    await ch.channel.load();
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(ch.channel.ready).toBe(false);
    expect(ch.channel.views).toEqual([]);
    for (const scores of frames(ch, 5, UNSURE)) expect(scores).toBe(UNSURE);
  });

  it('drops a view that throws while running and goes on with the others, reporting it once', async () => {
    const cnn = vi.fn((): number[] => {
      throw new Error('out of memory');
    });
    const expr = vi.fn(() => SURPRISED_READING);
    const ch = setup({ cnn: { moodProbs: cnn }, expr: { moodProbs: expr } });
    await ch.channel.load();
    expect(frames(ch, 1, UNSURE)[0]).toBe(UNSURE);
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(ch.channel.views).toEqual(['mlp', 'expr']);
    const [next] = frames(ch, 1, UNSURE);
    const want = expected(UNSURE, [{ p: SURPRISED_READING, w: 1 }]);
    for (const m of MOODS) expect(next?.[m]).toBeCloseTo(want[m], 9);
    frames(ch, 5, UNSURE);
    expect(cnn).toHaveBeenCalledTimes(1);
    expect(ch.onError).toHaveBeenCalledTimes(1);
  });

  it('reads alone, reporting it once, when no stacker was fitted for the views that loaded', async () => {
    const ch = setup({ cnn: new Error('wasm refused'), expr: { moodProbs: () => HAPPY_READING } }, [
      stacker(['mlp', 'cnn', 'expr']),
      stacker(['mlp', 'cnn']),
    ]);
    await ch.channel.load();
    // The load error and the missing stacker, as one report.
    expect(ch.onError).toHaveBeenCalledTimes(1);
    expect(String(ch.onError.mock.calls[0]?.[0])).toMatch(/failed to load/);
    expect(ch.channel.ready).toBe(false);
    for (const scores of frames(ch, 3, UNSURE)) expect(scores).toBe(UNSURE);
  });
});
