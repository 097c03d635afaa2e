import { describe, expect, it } from 'vitest';
import { devFaces } from '@/test/support/mood/dev-faces';
import type { FrameImage } from './appearance.ts';
import { type Baseline, classify, createBaseline, moodModel, topMood } from './classify.ts';
import { extractFeatures } from './features.ts';
import {
  createPersonalAdaptation,
  PERSONAL_FEATURES_VERSION,
  type PersonalAdaptation,
  type PersonalExample,
  toStoredFeatures,
} from './personal.ts';
import { type AppearanceFusion, createMoodPipeline, type MoodPipelineDeps, type PipelineReading } from './pipeline.ts';
import { fuse, type Stacker } from './stacker.ts';
import { moodStackers } from './stacker-default.ts';
import { type FaceFrame, MOODS, type Mood, type MoodScores } from './types.ts';

/** A recorded face by its file (`test/support/mood/dev-faces.json`). */
const face = (key: string): FaceFrame => {
  const f = devFaces.find((x) => x.key === key);
  if (!f) throw new Error(`no dev face ${key}`);
  return f.frame;
};
/** Read happy (0.91) by the blendshape model. */
const HAPPY = face('dev/happy/001.jpg');
/** Read sad, but only just (0.53): a confident appearance reading can overturn it. */
const UNSURE_SAD = face('dev/sad/001.jpg');
/** A resting face that the population model reads as a little sad: the case calibration is for. */
const RESTING = face('dev/neutral/001.jpg');
const NEUTRAL = face('dev/neutral/002.jpg');
const SAD = face('dev/sad/002.jpg');

/** The camera's frame period at the default 5 fps. */
const FRAME_MS = 200;
const IMAGE: FrameImage = { source: {} as CanvasImageSource, width: 640, height: 480 };

function pipeline(deps: Partial<MoodPipelineDeps> = {}) {
  return createMoodPipeline({ model: moodModel, noFaceMs: 2000, ...deps });
}

/** Feeds `faces` (null: no face) one frame period apart from `from` ms; returns every reading. */
function run(
  p: ReturnType<typeof createMoodPipeline>,
  faces: ReadonlyArray<FaceFrame | null>,
  from = 0,
  image: FrameImage | null = IMAGE,
): PipelineReading[] {
  return faces.map((f, i) => p.frame(f, from + i * FRAME_MS, image));
}

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

/** The frame with every blendshape scaled by `k` and the landmarks nudged: frame-to-frame jitter. */
function jitter(frame: FaceFrame, k: number): FaceFrame {
  const blendshapes = Object.fromEntries(
    Object.entries(frame.blendshapes).map(([name, v]) => [name, Math.min(1, v * k)]),
  );
  const landmarks = frame.landmarks?.map((p, i) => ({ ...p, y: p.y + (k - 1) * 0.002 * Math.sin(i) }));
  return { ...frame, blendshapes, ...(landmarks ? { landmarks } : {}) };
}

/** A face part way from `a` to `b` (blendshapes and landmarks mixed). */
function between(a: FaceFrame, b: FaceFrame, t: number): FaceFrame {
  const blendshapes = Object.fromEntries(
    Object.keys(a.blendshapes).map((n) => [n, (1 - t) * (a.blendshapes[n] ?? 0) + t * (b.blendshapes[n] ?? 0)]),
  );
  const landmarks = a.landmarks?.map((p, i) => {
    const q = b.landmarks?.[i] ?? p;
    return { x: (1 - t) * p.x + t * q.x, y: (1 - t) * p.y + t * q.y, z: (1 - t) * p.z + t * q.z };
  });
  return { ...a, blendshapes, ...(landmarks ? { landmarks } : {}) };
}

const example = (mood: Mood, frame: FaceFrame): PersonalExample => ({
  mood,
  version: PERSONAL_FEATURES_VERSION,
  features: toStoredFeatures(extractFeatures(frame)),
});

/** The most sad-looking face on the way from neutral to sad that the model still reads as neutral, sad second. */
function borderline(): FaceFrame {
  const steps = Array.from({ length: 41 }, (_, i) => between(NEUTRAL, SAD, i / 40));
  const last = steps
    .filter((f) => {
      const s = classify(f);
      return topMood(s) === 'neutral' && MOODS.filter((m) => m !== 'neutral').every((m) => s.sad >= s[m]);
    })
    .at(-1);
  if (!last) throw new Error('no borderline face between the neutral and sad fixtures');
  return last;
}

