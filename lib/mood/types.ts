/** The moods MoodDJ distinguishes, in the fixed order used by the model's outputs. */
export const MOODS = ['happy', 'sad', 'angry', 'neutral', 'surprised'] as const;

export type Mood = (typeof MOODS)[number];

/** Class probabilities; the values sum to 1. */
export type MoodScores = Record<Mood, number>;

/** One normalised landmark as MediaPipe reports it (`NormalizedLandmark`). */
export interface FaceLandmark {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/**
 * One detected face from MediaPipe FaceLandmarker (with `outputFaceBlendshapes: true`).
 *
 * `landmarks` are normalised to the frame (x / width, y / height), so on a non-square video a
 * circle comes out as an ellipse; pass `aspect` (width / height) so the geometry can be made
 * isotropic again. Without landmarks the classifier falls back to neutral geometry values.
 */
export interface FaceFrame {
  /** `Category.categoryName` → `Category.score` for the 52 blendshapes (incl. `_neutral`). */
  readonly blendshapes: Readonly<Record<string, number>>;
  /** The 478 face landmarks (468 mesh + 10 iris), in MediaPipe's order. */
  readonly landmarks?: ReadonlyArray<FaceLandmark>;
  /**
   * Frame width / height of the image the landmarks are normalised to.
   * @default 1
   */
  readonly aspect?: number;
}
