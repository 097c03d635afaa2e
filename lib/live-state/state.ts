import type { LiveState } from './schema';

// The types are derived from the schema (`./schema.ts`), the one source of truth; they are
// re-exported here beside the initial value, where the rest of MoodDJ imports them from.
export type {
  CameraStatus,
  CurrentMood,
  DjProblem,
  DjState,
  LiveState,
  SpotifyConnection,
  SuggestedTrack,
  SyncProblem,
  SyncProgress,
} from './schema';

export const INITIAL_LIVE_STATE: LiveState = {
  camera: { enabled: false, status: 'off', detail: null },
  mood: null,
  manualMood: null,
  spotifyTabs: 0,
  calibration: { state: 'none', at: null, message: null },
  spotify: { connected: false, user: null, problem: null },
  spotifyRefusal: null,
  sync: {
    phase: 'idle',
    tracks: 0,
    analysed: 0,
    unknown: 0,
    failed: 0,
    listed: null,
    listTotal: null,
    unreadable: 0,
    nextBatchAt: null,
    lastSyncAt: null,
    problem: null,
  },
  soundnet: { keySet: false, rejected: false, needsAccess: false },
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
    lastQueuedAt: null,
  },
  panelCollapsed: false,
  personalExamples: 0,
  implicitExamples: 0,
};
