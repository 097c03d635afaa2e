import type { CropBox } from './crop.ts';
import { softmax } from './model.ts';
import { MOODS } from './types.ts';

/**
 * The appearance model: oarriaga's FER-2013 mini-Xception as shipped in `@vladmandic/human`
 * (`models/emotion.{json,bin}`, MIT). Input `[n, 64, 64, 1]` grey in [-1, 1] (see `crop.ts`).
 */
export const FER_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;

/** The graph node holding the 7 logits (the global average pool right before the softmax). */
export const FER_LOGITS_NODE = 'StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean';

/** For each of MoodDJ's moods (in `MOODS` order), its FER-2013 class index. */
export const FER_INDEX: readonly number[] = MOODS.map((m) => {
  const name = m === 'surprised' ? 'surprise' : m;
  const i = (FER_CLASSES as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`no FER-2013 class for ${m}`);
  return i;
});

/**
 * MoodDJ's 5 mood probabilities (in `MOODS` order) from the model's 7 logits: disgust and fear
 * are dropped and the rest renormalised (a softmax over the 5 kept logits is exactly that).
 */
export function ferMoodProbs(logits: ArrayLike<number>): number[] {
  return softmax(FER_INDEX.map((i) => logits[i] ?? Number.NEGATIVE_INFINITY));
}

/** The frame a face was found in: any drawable image (a VideoFrame, an ImageBitmap, a video) and its size. */
export interface FrameImage {
  readonly source: CanvasImageSource;
  readonly width: number;
  readonly height: number;
}

/** The appearance model, loaded: 5 mood probabilities (in `MOODS` order) for the face in `box`, or null. */
export interface AppearanceModel {
  moodProbs(image: FrameImage, box: CropBox): number[] | null;
}