/** A personal step that records what it was given and changes nothing. */
function recordingPersonaliser() {
  const calls: { features: readonly number[]; scores: MoodScores; baseline: Baseline | null }[] = [];
  const personaliser: PersonalAdaptation = {
    adapt(features, scores, baseline) {
      calls.push({ features, scores, baseline });
      return scores;
    },
  };
  return { personaliser, calls };
}

const asScores = (p: readonly number[]): MoodScores =>
  Object.fromEntries(MOODS.map((m, k) => [m, p[k] ?? 0])) as MoodScores;
/** The appearance model's reading: clearly neutral. */
const NEUTRAL_LOOK = [0.02, 0.02, 0.02, 0.9, 0.04];
/** A committed stacker of the blendshape model and one appearance view, as when a single appearance model runs. */
const PAIR = moodStackers().find((s) => s.inputs.length === 2) as Stacker;

/**
 * The appearance channel as the pipeline sees it: before its model has loaded (`look` null) it passes the
 * blendshape scores through; loaded, it fuses its reading through the committed stacker. Records its calls.
 */
function fakeAppearance(look: readonly number[] | null) {
  const calls: { mlp: MoodScores; face: FaceFrame; image: FrameImage | null }[] = [];
  const appearance: AppearanceFusion = {
    fuse(mlp, face, image) {
      calls.push({ mlp, face, image });
      if (!look || !image) return mlp;
      return asScores(
        fuse(
          PAIR,
          MOODS.map((m) => mlp[m]),
          look,
        ),
      );
    },
  };
  return { appearance, calls };
}

