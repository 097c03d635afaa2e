import { z } from 'zod';
import { answers, defineContract, noData } from '@/lib/messaging/contract';

/** A Spotify track id: base62, 22 characters. */
export const spotifyIdSchema = z.string().regex(/^[0-9A-Za-z]{22}$/, 'not a Spotify track id');

/** The most tracks one `queueTracks` may ask for (auto-DJ keeps at most 10 ahead). */
export const QUEUE_MAX = 10;

/** Tracks to queue: suggested ones by Spotify id, or the next `count` matches (1–10). */
export const queueRequestSchema = z.union([
  z.strictObject({ trackIds: z.array(spotifyIdSchema).min(1).max(QUEUE_MAX) }),
  z.strictObject({ count: z.number().int().min(1).max(QUEUE_MAX) }),
]);
export type QueueRequest = z.infer<typeof queueRequestSchema>;

/** The panel's DJ switches. */
export const djPatchSchema = z.strictObject({
  mode: z.enum(['match', 'lift']).optional(),
  autoDj: z.boolean().optional(),
});
export type DjPatch = z.infer<typeof djPatchSchema>;

const panelAndPages = ['extension-page', 'spotify-tab'] as const;

/**
 * What the web player's page says changed (`lib/panel/player-watch.ts`): another track, playback resuming after a
 * pause, or nothing for a long while (the slow fallback).
 */
export const PLAYER_CHANGES = ['track', 'resumed', 'heartbeat'] as const;
export type PlayerChange = (typeof PLAYER_CHANGES)[number];

/** The DJ: suggestions, queueing, the mood playlist, auto-DJ and its switches. */
export const djMessages = defineContract('background', {
  /** New suggestions for the mood in effect (fresh randomness). */
  refreshSuggestions: { data: noData, from: panelAndPages, answer: answers() },
  /** Queue suggested tracks by id, or the next `count` matches. */
  queueTracks: { data: queueRequestSchema, from: panelAndPages, answer: answers() },
  /** Without Premium: fill the "MoodDJ · picks" playlist with matching tracks (asked to be kept off the profile). */
  makeMoodPlaylist: { data: noData, from: panelAndPages, answer: answers() },
  /** The panel's DJ switches: mode and auto-DJ (written to settings, which the panel cannot touch). */
  updateDjSettings: { data: djPatchSchema, from: panelAndPages, answer: answers() },
  /** The web player's page shows a change (or the slow fallback is due); the background may read the player. */
  playerActivity: {
    data: z.strictObject({ change: z.enum(PLAYER_CHANGES) }),
    from: ['spotify-tab'],
    answer: answers(),
  },
});
