import { z } from 'zod';
import type { FeatureProvider } from '@/lib/db/schema';
import { isActivity, PICKABLE_MOODS } from '@/lib/mood/types';
import type { PickReason } from '@/lib/recommend/explain';
import { CUE_FEATURES, MAX_CUES, MUSIC_MOODS } from '@/lib/recommend/music-moods';
import { PROFILE_NAMES } from '@/lib/recommend/profiles';
import { refusalSchema } from '@/lib/spotify/gate';
import { problemDetailSchema, SPOTIFY_PROBLEM_SHAPES, spotifyProblemSchema } from '@/lib/spotify/problems';

/**
 * The live state's schema and, derived from it, its types: one source of truth for the
 * background that writes it and everything that reads it back (a `liveStateChanged`
 * message, the copy cached in `storage.session`). `state.ts` re-exports the types with the
 * initial value.
 */

/** The `storage.session` key the background caches the live state under (WXT's `session:liveState`). */
export const LIVE_STATE_SESSION_KEY = 'liveState';

/**
 * The live state's bounds, shared by the schema and the store's fitting (`fit.ts`): every receiver refuses a
 * state beyond them, so the store cuts what is too long before it stores or broadcasts anything.
 */
export const LIVE_LIMITS = {
  /** Characters of a text from the background (track names, artists, error details). */
  text: 2000,
  /** Suggestions the DJ shows, and artists of one track. */
  list: 100,
} as const;

/** Texts from the background (error details, track names) are bounded, not trusted. */
const text = z.string().max(LIVE_LIMITS.text);
const epochMs = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();
/** A face's mood or an activity (focus, workout, wind down: hand-picked only). */
const mood = z.enum(PICKABLE_MOODS);

export const CAMERA_STATUSES = [
  'off',
  'paused',
  'starting',
  'running',
  'no-face',
  'not-allowed',
  'blocked',
  'no-camera',
  'error',
  /** Firefox: the person closed the tab MoodDJ keeps its camera in, while the camera was wanted. */
  'host-closed',
] as const;

/**
 * What the camera pipeline is doing, as a person needs to know it. Each non-running
 * status has a fix the surfaces show next to it (see `components/CameraState.svelte`).
 */
export const cameraStatusSchema = z.enum(CAMERA_STATUSES);
export type CameraStatus = z.infer<typeof cameraStatusSchema>;

const currentMoodSchema = z
  .object({
    mood,
    /** 0–1. */
    confidence: z.number().min(0).max(1),
    /** Epoch ms when this mood became current. */
    since: epochMs,
    source: z.enum(['camera', 'manual']),
  })
  // An activity is what the person is doing, never read from a face: only a hand pick carries one.
  .refine((current) => current.source === 'manual' || !isActivity(current.mood), {
    message: 'an activity is picked by hand only',
  });
export type CurrentMood = z.infer<typeof currentMoodSchema>;

/*
 * Problems are kinds and data, never words: the page words them (`lib/ui/problem-text.ts`) in its own language.
 * Spotify's kinds are shared (`lib/spotify/problems.ts`); each feature adds its own.
 */

const featureProvider = z.enum(['soundnet', 'reccobeats']);
export type FeatureProviderMatches = Assert<Equals<z.infer<typeof featureProvider>, FeatureProvider>>;

/**
 * Something about syncing the person can fix: Spotify's problems while listing the library, and the feature
 * queue's own (a rejected RapidAPI key, the day's budget spent, SoundNet's plan used up until `until` while
 * ReccoBeats carries on, a provider it is waiting out). Decided by `queueProblem` (`lib/sync/problems.ts`).
 */
const syncProblemSchema = z.discriminatedUnion('kind', [
  ...SPOTIFY_PROBLEM_SHAPES,
  z.object({ kind: z.literal('key-rejected') }),
  z.object({ kind: z.literal('budget') }),
  z.object({ kind: z.literal('plan-used-up'), until: epochMs }),
  z.object({ kind: z.literal('provider-rate-limited'), provider: featureProvider }),
  z.object({ kind: z.literal('provider-failed'), provider: featureProvider, detail: problemDetailSchema }),
]);
export type SyncProblem = z.infer<typeof syncProblemSchema>;

/** A bound on counts of saved items: far above any library Spotify lets a person keep. */
const MAX_LIBRARY_ITEMS = 10_000_000;

