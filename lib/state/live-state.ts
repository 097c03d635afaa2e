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
}

export const INITIAL_LIVE_STATE: LiveState = {
  camera: { enabled: false, status: 'off', detail: null },
  mood: null,
  manualMood: null,
  spotifyTabs: 0,
  calibration: { state: 'none', at: null, message: null },
};
