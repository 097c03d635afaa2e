import { describe, expect, it } from 'vitest';
import { devFaces } from '@/test/support/mood/dev-faces';
import { extractFeatures, FEATURE_NAMES, frameFromResult, GEOMETRY_NAMES, mirrorFrame } from './features.ts';
import { LANDMARK_MIRROR } from './landmark-mirror.ts';
import type { FaceFrame } from './types.ts';

const face = (devFaces[0] as (typeof devFaces)[number]).frame;
const geo = (f: FaceFrame) => {
  const start = FEATURE_NAMES.indexOf(GEOMETRY_NAMES[0]);
  return extractFeatures(f).slice(start);
};

describe('extractFeatures', () => {
  it('gives one finite value per feature name for a recorded face', () => {
    for (const { frame } of devFaces) {
      const x = extractFeatures(frame);
      expect(x).toHaveLength(FEATURE_NAMES.length);
      expect(x.every(Number.isFinite)).toBe(true);
    }
  });

  it('marks geometry as missing (NaN) without landmarks, keeping the blendshapes', () => {
    const x = extractFeatures({ blendshapes: face.blendshapes });
    const g = FEATURE_NAMES.indexOf(GEOMETRY_NAMES[0]);
    expect(x.slice(0, g).every(Number.isFinite)).toBe(true);
    expect(x.slice(g).every(Number.isNaN)).toBe(true);
  });

  it('reads a smile from the blendshapes as the mean of both sides and their difference', () => {
    const x = extractFeatures({ blendshapes: { mouthSmileLeft: 0.8, mouthSmileRight: 0.2 } });
    expect(x[FEATURE_NAMES.indexOf('bs_mouthSmileMean')]).toBeCloseTo(0.5);
    expect(x[FEATURE_NAMES.indexOf('bs_mouthSmileDiff')]).toBeCloseTo(0.6);
  });

  it('does not depend on the frame aspect once `aspect` is given', () => {
    // The same face in a 16:9 frame: x coordinates shrink by the aspect, `aspect` undoes it.
    const landmarks = face.landmarks ?? [];
    const wide: FaceFrame = { ...face, landmarks: landmarks.map((p) => ({ ...p, x: p.x / (16 / 9) })), aspect: 16 / 9 };
    const a = geo(face);
    const b = geo(wide);
    b.forEach((v, i) => {
      expect(v).toBeCloseTo(a[i] ?? Number.NaN, 9);
    });
  });

  it('removes head roll', () => {
    const t = (15 * Math.PI) / 180;
    const landmarks = face.landmarks ?? [];
    const rolled: FaceFrame = {
      ...face,
      landmarks: landmarks.map((p) => {
        const u = p.x - 0.5;
        const v = p.y - 0.5;
        return { ...p, x: 0.5 + Math.cos(t) * u - Math.sin(t) * v, y: 0.5 + Math.sin(t) * u + Math.cos(t) * v };
      }),
    };
    const a = geo(face);
    geo(rolled).forEach((v, i) => {
      expect(v).toBeCloseTo(a[i] ?? Number.NaN, 9);
    });
  });

  it('is unchanged when the image is squashed vertically (as in the posed set)', () => {
    const landmarks = face.landmarks ?? [];
    const squashed: FaceFrame = { ...face, landmarks: landmarks.map((p) => ({ ...p, y: 0.5 + (p.y - 0.5) * 0.8 })) };
    const a = geo(face);
    const b = geo(squashed);
    // Exact only for a perfectly level face; this one has a little roll.
    b.forEach((v, i) => {
      expect(Math.abs(v - (a[i] ?? Number.NaN))).toBeLessThan(0.02);
    });
  });
});

describe('mirrorFrame', () => {
  it('pairs every landmark with a twin (an involution)', () => {
    expect(LANDMARK_MIRROR).toHaveLength(478);
    LANDMARK_MIRROR.forEach((j, i) => {
      expect(LANDMARK_MIRROR[j]).toBe(i);
    });
  });

  it('swaps Left/Right blendshapes and mirrors landmarks', () => {
    const m = mirrorFrame(face);
    expect(m.blendshapes.mouthSmileLeft).toBe(face.blendshapes.mouthSmileRight);
    expect(m.blendshapes.eyeBlinkRight).toBe(face.blendshapes.eyeBlinkLeft);
    expect(m.blendshapes.jawOpen).toBe(face.blendshapes.jawOpen);
    // The right mouth corner of the mirrored face is where the left one was, flipped.
    expect(m.landmarks?.[291]?.x).toBeCloseTo(1 - (face.landmarks?.[61]?.x ?? 0), 9);
    const back = mirrorFrame(m);
    expect(back.blendshapes).toEqual(face.blendshapes);
    back.landmarks?.forEach((p, i) => {
      expect(p.x).toBeCloseTo(face.landmarks?.[i]?.x ?? Number.NaN, 12);
    });
  });

  it('leaves the features unchanged (mirrored webcam previews read the same)', () => {
    for (const { frame } of devFaces) {
      const a = extractFeatures(frame);
      const b = extractFeatures(mirrorFrame(frame));
      b.forEach((v, i) => {
        expect(v).toBeCloseTo(a[i] ?? Number.NaN, 9);
      });
    }
  });
});

describe('frameFromResult', () => {
  it('takes the first face of a FaceLandmarker result', () => {
    const f = frameFromResult(
      {
        faceBlendshapes: [{ categories: [{ categoryName: 'jawOpen', score: 0.4 }] }],
        faceLandmarks: [[{ x: 0.1, y: 0.2, z: 0 }]],
      },
      4 / 3,
    );
    expect(f).toEqual({ blendshapes: { jawOpen: 0.4 }, landmarks: [{ x: 0.1, y: 0.2, z: 0 }], aspect: 4 / 3 });
    expect(frameFromResult({ faceBlendshapes: [], faceLandmarks: [] })).toBeNull();
  });
});
