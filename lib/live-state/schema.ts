import { z } from 'zod';
import { MOODS } from '@/lib/mood/types';
import type { CameraStatus, LiveState } from './state';

/**
 * The live state's schema, for everything that reads it back: a `liveStateChanged`
 * message and the copy cached in `storage.session`. `LiveState` (in `live-state.ts`)
 * stays the type everyone imports; the check at the bottom fails the typecheck when the
 * two drift apart, so a new field needs its schema here.
 */

/** The `storage.session` key the background caches the live state under (WXT's `session:liveState`). */
export const LIVE_STATE_SESSION_KEY = 'liveState';

/** Texts from the background (error details, track names) are bounded, not trusted. */
const text = z.string().max(2000);
const epochMs = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();
const mood = z.enum(MOODS);

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
] as const satisfies readonly CameraStatus[];

export const cameraStatusSchema = z.enum(CAMERA_STATUSES);

const currentMoodSchema = z.object({
  mood,
  confidence: z.number().min(0).max(1),
  since: epochMs,
  source: z.enum(['camera', 'manual']),
});

const syncProgressSchema = z.object({
  phase: z.enum(['idle', 'listing', 'analysing', 'paused']),
  tracks: count,
  analysed: count,
  unknown: count,
  failed: count,
  listed: count.nullable(),
  listTotal: count.nullable(),
  nextBatchAt: epochMs.nullable(),
  lastSyncAt: epochMs.nullable(),
  problem: z
    .object({
      kind: z.enum([
        'reconnect',
        'not-connected',
        'key-rejected',
        'rate-limited',
        'offline',
        'server',
        'budget',
        'invalid',
      ]),
      message: text,
    })
    .nullable(),
});

const suggestedTrackSchema = z.object({
  id: text,
  uri: text,
  name: text,
  artists: z.array(text).max(100),
  valence: z.number(),
  energy: z.number(),
  tempo: z.number(),
  queued: z.boolean(),
});

const djStateSchema = z.object({
  suggestions: z.array(suggestedTrackSchema).max(100),
  forMood: mood.nullable(),
  relaxed: z.number(),
  withoutFeatures: count,
  nowPlaying: z
    .object({
      name: text,
      artists: z.array(text).max(100),
      kind: z.enum(['track', 'episode', 'ad', 'unknown']),
    })
    .nullable(),
  problem: z
    .object({
      kind: z.enum([
        'no-device',
        'premium',
        'rate-limited',
        'not-connected',
        'not-synced',
        'no-features',
        'reconnect',
        'error',
      ]),
      message: text,
    })
    .nullable(),
  playlist: z.object({ mood, url: text, tracks: count }).nullable(),
  busy: z.boolean(),
  mode: z.enum(['match', 'lift']),
  autoDj: z.boolean(),
});

export const liveStateSchema = z.object({
  camera: z.object({ enabled: z.boolean(), status: cameraStatusSchema, detail: text.nullable() }),
  mood: currentMoodSchema.nullable(),
  manualMood: mood.nullable(),
  spotifyTabs: count,
  calibration: z.object({
    state: z.enum(['none', 'running', 'set']),
    at: epochMs.nullable(),
    message: text.nullable(),
  }),
  spotify: z.object({ connected: z.boolean(), user: text.nullable(), problem: text.nullable() }),
  sync: syncProgressSchema,
  soundnet: z.object({ keySet: z.boolean(), rejected: z.boolean() }),
  dj: djStateSchema,
  panelCollapsed: z.boolean(),
});

/** True when A and B are the same type (not merely assignable one way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile unless given `true`. */
export type Assert<T extends true> = T;

/** Drift check: edit `liveStateSchema` together with `LiveState`. */
export type LiveStateSchemaMatches = Assert<Equals<z.infer<typeof liveStateSchema>, LiveState>>;
