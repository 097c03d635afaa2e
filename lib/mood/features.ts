import { LANDMARK_MIRROR } from './landmark-mirror.ts';
import type { FaceFrame, FaceLandmark } from './types.ts';

/** MediaPipe FaceLandmarker's 52 blendshape category names, in its output order. */
export const BLENDSHAPE_NAMES = [
  '_neutral',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'eyeLookDownLeft',
  'eyeLookDownRight',
  'eyeLookInLeft',
  'eyeLookInRight',
  'eyeLookOutLeft',
  'eyeLookOutRight',
  'eyeLookUpLeft',
  'eyeLookUpRight',
  'eyeSquintLeft',
  'eyeSquintRight',
  'eyeWideLeft',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawOpen',
  'jawRight',
  'mouthClose',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthFunnel',
  'mouthLeft',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthPucker',
  'mouthRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'noseSneerLeft',
  'noseSneerRight',
] as const;

const UNPAIRED = BLENDSHAPE_NAMES.filter((n) => !n.endsWith('Left') && !n.endsWith('Right'));
/** Left/Right blendshape pairs by their common stem, e.g. `mouthSmile` (and `jaw` for jawLeft/jawRight). */
const PAIR_STEMS = BLENDSHAPE_NAMES.filter((n) => n.endsWith('Left')).map((n) => n.slice(0, -4));

/**
 * Landmark-geometry features. All are measured after making the landmarks isotropic (`aspect`)
 * and removing head roll. Horizontal distances are divided by the inter-ocular distance and
 * vertical distances by the eye-line-to-nose-base height, so a face that is squashed or
 * stretched along one image axis (the Taiwanese set is squashed vertically; webcams differ)
 * gives the same values. Every feature averages or spans both sides, so it is mirror-invariant.
 */
/**
 * Landmarks whose (symmetrised) positions feed the model as a coarse face shape: mouth outline
 * (outer and inner), eyelids, brows, nose and jaw. Listed by their side-A index; each is
 * averaged with its mirror twin, and midline points give only a height.
 */
const SHAPE_POINTS = [
  61, 185, 40, 39, 37, 0, 17, 84, 181, 91, 146, 78, 191, 80, 81, 82, 13, 14, 87, 178, 88, 95, 33, 160, 159, 158, 133,
  153, 145, 144, 70, 63, 105, 66, 107, 46, 53, 52, 65, 55, 1, 2, 98, 4, 6, 168, 152, 199, 175, 172, 136, 150, 149, 176,
  148, 205, 50, 187,
] as const;

export const GEOMETRY_NAMES = [
  'g_mouthWidth',
  'g_mouthOpen',
  'g_upperLipThickness',
  'g_lowerLipThickness',
  'g_cornerDrop',
  'g_innerCornerDrop',
  'g_cornerBelowNose',
  'g_upperLipBelowNose',
  'g_cornerBelowLowerLid',
  'g_eyeOpen',
  'g_browInnerHeight',
  'g_browMidHeight',
  'g_browOuterHeight',
  'g_browInnerGap',
  'g_jawDrop',
  'g_cornerAsymmetry',
] as const;

/**
 * Every feature `extractFeatures` produces, in order: blendshapes without a side, the mean and
 * absolute difference of each Left/Right pair (so mirroring the face cannot change them), then
 * geometry. A model uses a subset of these by name.
 */
export const FEATURE_NAMES: readonly string[] = [
  ...UNPAIRED.map((n) => `bs_${n}`),
  ...PAIR_STEMS.map((s) => `bs_${s}Mean`),
  ...PAIR_STEMS.map((s) => `bs_${s}Diff`),
  ...GEOMETRY_NAMES,
  ...shapeNames(),
];

/**
 * The feature vector of one face, aligned with `FEATURE_NAMES`. Missing blendshapes count as 0;
 * geometry is `NaN` when the frame has no (or too few) landmarks, which the classifier treats as
 * "average face" for those features.
 */
