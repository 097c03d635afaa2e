import { z } from 'zod';
import { answers, defineContract, noData } from '@/lib/messaging/contract';

/** A RapidAPI key as the options page accepts it (`components/RapidApiKey.svelte`), or null for none. */
const rapidApiKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{20,80}$/, 'not a RapidAPI key')
  .nullable();

/**
 * What "Test key" found: `plan-used-up` is RapidAPI's MONTHLY-quota 429 (the key works; the plan is spent);
 * `no-access`: the browser does not let MoodDJ reach SoundNet's host (not granted, or taken back), so nothing was sent.
 */
export type KeyTestResult =
  | 'works'
  | 'rejected'
  | 'rate-limited'
  | 'plan-used-up'
  | 'unreachable'
  | 'no-key'
  | 'no-access';

/** A playlist Options offers as a source, with what its last read found (`lib/sync/playlist-sources.ts`). */
export interface PlaylistChoice {
  id: string;
  name: string;
  owner: string;
  mine: boolean;
  spotifyOwned: boolean;
  /** Entries Spotify counts; null when not said. */
  tracks: number | null;
  /** Why Spotify would not let MoodDJ read it, once asked; null when read or not asked yet. */
  refusal: 'spotify-owned' | 'not-yours' | 'not-found' | 'unfollowed' | null;
  /** Tracks its last read brought in; null when never read. */
  read: number | null;
}

export interface PlaylistChoices {
  playlists: PlaylistChoice[];
  /** When `/me/playlists` was last read; null: never. */
  listedAt: number | null;
  /** The connection was granted without a playlist scope: reconnect to read collaborative playlists. */
  reconnect: boolean;
}

/** The library sync and the audio-feature analysis. */
export const syncMessages = defineContract('background', {
  /** Sync the library now (and then analyse it); `full` re-lists everything. */
  startSync: {
    data: z.strictObject({ full: z.boolean() }),
    from: ['extension-page', 'spotify-tab'],
    answer: answers(),
  },
  /** Pause or resume fetching audio features. */
  setSyncPaused: { data: z.boolean(), from: ['extension-page', 'spotify-tab'], answer: answers() },
  /** Store (or with null, delete) the RapidAPI key. The key never comes back out. */
  setRapidApiKey: { data: rapidApiKey, from: ['extension-page'], answer: answers() },
  /** One real SoundNet call with the given key, or the stored one. */
  testRapidApiKey: { data: rapidApiKey, from: ['extension-page'], answer: answers<KeyTestResult>() },
  /**
   * The person granted SoundNet's host in Options (the browser asks them there, during their click): the background
   * checks the grant and resumes what waited for it. Answers whether MoodDJ may reach SoundNet now.
   */
  checkSoundNetAccess: { data: noData, from: ['extension-page'], answer: answers<boolean>() },
  /**
   * The user's playlists for Options' sources, as last listed; `refresh` lists them again (`GET /me/playlists`,
   * 50 a page, through the gate). Choosing is a setting (`sources`).
   */
  listPlaylists: {
    data: z.strictObject({ refresh: z.boolean() }),
    from: ['extension-page'],
    answer: answers<PlaylistChoices>(),
  },
});
