import { defineExtensionMessaging } from '@webext-core/messaging';
import type { z } from 'zod';
import type { MoodDjExport } from '@/lib/data/format';
import type { HistoryView } from '@/lib/history/aggregate';
import type { SparkPoint } from '@/lib/history/charts/sparkline';
import type { SkipCounts } from '@/lib/history/query';
import type { SessionSaveOutcome, SessionView } from '@/lib/history/session-save';
import type { LiveState } from '@/lib/live-state/state';
import type { LibraryMapData } from '@/lib/map/points';
import type { Mood } from '@/lib/mood/types';
import type {
  cameraConfigSchema,
  cameraReportSchema,
  countMatchesRequestSchema,
  djPatchSchema,
  historyRequestSchema,
  optionsSectionSchema,
  pageRequestSchema,
  personalExampleIdSchema,
  queueRequestSchema,
} from './schemas';

// Data types come from the schemas in `./schemas.ts`, which every receiver parses with.

/** Which options section a surface may deep-link to. */
export type OptionsSection = z.infer<typeof optionsSectionSchema>;

/** Pages a surface may ask the background to open (content scripts cannot open most of them). */
export type PageRequest = z.infer<typeof pageRequestSchema>;

/** What the offscreen document needs from settings (it cannot read extension storage). */
export type CameraConfig = z.infer<typeof cameraConfigSchema>;

/** The offscreen document's word on the camera: its status and, with a face, the reading. */
export type CameraReport = z.infer<typeof cameraReportSchema>;

/** Tracks to queue: suggested ones by Spotify id, or the next `count` matches (1–10). */
export type QueueRequest = z.infer<typeof queueRequestSchema>;

/** Mood ranges to count library tracks in (1 to 7: one per profile). */
export type CountMatchesRequest = z.infer<typeof countMatchesRequestSchema>;

/** Which span of history a chart shows. */
export type HistoryRequest = z.infer<typeof historyRequestSchema>;

/** The panel's DJ switches. */
export type DjPatch = z.infer<typeof djPatchSchema>;

export type KeyTestResult = 'works' | 'rejected' | 'rate-limited' | 'unreachable' | 'no-key';

/** The outcome of an import, as the options page shows it. */
export type ImportOutcome = { ok: true; summary: string } | { ok: false; message: string };

/** A personal example as pages see it: which mood and when, never the face's numbers. */
export interface PersonalExampleSummary {
  id: number;
  mood: Mood;
  at: number;
}

export type CalibrationResult = { ok: true; frames: number } | { ok: false; reason: string };

/** Frame-loop figures for diagnostics and `npm run bench`. No face data, only counts and times. */
export interface CameraStats {
  frames: number;
  faceFrames: number;
  /** detectForVideo + classify per frame, over the recent frames. */
  inferenceMs: { p50: number; p95: number; n: number } | null;
  /** performance.timeOrigin-based epoch ms when the stream started, and of the first mood. */
  streamStartedAt: number | null;
  firstMoodAt: number | null;
}

/**
 * Every message MoodDJ sends, in one map, typed both ways. Each context registers
 * handlers for the subset addressed to it; who may send what is decided by
 * `lib/messaging/sender-policy.ts`, and what each message's data may be by
 * `lib/messaging/schemas.ts`.
 */
