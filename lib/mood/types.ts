/** The moods MoodDJ distinguishes, in the fixed order used by the model's outputs. */
export const MOODS = ['happy', 'sad', 'angry', 'neutral', 'surprised'] as const;

export type Mood = (typeof MOODS)[number];

/**
 * What you are doing rather than how you look: picked by hand only. The camera's classifier and
 * smoother know only `MOODS`, so a face never reads as one of these; the hand pick, the mood in effect and the
 * history take them.
 */
export const ACTIVITIES = ['focus', 'workout', 'winddown'] as const;

export type Activity = (typeof ACTIVITIES)[number];

/** Every mood the picker offers and the DJ plays for: the five faces, then the three activities. */
export const PICKABLE_MOODS = [...MOODS, ...ACTIVITIES] as const;

/** A face's mood or an activity: the mood in effect, as the hand pick and the history know it. */
export type PickableMood = (typeof PICKABLE_MOODS)[number];

/** Whether `mood` is one of the hand-picked activities (never read from a face). */
export const isActivity = (mood: PickableMood): mood is Activity => (ACTIVITIES as readonly string[]).includes(mood);

/** The face's mood the camera reads in `current`, or null for a hand pick ("Not how I feel?" is offered beside it). */
export function faceReading(current: { mood: PickableMood; source: 'camera' | 'manual' } | null): Mood | null {
  return current?.source === 'camera' && !isActivity(current.mood) ? current.mood : null;
}

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