export function extractFeatures(frame: FaceFrame): number[] {
  const bs = frame.blendshapes;
  const get = (name: string): number => {
    const v = bs[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  const out: number[] = UNPAIRED.map(get);
  for (const s of PAIR_STEMS) out.push((get(`${s}Left`) + get(`${s}Right`)) / 2);
  for (const s of PAIR_STEMS) out.push(Math.abs(get(`${s}Left`) - get(`${s}Right`)));
  out.push(...geometryFeatures(frame.landmarks, frame.aspect ?? 1));
  out.push(...shapeFeatures(frame.landmarks, frame.aspect ?? 1));
  return out;
}

// Landmark indices (MediaPipe face mesh). "A" is the image-left side of an unmirrored face.
const EYE_A_OUTER = 33;
const EYE_A_INNER = 133;
const EYE_B_OUTER = 263;
const EYE_B_INNER = 362;
const LID_A_UPPER = 159;
const LID_A_LOWER = 145;
const LID_B_UPPER = 386;
const LID_B_LOWER = 374;
const BROW_A = { inner: 107, mid: 105, outer: 70 } as const;
const BROW_B = { inner: 336, mid: 334, outer: 300 } as const;
const MOUTH_A = 61;
const MOUTH_B = 291;
const MOUTH_INNER_A = 78;
const MOUTH_INNER_B = 308;
const UPPER_LIP_TOP = 0;
const UPPER_LIP_INNER = 13;
const LOWER_LIP_INNER = 14;
const LOWER_LIP_BOTTOM = 17;
const NOSE_BASE = 2;
const CHIN = 152;
const MIN_LANDMARKS = 468;

function shapeNames(): string[] {
  return SHAPE_POINTS.flatMap((i) => (LANDMARK_MIRROR[i] === i ? [`s_${i}y`] : [`s_${i}x`, `s_${i}y`]));
}

/**
 * Shape landmarks in the aligned face frame: x as distance from the midline in inter-ocular
 * distances (averaged with the mirror twin), y in eye-line-to-nose-base heights.
 */
function shapeFeatures(landmarks: ReadonlyArray<FaceLandmark> | undefined, aspect: number): number[] {
  const face = alignFace(landmarks, aspect);
  const out: number[] = [];
  for (const i of SHAPE_POINTS) {
    const j = LANDMARK_MIRROR[i] ?? i;
    if (!face) {
      out.push(...(j === i ? [Number.NaN] : [Number.NaN, Number.NaN]));
      continue;
    }
    const [px, py] = face.at(i);
    const [qx, qy] = face.at(j);
    if (j !== i) out.push((qx - px) / 2 / face.iod);
    out.push((py + qy) / 2 / face.noseY);
  }
  return out.every(Number.isFinite) ? out : out.map(() => Number.NaN);
}

/** Roll-free, isotropic landmark positions relative to the eye midpoint (y grows downwards). */
interface AlignedFace {
  at(i: number): [number, number];
  /** Inter-ocular distance (between the eye-corner midpoints): the horizontal unit. */
  readonly iod: number;
  /** Height of the nose base below the eye line: the vertical unit. */
  readonly noseY: number;
}

function alignFace(landmarks: ReadonlyArray<FaceLandmark> | undefined, aspect: number): AlignedFace | null {
  if (!landmarks || landmarks.length < MIN_LANDMARKS) return null;
  const a = Number.isFinite(aspect) && aspect > 0 ? aspect : 1;
  const raw = (i: number): [number, number] => {
    const p = landmarks[i];
    return p ? [p.x * a, p.y] : [Number.NaN, Number.NaN];
  };
  const eyeA = mid(raw(EYE_A_OUTER), raw(EYE_A_INNER));
  const eyeB = mid(raw(EYE_B_OUTER), raw(EYE_B_INNER));
  const dx = eyeB[0] - eyeA[0];
  const dy = eyeB[1] - eyeA[1];
  const iod = Math.hypot(dx, dy);
  if (!(iod > 0)) return null;
  const cos = dx / iod;
  const sin = dy / iod;
  const cx = (eyeA[0] + eyeB[0]) / 2;
  const cy = (eyeA[1] + eyeB[1]) / 2;
  // Rotate about the eye midpoint so the eye line is horizontal (x grows from side A to B).
  const at = (i: number): [number, number] => {
    const [x, y] = raw(i);
    const u = x - cx;
    const v = y - cy;
    return [cos * u + sin * v, -sin * u + cos * v];
  };
  const noseY = at(NOSE_BASE)[1];
  return noseY > 0 ? { at, iod, noseY } : null;
}

function geometryFeatures(landmarks: ReadonlyArray<FaceLandmark> | undefined, aspect: number): number[] {
  const face = alignFace(landmarks, aspect);
  if (!face) return GEOMETRY_NAMES.map(() => Number.NaN);
  const { at: P, iod, noseY } = face;
  const H = (d: number) => d / iod;
  const V = (d: number) => d / noseY;

  const mA = P(MOUTH_A);
  const mB = P(MOUTH_B);
  const cornerY = (mA[1] + mB[1]) / 2;
  const innerCornerY = (P(MOUTH_INNER_A)[1] + P(MOUTH_INNER_B)[1]) / 2;
  const upTop = P(UPPER_LIP_TOP)[1];
  const upIn = P(UPPER_LIP_INNER)[1];
  const loIn = P(LOWER_LIP_INNER)[1];
  const loBot = P(LOWER_LIP_BOTTOM)[1];
  const lipCentreY = (upIn + loIn) / 2;
  const eyeAY = mid(P(EYE_A_OUTER), P(EYE_A_INNER))[1];
  const eyeBY = mid(P(EYE_B_OUTER), P(EYE_B_INNER))[1];
  const lowerLidY = (P(LID_A_LOWER)[1] + P(LID_B_LOWER)[1]) / 2;
  const eyeOpen = (P(LID_A_LOWER)[1] - P(LID_A_UPPER)[1] + P(LID_B_LOWER)[1] - P(LID_B_UPPER)[1]) / 2;
  // Brow height above its own eye's corner line (positive = raised).
  const brow = (k: 'inner' | 'mid' | 'outer') => (eyeAY - P(BROW_A[k])[1] + eyeBY - P(BROW_B[k])[1]) / 2;

  const feats = [
    H(Math.abs(mB[0] - mA[0])),
    V(loIn - upIn),
    V(upIn - upTop),
    V(loBot - loIn),
    V(cornerY - lipCentreY),
    V(innerCornerY - lipCentreY),
    V(cornerY - noseY),
    V(upTop - noseY),
    V(cornerY - lowerLidY),
    V(eyeOpen),
    V(brow('inner')),
    V(brow('mid')),
    V(brow('outer')),
    H(Math.abs(P(BROW_B.inner)[0] - P(BROW_A.inner)[0])),
    V(P(CHIN)[1] - noseY),
    V(Math.abs(mA[1] - mB[1])),
  ];
  return feats.every(Number.isFinite) ? feats : feats.map(() => Number.NaN);
}

function mid(p: [number, number], q: [number, number]): [number, number] {
  return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
}

/**
 * The frame MediaPipe would report for the left/right-flipped image: Left/Right blendshapes
 * swap, x becomes 1 − x and each landmark takes its mirror partner's place. Used to check (and
 * test) that classification does not depend on whether the webcam preview is mirrored.
 */
export function mirrorFrame(frame: FaceFrame): FaceFrame {
  const blendshapes: Record<string, number> = {};
  for (const [name, score] of Object.entries(frame.blendshapes)) {
    blendshapes[swapSide(name)] = score;
  }
  const lm = frame.landmarks;
  const landmarks = lm?.map((_, i) => {
    const src = lm[LANDMARK_MIRROR[i] ?? i] ?? lm[i];
    return src ? { x: 1 - src.x, y: src.y, z: src.z } : { x: Number.NaN, y: Number.NaN, z: Number.NaN };
  });
  return {
    blendshapes,
    ...(landmarks ? { landmarks } : {}),
    ...(frame.aspect !== undefined ? { aspect: frame.aspect } : {}),
  };
}

function swapSide(name: string): string {
  if (name.endsWith('Left')) return `${name.slice(0, -4)}Right`;
  if (name.endsWith('Right')) return `${name.slice(0, -5)}Left`;
  return name;
}

/**
 * Builds a `FaceFrame` from a FaceLandmarker result for its first face, or `null` when no face
 * was found. Typed structurally so this module needs no MediaPipe import.
 */
export function frameFromResult(
  result: {
    readonly faceBlendshapes?: ReadonlyArray<{
      readonly categories: ReadonlyArray<{ readonly categoryName: string; readonly score: number }>;
    }>;
    readonly faceLandmarks?: ReadonlyArray<ReadonlyArray<FaceLandmark>>;
  },
  aspect = 1,
): FaceFrame | null {
  const cats = result.faceBlendshapes?.[0]?.categories;
  if (!cats || cats.length === 0) return null;
  const blendshapes: Record<string, number> = {};
  for (const c of cats) blendshapes[c.categoryName] = c.score;
  const landmarks = result.faceLandmarks?.[0];
  return { blendshapes, ...(landmarks ? { landmarks } : {}), aspect };
}
