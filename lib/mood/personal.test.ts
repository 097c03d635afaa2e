import { describe, expect, it } from 'vitest';
import { devFaces } from '@/test/support/mood/dev-faces';
import { classify, createBaseline, moodModel, topMood } from './classify.ts';
import { extractFeatures, FEATURE_NAMES } from './features.ts';
import {
  adaptScores,
  createPersonalAdaptation,
  isPersonalExample,
  overflowIds,
  PERSONAL_FEATURES_VERSION,
  PERSONAL_MAX_PER_MOOD,
  type PersonalExample,
  personalCentroids,
  personalPoint,
  toStoredFeatures,
} from './personal.ts';
import { type FaceFrame, MOODS, type Mood } from './types.ts';

const face = (label: Mood) => {
  const f = devFaces.find((x) => x.label === label && x.source === 'tw');
  if (!f) throw new Error(`no tw ${label} fixture`);
  return f.frame;
};

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

/** Classify as the offscreen document does: the model's scores, adapted to the examples. */
function classifyPersonal(frame: FaceFrame, examples: PersonalExample[]) {
  const model = moodModel();
  return adaptScores(classify(frame), personalPoint(model, extractFeatures(frame)), personalCentroids(model, examples));
}

/**
 * The most sad-looking face on the way from neutral to sad that the model still reads as neutral, with sad
 * second: the kind of face where the camera says "neutral" and the person says "sad".
 */
function borderline(): FaceFrame {
  const steps = Array.from({ length: 41 }, (_, i) => between(face('neutral'), face('sad'), i / 40));
  const candidates = steps.filter((f) => {
    const s = classify(f);
    return topMood(s) === 'neutral' && MOODS.filter((m) => m !== 'neutral').every((m) => s.sad >= s[m]);
  });
  const last = candidates.at(-1);
  if (!last) throw new Error('no borderline face between the neutral and sad fixtures');
  return last;
}

describe('personal examples', () => {
  it('with no examples, the scores are the same', () => {
    for (const { frame } of devFaces.slice(0, 10)) {
      expect(classifyPersonal(frame, [])).toEqual(classify(frame));
    }
  });

  it('an example for "sad" moves a borderline face to sad; deleting it moves it back', () => {
    const target = borderline();
    const before = classify(target);
    expect(topMood(before)).toBe('neutral');
    // The person's correction: a frame a moment earlier (a little different), labelled sad.
    const kept = [example('sad', between(target, face('neutral'), 0.05)), example('happy', face('happy'))];
    const after = classifyPersonal(target, kept);
    expect(topMood(after)).toBe('sad');
    expect(after.sad).toBeGreaterThan(before.sad);
    const deleted = kept.filter((e) => e.mood !== 'sad');
    expect(classifyPersonal(target, deleted)).toEqual(classifyPersonal(target, [example('happy', face('happy'))]));
    expect(topMood(classifyPersonal(target, deleted))).toBe('neutral');
  });

  it('an example boosts only faces that look like it', () => {
    const happy = face('happy');
    const sadExample = [example('sad', borderline())];
    expect(topMood(classifyPersonal(happy, sadExample))).toBe('happy');
    expect(classifyPersonal(happy, sadExample).happy).toBeCloseTo(classify(happy).happy, 2);
  });

  it('more examples pull harder than one', () => {
    const target = borderline();
    const one = classifyPersonal(target, [example('sad', target)]).sad;
    const three = classifyPersonal(target, [
      example('sad', target),
      example('sad', target),
      example('sad', target),
    ]).sad;
    expect(three).toBeGreaterThan(one);
  });

  it('compares examples after the neutral baseline, like the face itself', () => {
    const model = moodModel();
    const features = extractFeatures(face('sad'));
    const baseline = createBaseline([face('neutral')]);
    expect(personalPoint(model, features, baseline)).not.toEqual(personalPoint(model, features));
    const centroids = personalCentroids(model, [example('sad', face('sad'))], baseline);
    expect(centroids.get('sad')?.centroid).toEqual(personalPoint(model, features, baseline));
  });

  it('adapts with centroids that follow the baseline as it is set, cleared and set again', () => {
    const model = moodModel();
    const examples = [example('sad', face('sad')), example('happy', face('happy'))];
    const adaptation = createPersonalAdaptation(model, examples);
    const baseline = createBaseline([face('neutral')]);
    const features = extractFeatures(between(face('neutral'), face('sad'), 0.5));
    const scores = classify(face('neutral'));
    const expected = (b: typeof baseline | null) =>
      adaptScores(scores, personalPoint(model, features, b), personalCentroids(model, examples, b));
    expect(expected(baseline)).not.toEqual(expected(null));
    for (const b of [null, baseline, baseline, null, baseline]) {
      expect(adaptation.adapt(features, scores, b)).toEqual(expected(b));
    }
    // Without examples, the scores themselves.
    expect(createPersonalAdaptation(model, []).adapt(features, scores, baseline)).toBe(scores);
  });

  it('ignores stored values that are not examples of this feature set', () => {
    const good = example('sad', face('sad'));
    expect(isPersonalExample(good)).toBe(true);
    expect(isPersonalExample(JSON.parse(JSON.stringify(good)))).toBe(true);
    expect(isPersonalExample({ ...good, version: PERSONAL_FEATURES_VERSION + 1 })).toBe(false);
    expect(isPersonalExample({ ...good, mood: 'ecstatic' })).toBe(false);
    expect(isPersonalExample({ ...good, features: good.features.slice(1) })).toBe(false);
    expect(isPersonalExample({ ...good, features: FEATURE_NAMES.map(() => 'x') })).toBe(false);
    expect(personalCentroids(moodModel(), [{ ...good, version: 0 }]).size).toBe(0);
  });

  it('keeps the newest examples of each mood up to the cap', () => {
    const rows = [
      ...Array.from({ length: PERSONAL_MAX_PER_MOOD + 2 }, (_, i) => ({
        id: i + 1,
        mood: 'sad' as const,
        at: 1000 + i,
      })),
      { id: 100, mood: 'happy' as const, at: 1 },
    ];
    expect(overflowIds(rows).sort((a, b) => a - b)).toEqual([1, 2]);
    expect(overflowIds(rows.slice(0, PERSONAL_MAX_PER_MOOD))).toEqual([]);
  });
});
