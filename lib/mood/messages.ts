import { z } from 'zod';
import { answers, defineContract, noData } from '@/lib/messaging/contract';
import { MOODS, type Mood } from './types';

const mood = z.enum(MOODS);

/** A personal example as pages see it: which mood and when, never the face's numbers. */
export interface PersonalExampleSummary {
  id: number;
  mood: Mood;
  at: number;
}

/** A personal example by its IndexedDB id (`lib/db/schema.ts`, `personalExamples`). */
export const personalExampleIdSchema = z.strictObject({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** The mood picked by hand. */
export const moodMessages = defineContract('background', {
  /** Pick a mood by hand, or clear the manual pick with `null`. */
  setManualMood: { data: mood.nullable(), from: ['extension-page', 'spotify-tab'], answer: answers() },
});

// "That's not me" examples come from the background's own mood service (a hand pick right after a camera
// reading), never from a page; pages may only list and delete them. The panel in a web page may do neither.
export const personalExampleMessages = defineContract('background', {
  /** The examples on this device, newest first (mood and time only). */
  listPersonalExamples: { data: noData, from: ['extension-page'], answer: answers<PersonalExampleSummary[]>() },
  /** Forget one example. */
  deletePersonalExample: { data: personalExampleIdSchema, from: ['extension-page'], answer: answers() },
  /** Forget every example. */
  deleteAllPersonalExamples: { data: noData, from: ['extension-page'], answer: answers() },
});

/** The background, to the offscreen document that keeps the examples beside the classifier. */
export const offscreenPersonalMessages = defineContract('offscreen', {
  /**
   * The person picked `mood` by hand right after the camera read another one: keep the latest face's feature
   * vector (if recent enough) as a personal example. Answers whether one was kept.
   */
  keepPersonalExample: { data: z.strictObject({ mood }), from: ['background'], answer: answers<boolean>() },
  /** Examples were deleted (or all data); reload them from IndexedDB. */
  personalExamplesChanged: { data: noData, from: ['background'], answer: answers() },
});
