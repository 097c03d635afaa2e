import { z } from 'zod';
import { answers, defineContract, noData } from '@/lib/messaging/contract';
import type { HistoryView } from './aggregate';
import type { SparkPoint } from './charts/sparkline';
import type { SkipCounts } from './query';
import { HISTORY_RANGES } from './ranges';
import type { SessionSaveOutcome, SessionView } from './session-save';

/** Which span of history a chart shows. */
export const historyRequestSchema = z.strictObject({ range: z.enum(HISTORY_RANGES) });
export type HistoryRequest = z.infer<typeof historyRequestSchema>;

// The person's history: extension pages only, never the panel in a web page.
export const historyMessages = defineContract('background', {
  /** The mood and play history of one chart range. */
  getMoodHistory: { data: historyRequestSchema, from: ['extension-page'], answer: answers<HistoryView>() },
  /** Today's moods, for the popup's sparkline. */
  getTodaySparkline: { data: noData, from: ['extension-page'], answer: answers<SparkPoint[]>() },
  /** Skips and completions of MoodDJ's tracks in the last week (Options → DJ). */
  getSkipCounts: { data: noData, from: ['extension-page'], answer: answers<SkipCounts>() },
  /** Delete every recorded mood change (plays stay, without their mood); answers how many went. */
  deleteMoodHistory: { data: noData, from: ['extension-page'], answer: answers<number>() },
});

// The panel's "Save as playlist" (a trusted click). It carries no data: the background saves only tracks it
// queued itself into a new playlist it asks Spotify to keep off the profile, and a second save adds only what
// is new. The answer shows the session's mood strip, no more than the mood the live state already gives the
// panel. It writes to the person's Spotify account.
export const sessionMessages = defineContract('background', {
  /** The latest listening session: what "Save as playlist" would save, its mood strip, where it was saved. */
  readSession: { data: noData, from: ['extension-page', 'spotify-tab'], answer: answers<SessionView | null>() },
  /** Save the session's tracks to a new playlist (again: add only the new ones), asked to be kept off the profile. */
  saveSession: { data: noData, from: ['extension-page', 'spotify-tab'], answer: answers<SessionSaveOutcome>() },
});
