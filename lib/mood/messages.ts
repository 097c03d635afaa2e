import { z } from 'zod';
import { answers, defineContract, noData } from '@/lib/messaging/contract';
import { MOODS, type Mood, PICKABLE_MOODS } from './types';

const mood = z.enum(MOODS);

/** A personal example as pages see it: which mood and when, never the face's numbers. */
export interface PersonalExampleSummary {
  id: number;
  mood: Mood;
  at: number;
  /** Kept by the old rule (any hand pick against the camera), not on purpose. */
  implicit: boolean;
}

/**
 * What "Not how I feel: I'm …" came to: the latest face kept as an example of `mood`, or why not: the camera is
 * off (no offscreen document, so no face at all), or no face was seen in the last few seconds.
 */
export type KeepFaceOutcome = { kept: true; mood: Mood } | { kept: false; reason: 'camera-off' | 'no-recent-face' };

/** A personal example by its IndexedDB id (`lib/db/schema.ts`, `personalExamples`). */
export const personalExampleIdSchema = z.strictObject({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** The mood picked by hand. */
export const moodMessages = defineContract('background', {
  /**
   * Pick a mood by hand (it chooses the music only; the face learns nothing), or clear the pick with `null`. Besides
   * the five faces it takes the activities (focus, workout, wind down), which only a hand pick can choose.
   */
  setManualMood: {
    data: z.enum(PICKABLE_MOODS).nullable(),
    from: ['extension-page', 'spotify-tab'],
    answer: answers(),
  },
});

// Personal examples are made only when the person asks ("Not how I feel: I'm …"), never from a mood
// pick. Pages list and delete them; the panel in a web page may do neither.
export const personalExampleMessages = defineContract('background', {
  /**
   * "Not how I feel: I'm `mood`": keep the latest face (if seen in the last few seconds) as a personal example of
   * `mood`. The panel may send it: its buttons take trusted clicks only, the data is one of the five moods, and
   * the worst a forged one could do is label the person's own latest face wrongly, on this device, where Options
   * lists and deletes it (at most 20 per mood). The answer says only whether it was kept: no face data, and
   * nothing the panel did not send or cannot see in the live state.
   */
  keepFaceAsExample: {
    data: z.strictObject({ mood }),
    from: ['extension-page', 'spotify-tab'],
    answer: answers<KeepFaceOutcome>(),
  },
  /** The examples on this device, newest first (mood and time only). */
  listPersonalExamples: { data: noData, from: ['extension-page'], answer: answers<PersonalExampleSummary[]>() },
  /** Forget one example. */
  deletePersonalExample: { data: personalExampleIdSchema, from: ['extension-page'], answer: answers() },
  /** Forget every example. */
  deleteAllPersonalExamples: { data: noData, from: ['extension-page'], answer: answers() },
  /** The answer to "examples kept by the old rule": keep them as they are. Asked once (Options, the popup). */
  keepImplicitExamples: { data: noData, from: ['extension-page'], answer: answers() },
  /** The answer to "examples kept by the old rule": forget them (and only them). */
  clearImplicitExamples: { data: noData, from: ['extension-page'], answer: answers() },
});

/** The background, to the offscreen document that keeps the examples beside the classifier. */
export const offscreenPersonalMessages = defineContract('offscreen', {
  /**
   * The person said the face is `mood` ("Not how I feel"): keep the latest face's feature vector (if recent
   * enough) as a personal example. Answers whether one was kept.
   */
  keepPersonalExample: { data: z.strictObject({ mood }), from: ['background'], answer: answers<boolean>() },
  /** Examples were deleted (or all data); reload them from IndexedDB. */
  personalExamplesChanged: { data: noData, from: ['background'], answer: answers() },
});
