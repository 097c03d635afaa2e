import type { Mood } from '@/lib/mood/types';

/**
 * What the camera pipeline is doing, as a person needs to know it. Each non-running
 * status has a fix the surfaces show next to it (see `components/CameraState.svelte`).
 */
export type CameraStatus =
  | 'off'
  | 'paused'
  | 'starting'
  | 'running'
  | 'no-face'
  | 'not-allowed'
  | 'blocked'
  | 'no-camera'
  | 'error';

export interface CurrentMood {
  mood: Mood;
  /** 0–1. */
  confidence: number;
  /** Epoch ms when this mood became current. */
  since: number;
  source: 'camera' | 'manual';
}

/** Something about syncing the person can fix, with what to do. */
export interface SyncProblem {
  kind: 'reconnect' | 'not-connected' | 'key-rejected' | 'rate-limited' | 'offline' | 'server' | 'budget' | 'invalid';
  message: string;
}

/** Library and audio-feature sync, as the surfaces show it. */
export interface SyncProgress {
  /** listing = reading the library from Spotify; analysing = fetching features. */
  phase: 'idle' | 'listing' | 'analysing' | 'paused';
  tracks: number;
  analysed: number;
  unknown: number;
  failed: number;
  /** While listing: items read so far of the library's total. */
  listed: number | null;
  listTotal: number | null;
  /** When the next feature request goes out (epoch ms), if one is waiting. */
  nextBatchAt: number | null;
  lastSyncAt: number | null;
  problem: SyncProblem | null;
}

export interface SpotifyConnection {
  connected: boolean;
  /** Display name (or id) of the connected account. */
  user: string | null;
  /** Set when the connection needs the person: e.g. the token was revoked. */
  problem: string | null;
}

/** A track the DJ suggests for the current mood. Names are untrusted text: render as text only. */
export interface SuggestedTrack {
  id: string;
  uri: string;
  name: string;
  artists: string[];
  valence: number;
  energy: number;
  tempo: number;
  queued: boolean;
}

export interface DjProblem {
  kind:
    | 'no-device'
    | 'premium'
    | 'rate-limited'
    | 'not-connected'
    | 'not-synced'
    | 'no-features'
    | 'reconnect'
    | 'error';
  message: string;
}

/** What the DJ shows in the panel. */
export interface DjState {
  suggestions: SuggestedTrack[];
  /** The mood the suggestions are for. */
  forMood: Mood | null;
  /** 0 when the mood's ranges matched enough tracks; otherwise how far they were widened. */
  relaxed: number;
  withoutFeatures: number;
  nowPlaying: { name: string; artists: string[]; kind: 'track' | 'episode' | 'ad' | 'unknown' } | null;
  problem: DjProblem | null;
  /** The private fallback playlist, once made. */
  playlist: { mood: Mood; url: string; tracks: number } | null;
  busy: boolean;
  /** The DJ switches the panel shows (from settings, which content scripts may not read). */
  mode: 'match' | 'lift';
  autoDj: boolean;
}

/** The state every surface renders; the background is its only writer. */
export interface LiveState {
  camera: {
    /** The user's switch. */
    enabled: boolean;
    status: CameraStatus;
    /** Extra words for `error`, e.g. the browser's message. */
    detail: string | null;
  };
  /** The mood in effect: the manual pick if there is one, else the camera's. */
  mood: CurrentMood | null;
  /** The user's manual pick, which wins over the camera. */
  manualMood: Mood | null;
  /** Open web-player tabs with a live panel. */
  spotifyTabs: number;
  /** The personal neutral baseline: none, being captured, or set (with when). */
  calibration: { state: 'none' | 'running' | 'set'; at: number | null; message: string | null };
  spotify: SpotifyConnection;
  sync: SyncProgress;
  /** Whether a RapidAPI key is stored (never the key itself), and whether SoundNet refused it. */
  soundnet: { keySet: boolean; rejected: boolean };
  dj: DjState;
  /** Whether the panel is collapsed to its pill (remembered across pages, kept by the background). */
  panelCollapsed: boolean;
}

export const INITIAL_LIVE_STATE: LiveState = {
  camera: { enabled: false, status: 'off', detail: null },
  mood: null,
  manualMood: null,
  spotifyTabs: 0,
  calibration: { state: 'none', at: null, message: null },
  spotify: { connected: false, user: null, problem: null },
  sync: {
    phase: 'idle',
    tracks: 0,
    analysed: 0,
    unknown: 0,
    failed: 0,
    listed: null,
    listTotal: null,
    nextBatchAt: null,
    lastSyncAt: null,
    problem: null,
  },
  soundnet: { keySet: false, rejected: false },
  dj: {
    suggestions: [],
    forMood: null,
    relaxed: 0,
    withoutFeatures: 0,
    nowPlaying: null,
    problem: null,
    playlist: null,
    busy: false,
    mode: 'match',
    autoDj: false,
  },
  panelCollapsed: false,
};
