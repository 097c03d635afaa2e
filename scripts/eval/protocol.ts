/**
 * What the eval page (`harness.ts`, bundled for Chromium) and the Node runner exchange.
 * Types only, so both sides can import it.
 */
import type { Mood, MoodScores } from '@/lib/mood/types';
import type { AppearanceUrls } from '@/lib/offscreen/appearance-model';
import type { MediapipeUrls } from '@/lib/offscreen/face-detector';
import type { ExpressionUrls } from './expression-model.ts';

/** The shipped detector's and classifier's verdict on one image. */
export interface ImageResult {
  /** A face was found, directly or on the padded canvas. */
  readonly detected: boolean;
  /** Detection needed the padded retry (whether or not it then found a face). */
  readonly padded: boolean;
  /** The top mood, or null when no face was found (fused when the appearance model is loaded). */
  readonly mood: Mood | null;
  readonly scores: MoodScores | null;
  /**
   * Each view alone (the blendshape model, the face crop's models) and the shipped ones fused, when the page
   * loaded the appearance models and found a face.
   */
  readonly channels?: ChannelScores;
  /** Blendshape name → score, for comparing against precomputed features. */
  readonly blendshapes: Readonly<Record<string, number>> | null;
  readonly width: number;
  readonly height: number;
  /** Time spent in detection + classification (not image decoding), in ms. */
  readonly ms: number;
}

/** Which scores `npm run eval -- --channels` can report. */
export const CHANNELS = ['mlp', 'cnn', 'expr', 'fused'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The blendshape model alone, each appearance model alone (null: not loaded, or nothing to crop) and the
 * views the extension ships, fused by their committed stacker.
 */
export interface ChannelScores {
  readonly mlp: MoodScores;
  readonly cnn: MoodScores | null;
  readonly expr: MoodScores | null;
  readonly fused: MoodScores;
  /** Time spent cropping and running the appearance models, in ms. */
  readonly appearanceMs: number;
}

/** The appearance models the eval page loads: the shipped ones, and any other `--channels` names. */
export interface AppearanceModelUrls {
  readonly cnn?: AppearanceUrls;
  readonly expr?: ExpressionUrls;
}

/** An image the browser could not fetch or decode; the run counts it as undetected. */
export interface UnreadableImage {
  readonly unreadable: string;
}

/**
 * One way of re-photographing an image for training augmentation: mirror, rotation (degrees),
 * zoom (>1 crops in, <1 leaves a grey border), shift (fractions of the size), tone and blur.
 */
export interface Variant {
  readonly flip: boolean;
  readonly rotate: number;
  readonly zoom: number;
  readonly shiftX: number;
  readonly shiftY: number;
  readonly brightness: number;
  readonly contrast: number;
  readonly grayscale: boolean;
  /** Downscale factor before drawing back up (1 = none): a low-resolution camera. */
  readonly resample: number;
}

/** MediaPipe's output on one transformed image: the numbers training needs, no pixels. */
export interface VariantFace {
  readonly width: number;
  readonly height: number;
  readonly blendshapes: Readonly<Record<string, number>> | null;
  readonly landmarks: readonly (readonly [number, number, number])[] | null;
}

/** The page's API, installed as `window.mooddjEval` once the bundle has loaded. */
export interface EvalPageApi {
  /**
   * Creates the single IMAGE-mode FaceLandmarker that every later call reuses, and with `appearance`
   * those appearance models too (then every result carries `channels`; it must hold the shipped ones).
   */
  init(urls: MediapipeUrls, appearance?: AppearanceModelUrls): Promise<void>;
  /** Loads the image at `url` (same origin) and runs it through detection and classification. */
  evaluateImage(url: string): Promise<ImageResult | UnreadableImage>;
  /** Detects the face in transformed copies of the image at `url` (for `npm run train`'s augmentation). */
  augmentImage(url: string, variants: readonly Variant[]): Promise<VariantFace[] | UnreadableImage>;
}

declare global {
  interface Window {
    mooddjEval?: EvalPageApi;
  }
}
