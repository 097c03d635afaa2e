import { z } from 'zod';
import type { LibraryMapData } from '@/lib/map/points';
import { answers, defineContract, noData } from '@/lib/messaging/contract';
import { PROFILE_NAMES } from './profiles';

/** An inclusive range within [low, high], min ≤ max: the bounds the mood-range sliders have. */
const boundedRange = (low: number, high: number) =>
  z
    .strictObject({ min: z.number().min(low).max(high), max: z.number().min(low).max(high) })
    .refine((range) => range.min <= range.max, 'min above max');

/** One count per profile at most: the editor asks for all ten once, then for the one being dragged. */
export const countMatchesRequestSchema = z.strictObject({
  profiles: z
    .array(z.strictObject({ valence: boundedRange(0, 1), energy: boundedRange(0, 1), tempo: boundedRange(40, 250) }))
    .min(1)
    .max(PROFILE_NAMES.length),
});
export type CountMatchesRequest = z.infer<typeof countMatchesRequestSchema>;

/** Library tracks inside each of the given mood ranges, in order (the mood-range editor, while dragging). */
export const moodCountMessages = defineContract('background', {
  countMoodMatches: { data: countMatchesRequestSchema, from: ['extension-page'], answer: answers<number[]>() },
});

/** Every analysed library track's valence, energy and tempo, with the ones played in the last day (the map). */
export const libraryMapMessages = defineContract('background', {
  getLibraryMap: { data: noData, from: ['extension-page'], answer: answers<LibraryMapData>() },
});