export interface ProtocolMap {
  // → background, from the panel and extension pages. Commands answer with an acknowledgement
  // (void, or what only the asker needs); the state they change arrives by `liveStateChanged`.
  /** The current live state, for a surface that has just opened. */
  getLiveState(): LiveState;
  /** Turn the camera on or off (the user's switch). */
  setCameraEnabled(enabled: boolean): void;
  /** Pick a mood by hand, or clear the manual pick with `null`. */
  setManualMood(mood: Mood | null): void;
  /** Open one of MoodDJ's pages, the camera's site settings or the web player. */
  openPage(request: PageRequest): void;
  /** Capture a personal neutral baseline: the person looks neutral for about 3 s. */
  startCalibration(): CalibrationResult;
  /** Forget the personal neutral baseline. */
  clearCalibration(): void;
  /** The camera loop's figures, or null when the camera is off. */
  getCameraStats(): CameraStats | null;
  /** Sign in to Spotify with the Client ID from settings (PKCE, in a browser window). */
  connectSpotify(): void;
  /** Forget the Spotify tokens on this device. */
  disconnectSpotify(): void;
  /** Store (or with null, delete) the RapidAPI key. The key never comes back out. */
  setRapidApiKey(key: string | null): void;
  /** One real SoundNet call with the given key, or the stored one. */
  testRapidApiKey(key: string | null): KeyTestResult;
  /** Sync the library now (and then analyse it); `full` re-lists everything. */
  startSync(options: { full: boolean }): void;
  /** Pause or resume fetching audio features. */
  setSyncPaused(paused: boolean): void;
  /** New suggestions for the mood in effect (fresh randomness). */
  refreshSuggestions(): void;
  /** Queue suggested tracks by id, or the next `count` matches. */
  queueTracks(request: QueueRequest): void;
  /** Without Premium: put matching tracks in the private "MoodDJ · <mood>" playlist. */
  makeMoodPlaylist(): void;
  /** The latest listening session: what "Save as playlist" would save, its mood strip, where it was saved. */
  readSession(): SessionView | null;
  /** Save the listening session's tracks to a new private playlist (again: add only the new ones). */
  saveSession(): SessionSaveOutcome;
  /** The panel's DJ switches: mode and auto-DJ. */
  updateDjSettings(patch: DjPatch): void;
  /** The web player's now-playing changed, or the panel's periodic heartbeat. */
  playerActivity(): void;
  /** The panel was collapsed to its pill or opened again (remembered across pages). */
  setPanelCollapsed(collapsed: boolean): void;
  /**
   * Import a MoodDJ export (the file's text). The background pauses the sync, writes it in one
   * transaction, resets the live state and resumes.
   */
  importData(request: { text: string }): ImportOutcome;
  /** Delete everything MoodDJ keeps and disconnect Spotify, through the background. */
  deleteEverything(): void;

  // → background, from extension pages: the data it owns (pages never open IndexedDB)
  /** Library tracks inside each of the given mood ranges, in order (the mood-range editor, while dragging). */
  countMoodMatches(request: CountMatchesRequest): number[];
  /** Every analysed library track's valence, energy and tempo, with the ones played in the last day (the map). */
  getLibraryMap(): LibraryMapData;
  /** Bytes MoodDJ uses on this device. */
  getStorageUsed(): number;
  /** The mood and play history of one chart range. */
  getMoodHistory(request: HistoryRequest): HistoryView;
  /** Today's moods, for the popup's sparkline. */
  getTodaySparkline(): SparkPoint[];
  /** Skips and completions of MoodDJ's tracks in the last week (Options → DJ). */
  getSkipCounts(): SkipCounts;
  /** Everything a person can take elsewhere, as one export object; the page turns it into a file. */
  exportData(): MoodDjExport;
  /** Delete every recorded mood change (plays stay, without their mood); answers how many went. */
  deleteMoodHistory(): number;
  /** The "that's not me" examples on this device, newest first (mood and time only). */
  listPersonalExamples(): PersonalExampleSummary[];
  /** Forget one personal example. */
  deletePersonalExample(request: z.infer<typeof personalExampleIdSchema>): void;
  /** Forget every personal example. */
  deleteAllPersonalExamples(): void;

  // → background, from the offscreen document only
  /** The offscreen document has loaded and listens; the answer is its configuration. */
  offscreenReady(): CameraConfig;
  /** Camera status and mood readings (label and confidence only). */
  cameraReport(report: CameraReport): void;

  // → offscreen document, from the background only
  /** Liveness probe for the offscreen document. */
  offscreenPing(): 'pong';
  /** New frame rate or no-face timeout. */
  configureCamera(config: CameraConfig): void;
  /** Collect ~3 s of neutral frames and store the baseline on this device. */
  calibrate(): CalibrationResult;
  /** The stored baseline was deleted; stop using it. */
  calibrationCleared(): void;
  /**
   * The person picked `mood` by hand right after the camera read another one: store the latest face's feature
   * vector (if at most `PERSONAL_EXAMPLE_MAX_AGE_MS` old) as a personal example. Answers whether one was kept.
   */
  keepPersonalExample(request: { mood: Mood }): boolean;
  /** Personal examples were deleted (or all data); reload them from IndexedDB. */
  personalExamplesChanged(): void;
  /** Frame-loop figures. */
  readCameraStats(): CameraStats;

  // → panel and extension pages, from the background only
  /** The live state changed; surfaces re-render from it. */
  liveStateChanged(state: LiveState): void;
}

export type MessageType = keyof ProtocolMap;

/** The port name a panel keeps open to say "I am alive in this tab" (see lib/background/panel-presence.ts). */
export const PANEL_PORT = 'mooddj-panel';

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
export const { sendMessage, onMessage } = messenger;