/** Library and audio-feature sync, as the surfaces show it. */
const syncProgressSchema = z.object({
  /** listing = reading the library from Spotify; analysing = fetching features. */
  phase: z.enum(['idle', 'listing', 'analysing', 'paused']),
  tracks: count,
  analysed: count,
  unknown: count,
  failed: count,
  /** While listing: items read so far of the library's total. */
  listed: count.nullable(),
  listTotal: count.nullable(),
  /** Saved items Spotify sent that could not be read and were skipped. */
  unreadable: count.max(MAX_LIBRARY_ITEMS),
  /** When the next feature request goes out (epoch ms), if one is waiting. */
  nextBatchAt: epochMs.nullable(),
  lastSyncAt: epochMs.nullable(),
  problem: syncProblemSchema.nullable(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

const spotifyConnectionSchema = z.object({
  connected: z.boolean(),
  /** Display name (or id) of the connected account. */
  user: text.nullable(),
  /** Set when the connection needs the person: e.g. the token was revoked (`reconnect`). */
  problem: spotifyProblemSchema.nullable(),
});
export type SpotifyConnection = z.infer<typeof spotifyConnectionSchema>;

/** Why the DJ picked a track, as numbers (`lib/recommend/explain.ts` words it in the page). */
const pickReasonSchema = z.object({
  widened: z.number().int().min(0).max(10),
  outside: z.array(z.enum(['valence', 'energy', 'tempo'])).max(3),
  distance: z.number().finite().nonnegative(),
  lift: z
    .object({ step: z.number().int().positive(), steps: z.number().int().positive(), to: z.enum(PROFILE_NAMES) })
    .nullable(),
  sound: z
    .object({
      like: z.enum(MUSIC_MOODS),
      probability: z.number().min(0).max(1),
      cues: z.array(z.object({ feature: z.enum(CUE_FEATURES), level: z.enum(['low', 'high']) })).max(MAX_CUES),
    })
    .optional(),
});
export type PickReasonMatches = Assert<Equals<z.infer<typeof pickReasonSchema>, PickReason>>;

/** A track the DJ suggests for the current mood. Names are untrusted text: render as text only. */
const suggestedTrackSchema = z.object({
  id: text,
  uri: text,
  name: text,
  artists: z.array(text).max(LIVE_LIMITS.list),
  valence: z.number(),
  energy: z.number(),
  tempo: z.number(),
  reason: pickReasonSchema,
  /** The chosen playlists it comes from, by name (`MAX_SOURCE_NAMES` at most); absent for Liked Songs alone. */
  from: z.array(text).max(LIVE_LIMITS.list).optional(),
  /** In Liked Songs (while Liked Songs is a chosen source); absent when only playlists bring it. */
  liked: z.literal(true).optional(),
  queued: z.boolean(),
});
export type SuggestedTrack = z.infer<typeof suggestedTrackSchema>;

/** Why the DJ could not suggest or queue: Spotify's problems, or the library's and the mood's. */
const djProblemSchema = z.discriminatedUnion('kind', [
  ...SPOTIFY_PROBLEM_SHAPES,
  /** No track in the library yet. */
  z.object({ kind: z.literal('not-synced') }),
  /** Tracks, but none analysed yet. */
  z.object({ kind: z.literal('no-features') }),
  /** "Queue 5" with no mood in effect. */
  z.object({ kind: z.literal('no-mood') }),
]);
export type DjProblem = z.infer<typeof djProblemSchema>;

/** What the DJ shows in the panel. */
const djStateSchema = z.object({
  suggestions: z.array(suggestedTrackSchema).max(LIVE_LIMITS.list),
  /** The mood the suggestions are for. */
  forMood: mood.nullable(),
  /** 0 when the mood's ranges matched enough tracks; otherwise how far they were widened. */
  relaxed: z.number(),
  withoutFeatures: count,
  nowPlaying: z
    .object({
      name: text,
      artists: z.array(text).max(LIVE_LIMITS.list),
      kind: z.enum(['track', 'episode', 'ad', 'unknown']),
    })
    .nullable(),
  problem: djProblemSchema.nullable(),
  /**
   * The fallback playlist, once made: `mood` the one it was filled for, `name` as it is on Spotify (no mood in it
   * unless the person asked for moods in playlist names). `public`: whether Spotify shows it on the profile, as
   * Spotify reported it (MoodDJ asks for `public: false`, which Spotify may ignore); null when it did not say.
   */
  playlist: z
    .object({ mood, name: text, url: text, tracks: count, public: z.boolean().nullable().default(null) })
    .nullable(),
  busy: z.boolean(),
  /** The DJ switches the panel shows (from settings, which content scripts may not read). */
  mode: z.enum(['match', 'lift']),
  autoDj: z.boolean(),
  /** When MoodDJ last queued a track (epoch ms), a button's or auto-DJ's; the welcome page's last step. */
  lastQueuedAt: epochMs.nullable().default(null),
});
export type DjState = z.infer<typeof djStateSchema>;

/** The state every surface renders; the background is its only writer. */
export const liveStateSchema = z.object({
  camera: z.object({
    /** The user's switch. */
    enabled: z.boolean(),
    status: cameraStatusSchema,
    /** Extra words for `error`, e.g. the browser's message. */
    detail: text.nullable(),
  }),
  /** The mood in effect: the manual pick if there is one, else the camera's. */
  mood: currentMoodSchema.nullable(),
  /** The user's manual pick, which wins over the camera. */
  manualMood: mood.nullable(),
  /** Open web-player tabs with a live panel. */
  spotifyTabs: count,
  /** The personal neutral baseline: none, being captured, or set (with when). */
  calibration: z.object({
    state: z.enum(['none', 'running', 'set']),
    at: epochMs.nullable(),
    message: text.nullable(),
  }),
  spotify: spotifyConnectionSchema,
  /** Spotify refuses MoodDJ's requests until a time (the quota, a long rate limit, the app owner's Premium…). */
  spotifyRefusal: refusalSchema.nullable(),
  sync: syncProgressSchema,
  /**
   * Whether a RapidAPI key is stored (never the key itself), whether SoundNet refused it, and whether it waits for
   * the person to grant SoundNet's host (a key is saved, the browser does not let MoodDJ reach the host).
   */
  soundnet: z.object({ keySet: z.boolean(), rejected: z.boolean(), needsAccess: z.boolean() }),
  dj: djStateSchema,
  /** Whether the panel is collapsed to its pill (remembered across pages, kept by the background). */
  panelCollapsed: z.boolean(),
  /** How many personal examples are stored (never their content), so the options list follows. */
  personalExamples: count,
  /**
   * How many of them the old rule kept from hand picks, while the person has not yet said whether to
   * keep or clear them (0 once answered): Options and the popup ask once.
   */
  implicitExamples: count,
});
export type LiveState = z.infer<typeof liveStateSchema>;

/** True when A and B are the same type (not merely assignable one way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile unless given `true`. */
export type Assert<T extends true> = T;
