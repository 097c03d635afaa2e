import { z } from 'zod';
import { t } from '@/lib/i18n';
import { MOODS } from '@/lib/mood/types';
import { moodProfilesSchema } from '@/lib/recommend/profiles';
import { WELCOME_STEPS } from '@/lib/welcome/steps';

/** At most this many playlists feed the DJ (each costs a request a day only when it changed). */
export const MAX_SOURCE_PLAYLISTS = 100;

/** Frames per second the camera loop samples. @default 5 */
const fps = z.number().int().min(1).max(15).default(5);

const cameraSchema = z
  .object({
    /** Whether the user wants the camera on when a Spotify tab is open. @default false */
    enabled: z.boolean().default(false),
    fps,
    /** Seconds without a face before "no face in view" shows. @default 2 */
    noFaceAfterSeconds: z.number().min(0.5).max(30).default(2),
    /**
     * Whether the camera loop may slow down (to 2 fps) while the face is still and the mood
     * steady, and speed up again on the first change. @default true
     */
    adaptiveRate: z.boolean().default(true),
  })
  .prefault({});

const historySchema = z
  .object({
    /** Days of mood history kept. @default 30 */
    retentionDays: z.number().int().min(1).max(3650).default(30),
  })
  .prefault({});

const djSchema = z
  .object({
    /** "match" plays what fits the face; "lift" steps toward `liftTarget`. @default 'match' */
    mode: z.enum(['match', 'lift']).default('match'),
    /** @default 'happy' */
    liftTarget: z.enum(['happy', 'calm', 'energetic']).default('happy'),
    /** @default false */
    autoDj: z.boolean().default(false),
    /** Seconds a new mood must hold before auto-DJ acts. @default 20 */
    holdSeconds: z.number().int().min(1).max(600).default(20),
    /** Tracks auto-DJ keeps queued ahead. @default 3 */
    queueAhead: z.number().int().min(1).max(10).default(3),
    /** Minutes a played or queued track is not offered again. @default 120 */
    recentMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(120),
    /**
     * Whether the playlists MoodDJ makes on Spotify ("Save as playlist", the fallback without Premium) name the
     * moods, in their name and description. Off, they say nothing about moods: a playlist lives on the person's
     * Spotify account, where MoodDJ's delete buttons cannot reach and others may see it.
     * @default false
     */
    moodsInPlaylistNames: z.boolean().default(false),
  })
  .prefault({});

const featuresSchema = z
  .object({
    /** Requests per day across both providers. @default 500 */
    dailyBudget: z.number().int().min(1).max(1_000_000).default(500),
    /**
     * Requests per day to SoundNet alone (with a RapidAPI key); past it, ReccoBeats carries on for the day.
     * SoundNet's BASIC (free) plan on RapidAPI allows about 1,000 requests a month: 30 a day is at most 960 over
     * the 32 local days that can touch one month, which leaves room for "Test key". A paid plan can raise it.
     * @default 30
     */
    soundnetDailyBudget: z.number().int().min(1).max(1_000_000).default(30),
    /** Requests per minute. @default 30 */
    perMinute: z.number().int().min(1).max(600).default(30),
  })
  .prefault({});

const spotifySchema = z
  .object({
    /** The Client ID of the user's own Spotify app (not a secret under PKCE). @default '' */
    clientId: z
      .string()
      .regex(/^([0-9a-f]{32})?$/i, t('options_spotify_client_id_invalid'))
      .default(''),
  })
  .prefault({});

/**
 * Where the DJ's tracks come from: Liked Songs, and the playlists the person picks in Options. Settings
 * stored before this existed read as Liked Songs only, as MoodDJ always worked.
 */
const sourcesSchema = z
  .object({
    /** Whether the saved library (`GET /me/tracks`) feeds the DJ. @default true */
    likedSongs: z.boolean().default(true),
    /** Spotify ids of the chosen playlists. @default [] */
    playlists: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,64}$/))
      .max(MAX_SOURCE_PLAYLISTS)
      .default([]),
  })
  .prefault({});

const welcomeStep = z.enum(WELCOME_STEPS);

/** The welcome page's progress, kept so the person can leave it and come back (`lib/welcome/steps.ts`). */
const welcomeSchema = z
  .object({
    /** Steps seen done whose signal does not last (read, played once, first queue). @default [] */
    done: z.array(welcomeStep).max(WELCOME_STEPS.length).default([]),
    /** Steps skipped for now, to come back to. @default [] */
    skipped: z.array(welcomeStep).max(WELCOME_STEPS.length).default([]),
  })
  .prefault({});

export const settingsSchema = z
  .object({
    camera: cameraSchema,
    history: historySchema,
    dj: djSchema,
    features: featuresSchema,
    spotify: spotifySchema,
    sources: sourcesSchema,
    /** Valence / energy / tempo ranges per mood and lift target. */
    moods: moodProfilesSchema.prefault({}),
    welcome: welcomeSchema,
  })
  .prefault({});

/** Every user-facing setting. Secrets (tokens, API keys) are kept elsewhere, never here. */
export type Settings = z.infer<typeof settingsSchema>;
/** A settings patch, one section at a time. */
export type SettingsPatch = { [K in keyof Settings]?: Partial<Settings[K]> };

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export { MOODS };

/** The outcome of reading stored settings: always valid, with the paths that had to be repaired. */
export interface ParsedSettings {
  settings: Settings;
  repaired: string[];
}

/**
 * Validates a stored value and repairs what fails: each invalid field falls back to
 * its default, valid fields are kept. Never throws.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  const repaired: string[] = [];
  let candidate: unknown = isRecord(raw) ? structuredClone(raw) : raw === undefined || raw === null ? {} : null;
  if (candidate === null) {
    return { settings: DEFAULT_SETTINGS, repaired: ['(root)'] };
  }
  // Each pass removes the failing leaves, so their defaults apply; a few passes cover nesting.
  for (let pass = 0; pass < 8; pass++) {
    const result = settingsSchema.safeParse(candidate);
    if (result.success) return { settings: result.data, repaired };
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      repaired.push(path.length ? path.join('.') : '(root)');
      candidate = removeAt(candidate, path);
    }
  }
  return { settings: DEFAULT_SETTINGS, repaired: [...repaired, '(root)'] };
}

/** Applies a patch and validates the result; throws a ZodError naming the bad field. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current };
  for (const [section, values] of Object.entries(patch)) {
    merged[section] = { ...(current as Record<string, object>)[section], ...values };
  }
  return settingsSchema.parse(merged);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function removeAt(value: unknown, path: string[]): unknown {
  if (path.length === 0) return {};
  if (!isRecord(value)) return {};
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...value };
  if (rest.length === 0 || !isRecord(copy[head])) delete copy[head];
  else copy[head] = removeAt(copy[head], rest);
  return copy;
}
