import type { GetDataType } from '@webext-core/messaging';
import { z } from 'zod';
import { HISTORY_RANGES } from '@/lib/history/ranges';
import { type Assert, cameraStatusSchema, type Equals, liveStateSchema } from '@/lib/live-state/schema';
import { MOODS } from '@/lib/mood/types';
import { PROFILE_NAMES } from '@/lib/recommend/profiles';
import type { MessageType, ProtocolMap } from './protocol';

/**
 * The schema of every message's data. Every receiver parses with these before acting, so
 * a message is judged by its content as well as its sender (issue 10). The data types in
 * `protocol.ts` are inferred from here, and the check at the bottom keeps the table and
 * `ProtocolMap` in step.
 */

/** A Spotify track id: base62, 22 characters. */
export const spotifyIdSchema = z.string().regex(/^[0-9A-Za-z]{22}$/, 'not a Spotify track id');

/** The most tracks one `queueTracks` may ask for (auto-DJ keeps at most 10 ahead). */
export const QUEUE_MAX = 10;

/**
 * The longest import text accepted, in UTF-16 code units: 50 MiB. A file of at most
 * 50 MB has at most that many characters, so this never refuses a file the page accepted.
 */
export const IMPORT_MAX_CHARS = 50 * 1024 * 1024;

/** A RapidAPI key as the options page accepts it (`components/RapidApiKey.svelte`). */
const rapidApiKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{20,80}$/, 'not a RapidAPI key')
  .nullable();

const none = z.undefined();
const mood = z.enum(MOODS);

export const optionsSectionSchema = z.enum(['spotify', 'features', 'camera', 'moods', 'dj', 'data']);

export const pageRequestSchema = z.discriminatedUnion('page', [
  z.strictObject({ page: z.literal('options'), section: optionsSectionSchema.optional() }),
  z.strictObject({ page: z.literal('camera-grant') }),
  z.strictObject({ page: z.literal('camera-site-settings') }),
  z.strictObject({ page: z.literal('web-player') }),
]);

/** Bounds match the settings they come from (`camera.fps`, `camera.noFaceAfterSeconds`). */
export const cameraConfigSchema = z.strictObject({
  fps: z.number().int().min(1).max(15),
  noFaceMs: z.number().min(500).max(30_000),
  /** False keeps the loop at `fps` even while nothing changes. @default true */
  adaptive: z.boolean().optional(),
});

/** Longest camera error detail; the offscreen document cuts longer ones before sending. */
export const CAMERA_DETAIL_MAX = 500;

export const cameraReportSchema = z.strictObject({
  status: cameraStatusSchema,
  detail: z.string().max(CAMERA_DETAIL_MAX).nullable().optional(),
  reading: z
    .strictObject({ mood: mood.nullable(), confidence: z.number().min(0).max(1), noFace: z.boolean() })
    .optional(),
});

export const queueRequestSchema = z.union([
  z.strictObject({ trackIds: z.array(spotifyIdSchema).min(1).max(QUEUE_MAX) }),
  z.strictObject({ count: z.number().int().min(1).max(QUEUE_MAX) }),
]);

export const djPatchSchema = z.strictObject({
  mode: z.enum(['match', 'lift']).optional(),
  autoDj: z.boolean().optional(),
});

/** An inclusive range within [low, high], min ≤ max: the bounds the mood-range sliders have. */
const boundedRange = (low: number, high: number) =>
  z
    .strictObject({ min: z.number().min(low).max(high), max: z.number().min(low).max(high) })
    .refine((range) => range.min <= range.max, 'min above max');

/** One count per profile at most: the editor asks for all seven once, then for the one being dragged. */
export const countMatchesRequestSchema = z.strictObject({
  profiles: z
    .array(z.strictObject({ valence: boundedRange(0, 1), energy: boundedRange(0, 1), tempo: boundedRange(40, 250) }))
    .min(1)
    .max(PROFILE_NAMES.length),
});

export const historyRequestSchema = z.strictObject({ range: z.enum(HISTORY_RANGES) });

/** A personal example by its IndexedDB id (`lib/db/schema.ts`, `personalExamples`). */
export const personalExampleIdSchema = z.strictObject({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const MESSAGE_DATA = {
  getLiveState: none,
  setCameraEnabled: z.boolean(),
  setManualMood: mood.nullable(),
  openPage: pageRequestSchema,
  startCalibration: none,
  clearCalibration: none,
  getCameraStats: none,
  connectSpotify: none,
  disconnectSpotify: none,
  setRapidApiKey: rapidApiKey,
  testRapidApiKey: rapidApiKey,
  startSync: z.strictObject({ full: z.boolean() }),
  setSyncPaused: z.boolean(),
  refreshSuggestions: none,
  queueTracks: queueRequestSchema,
  makeMoodPlaylist: none,
  readSession: none,
  saveSession: none,
  updateDjSettings: djPatchSchema,
  playerActivity: none,
  setPanelCollapsed: z.boolean(),
  importData: z.strictObject({ text: z.string().max(IMPORT_MAX_CHARS) }),
  deleteEverything: none,
  countMoodMatches: countMatchesRequestSchema,
  getLibraryMap: none,
  getStorageUsed: none,
  getMoodHistory: historyRequestSchema,
  getTodaySparkline: none,
  getSkipCounts: none,
  exportData: none,
  deleteMoodHistory: none,
  listPersonalExamples: none,
  deletePersonalExample: personalExampleIdSchema,
  deleteAllPersonalExamples: none,
  offscreenReady: none,
  cameraReport: cameraReportSchema,
  offscreenPing: none,
  configureCamera: cameraConfigSchema,
  calibrate: none,
  calibrationCleared: none,
  keepPersonalExample: z.strictObject({ mood }),
  personalExamplesChanged: none,
  readCameraStats: none,
  liveStateChanged: liveStateSchema,
} as const satisfies Record<MessageType, z.ZodType>;

export type MessageData<K extends MessageType> = GetDataType<ProtocolMap[K]>;

/** Why a message's data was refused: the first problem's path and zod code (never the value, which may be a key). */
export type DataProblem = { ok: false; reason: string };

/** Parses a message's data with its schema. */
export function parseMessageData<K extends MessageType>(
  type: K,
  data: unknown,
): { ok: true; data: MessageData<K> } | DataProblem {
  const result = MESSAGE_DATA[type].safeParse(data);
  if (result.success) return { ok: true, data: result.data as MessageData<K> };
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.map(String).join('.') : '(data)';
  return { ok: false, reason: `${path}: ${issue?.code ?? 'invalid'}` };
}

/** Drift check: each schema's type is exactly the data type `ProtocolMap` declares. */
export type MessageSchemasMatch = Assert<
  Equals<{ [K in MessageType]: z.infer<(typeof MESSAGE_DATA)[K]> }, { [K in MessageType]: GetDataType<ProtocolMap[K]> }>
>;
