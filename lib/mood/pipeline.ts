import type { FrameImage } from './appearance.ts';
import type { Baseline } from './baseline.ts';
import { extractFeatures } from './features.ts';
import { classifyFeatures, type PreparedModel } from './model.ts';
import type { PersonalAdaptation } from './personal.ts';
import { createMoodSmoother, type MoodSmoother, type MoodSmootherOptions, type SmoothedMood } from './smooth.ts';
import type { FaceFrame, MoodScores } from './types.ts';

/** The appearance channel as the pipeline uses it (`lib/offscreen/appearance-channel.ts`). */
export interface AppearanceFusion {
  /** `mlp` fused with the appearance model's reading of the face in `image`; `mlp` itself without one. */
  fuse(mlp: MoodScores, face: FaceFrame, image: FrameImage | null): MoodScores;
}

export interface MoodPipelineDeps {
  /** The blendshape model (`moodModel`), asked for per face, so a broken model fails a frame, not the start. */
  readonly model: () => PreparedModel;
  /** The person's "Not how I feel" examples (`lib/offscreen/personaliser.ts`); none: the model's scores stand. */
  readonly personaliser?: PersonalAdaptation;
  /** The face-crop model, fused on top of the personalised scores; none: the blendshape model reads alone. */
  readonly appearance?: AppearanceFusion;
  /** How long without a face before the reading says so (`MoodSmootherOptions.noFaceMs`). */
  readonly noFaceMs: number;
  /** The rest of the smoother's tuning; its defaults unless a test says otherwise. */
  readonly smoothing?: Omit<MoodSmootherOptions, 'noFaceMs'>;
}

/** One frame through the pipeline: its own scores (null without a face) and the smoothed mood after it. */
export interface PipelineReading extends SmoothedMood {
  readonly scores: MoodScores | null;
}

export interface MoodPipeline {
  /**
   * One camera frame: the face MediaPipe found (null: none) at `atMs`, and the image it was found in (for the
   * appearance model; use it before the frame is freed).
   */
  frame(face: FaceFrame | null, atMs: number, image?: FrameImage | null): PipelineReading;
  /** The person's neutral face from calibration (`createBaseline`), or null to read without one. */
  setBaseline(baseline: Baseline | null): void;
  /** A changed `noFaceMs` starts the smoothing afresh (the mood is found again from the next faces). */
  configure(options: { noFaceMs: number }): void;
}

/**
 * What the offscreen document does with each face, in one place: the features are extracted once, classified
 * after the neutral baseline, moved toward the person's own examples, fused with the appearance channel, and
 * smoothed into a stable mood. Calibration and the examples adapt the blendshape side only; the appearance
 * reading is fused on top. Pure: the parts come in as parameters.
 */
export function createMoodPipeline(deps: MoodPipelineDeps): MoodPipeline {
  let baseline: Baseline | null = null;
  let noFaceMs = deps.noFaceMs;
  let smoother: MoodSmoother = createMoodSmoother({ ...deps.smoothing, noFaceMs });

  const score = (face: FaceFrame, image: FrameImage | null): MoodScores => {
    const features = extractFeatures(face);
    const model = classifyFeatures(deps.model(), features, baseline);
    const personal = deps.personaliser ? deps.personaliser.adapt(features, model, baseline) : model;
    return deps.appearance ? deps.appearance.fuse(personal, face, image) : personal;
  };

  return {
    frame(face, atMs, image = null) {
      const scores = face ? score(face, image) : null;
      return { ...smoother.push(scores, atMs), scores };
    },
    setBaseline(next) {
      baseline = next;
    },
    configure(options) {
      if (options.noFaceMs === noFaceMs) return;
      noFaceMs = options.noFaceMs;
      smoother = createMoodSmoother({ ...deps.smoothing, noFaceMs });
    },
  };
}