describe('the mood pipeline', () => {
  it('reads a recorded happy face as happy once smoothed, with the classifier’s own scores per frame', () => {
    const readings = run(pipeline(), times(5, HAPPY));
    // One face is not enough for a first mood; the second is.
    expect(readings[0]).toMatchObject({ mood: null, noFace: false });
    expect(readings.slice(1).map((r) => r.mood)).toEqual(times(4, 'happy'));
    expect(readings.at(-1)?.confidence).toBeCloseTo(classify(HAPPY).happy, 6);
    for (const r of readings) expect(r.scores).toEqual(classify(HAPPY));
  });

  it('moves to a new mood only after it has held for a while', () => {
    const readings = run(pipeline(), [...times(5, HAPPY), ...times(6, SAD)]);
    const sad = readings.slice(5).map((r) => r.mood);
    // The first sad frame does not flip it (dwell); within about a second it has.
    expect(sad[0]).toBe('happy');
    expect(sad.at(-1)).toBe('sad');
    expect(readings.filter((r) => r.changed).map((r) => r.mood)).toEqual(['happy', 'sad']);
  });

  it('keeps the mood through a short look away, and says "no face" after noFaceMs', () => {
    const p = pipeline({ noFaceMs: 2000 });
    run(p, times(5, HAPPY));
    // The last face was at 800 ms.
    const away = run(p, times(11, null), 1000);
    const at = (ms: number) => away[(ms - 1000) / FRAME_MS];
    expect(at(2600)).toMatchObject({ mood: 'happy', noFace: false, scores: null });
    expect(at(2800)).toMatchObject({ mood: null, noFace: true, confidence: 0, scores: null });
    // A face again: the mood is found afresh.
    const back = run(p, times(2, HAPPY), 3200);
    expect(back.map((r) => r.mood)).toEqual([null, 'happy']);
  });

  it('is reconfigured to another noFaceMs, starting the smoothing afresh; the same value changes nothing', () => {
    const p = pipeline({ noFaceMs: 2000 });
    run(p, times(5, HAPPY));
    p.configure({ noFaceMs: 2000 });
    expect(p.frame(HAPPY, 1000).mood).toBe('happy');
    p.configure({ noFaceMs: 500 });
    expect(p.frame(HAPPY, 1200).mood).toBeNull();
    expect(p.frame(HAPPY, 1400).mood).toBe('happy');
    expect(p.frame(null, 1800)).toMatchObject({ mood: 'happy', noFace: false });
    expect(p.frame(null, 1900)).toMatchObject({ mood: null, noFace: true });
  });

  it('reads a resting face that looks a little sad as neutral once calibrated, and as before when cleared', () => {
    const baseline = createBaseline([0.9, 0.95, 1, 1.05, 1.1].map((k) => jitter(RESTING, k)));
    const p = pipeline();
    expect(run(p, times(5, RESTING)).at(-1)?.mood).toBe('sad');
    p.setBaseline(baseline);
    const calibrated = run(p, times(8, RESTING), 1000);
    expect(calibrated.at(-1)?.mood).toBe('neutral');
    expect(calibrated.at(-1)?.scores).toEqual(classify(RESTING, baseline));
    p.setBaseline(null);
    const cleared = run(p, times(8, RESTING), 3000);
    expect(cleared.at(-1)?.mood).toBe('sad');
    expect(cleared.at(-1)?.scores).toEqual(classify(RESTING));
  });

  it('gives the personal step the face’s features, the model’s scores after the baseline, and the baseline', () => {
    const baseline = createBaseline([NEUTRAL]);
    const { personaliser, calls } = recordingPersonaliser();
    const p = pipeline({ personaliser });
    p.frame(HAPPY, 0);
    p.setBaseline(baseline);
    p.frame(SAD, FRAME_MS);
    p.frame(null, 2 * FRAME_MS);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({ features: extractFeatures(HAPPY), scores: classify(HAPPY), baseline: null });
    expect(calls[1]).toEqual({ features: extractFeatures(SAD), scores: classify(SAD, baseline), baseline });
  });

  it('moves a borderline face to the mood of the person’s own example, and back without it', () => {
    const target = borderline();
    const model = moodModel();
    const kept = [example('sad', between(target, NEUTRAL, 0.05)), example('happy', HAPPY)];
    const without = run(pipeline({ personaliser: createPersonalAdaptation(model, []) }), times(5, target));
    const personal = run(pipeline({ personaliser: createPersonalAdaptation(model, kept) }), times(5, target));
    const deleted = kept.filter((e) => e.mood !== 'sad');
    const after = run(pipeline({ personaliser: createPersonalAdaptation(model, deleted) }), times(5, target));
    expect(without.at(-1)?.mood).toBe('neutral');
    expect(without.at(-1)?.scores).toEqual(classify(target));
    expect(personal.at(-1)?.mood).toBe('sad');
    expect(personal.at(-1)?.scores?.sad).toBeGreaterThan(classify(target).sad);
    expect(after.at(-1)?.mood).toBe('neutral');
  });

  it('fuses the appearance channel’s reading when it has one, on top of the personal step', () => {
    const { appearance, calls } = fakeAppearance(NEUTRAL_LOOK);
    const readings = run(pipeline({ appearance }), times(5, UNSURE_SAD));
    expect(topMood(classify(UNSURE_SAD))).toBe('sad');
    expect(readings.at(-1)?.mood).toBe('neutral');
    expect(readings.at(-1)?.scores).toEqual(
      asScores(
        fuse(
          PAIR,
          MOODS.map((m) => classify(UNSURE_SAD)[m]),
          NEUTRAL_LOOK,
        ),
      ),
    );
    // Each face once, with the frame it was found in; personal examples adapt what is fused.
    expect(calls).toHaveLength(5);
    expect(calls[0]).toEqual({ mlp: classify(UNSURE_SAD), face: UNSURE_SAD, image: IMAGE });
    const adapted = createPersonalAdaptation(moodModel(), [example('angry', UNSURE_SAD)]);
    const withExample = fakeAppearance(null);
    pipeline({ personaliser: adapted, appearance: withExample.appearance }).frame(UNSURE_SAD, 0, IMAGE);
    expect(withExample.calls[0]?.mlp.angry).toBeGreaterThan(classify(UNSURE_SAD).angry + 0.1);
  });

  it('reads with the blendshape model alone while the appearance model has not loaded', () => {
    const { appearance, calls } = fakeAppearance(null);
    const readings = run(pipeline({ appearance }), [...times(5, UNSURE_SAD), null]);
    expect(readings[4]?.mood).toBe('sad');
    expect(readings[4]?.scores).toEqual(classify(UNSURE_SAD));
    // No face, nothing to fuse.
    expect(calls).toHaveLength(5);
  });
});
