import { browser } from 'wxt/browser';
import { describeError } from '@/lib/errors/report';
import { LIVE_STATE_SESSION_KEY, liveStateSchema } from '@/lib/live-state/schema';
import type { LiveState } from '@/lib/live-state/state';
import { onBackgroundMessage } from '@/lib/messaging/from-background';
import {
  type CameraStats,
  type DjPatch,
  type KeyTestResult,
  type PageRequest,
  type QueueRequest,
  sendMessage,
} from '@/lib/messaging/protocol';
import type { Mood } from '@/lib/mood/types';
import type { CameraAction } from '../ui/camera-status';

/** Text an error carries when the extension was updated under a running content script. */
const CONTEXT_GONE = /Extension context invalidated|context invalidated/i;

/**
 * The live state for one surface: fetched once when the surface opens, then pushed by
 * the background on every change. Actions report failures in `error` instead of throwing.
 * One per context (see `liveState()`): the messaging library allows one listener per type.
 */
export class LiveStateClient {
  state = $state<LiveState | null>(null);
  error = $state<string | null>(null);
  /** True once the extension was reloaded or updated under this page. */
  contextGone = $state(false);
  /** Set by the first broadcast, which is never older than the answer to `getLiveState`. */
  #broadcastSeen = false;
  constructor(initial: LiveState | null = null) {
    this.state = initial;
    // Only the background's broadcast counts: a content script's runtime.sendMessage
    // reaches extension pages too, and must not paint a forged state (issue 10).
    onBackgroundMessage('liveStateChanged', (data) => {
      this.#broadcastSeen = true;
      this.state = data;
    });
    void readCachedState().then((cached) => {
      if (cached && !this.state) this.state = cached;
    });
    void this.#call(async () => {
      const current = await sendMessage('getLiveState');
      // A broadcast that overtook the answer is at least as new; the answer only fills an empty page.
      if (!this.#broadcastSeen) this.state = current;
    });
  }

  setCameraEnabled(enabled: boolean): Promise<void> {
    return this.#call(() => sendMessage('setCameraEnabled', enabled));
  }

  setManualMood(mood: Mood | null): Promise<void> {
    return this.#call(() => sendMessage('setManualMood', mood));
  }

  /** Carries out the fix a camera status offers. */
  cameraAction(action: Exclude<CameraAction, null>): Promise<void> {
    switch (action) {
      case 'grant':
        return this.openPage({ page: 'camera-grant' });
      case 'site-settings':
        return this.openPage({ page: 'camera-site-settings' });
      case 'retry':
        return this.setCameraEnabled(true);
      case 'open-player':
        return this.openPage({ page: 'web-player' });
    }
  }

  /** Captures the neutral baseline; the outcome shows through `state.calibration`. */
  calibrate(): Promise<void> {
    return this.#call(async () => {
      await sendMessage('startCalibration');
    });
  }

  clearCalibration(): Promise<void> {
    return this.#call(() => sendMessage('clearCalibration'));
  }

  /** The camera loop's figures, or null when it is off or unreachable. */
  async cameraStats(): Promise<CameraStats | null> {
    try {
      return await sendMessage('getCameraStats');
    } catch {
      return null;
    }
  }

  connectSpotify(): Promise<void> {
    return this.#call(() => sendMessage('connectSpotify'));
  }

  disconnectSpotify(): Promise<void> {
    return this.#call(() => sendMessage('disconnectSpotify'));
  }

  setRapidApiKey(key: string | null): Promise<void> {
    return this.#call(() => sendMessage('setRapidApiKey', key));
  }

  /** Tests a RapidAPI key with one real call; the answer is for the page to show. */
  async testRapidApiKey(key: string | null): Promise<KeyTestResult> {
    try {
      return await sendMessage('testRapidApiKey', key);
    } catch {
      return 'unreachable';
    }
  }

  startSync(full = false): Promise<void> {
    return this.#call(() => sendMessage('startSync', { full }));
  }

  setSyncPaused(paused: boolean): Promise<void> {
    return this.#call(() => sendMessage('setSyncPaused', paused));
  }

  refreshSuggestions(): Promise<void> {
    return this.#call(() => sendMessage('refreshSuggestions'));
  }

  queueTracks(request: QueueRequest): Promise<void> {
    return this.#call(() => sendMessage('queueTracks', request));
  }

  makeMoodPlaylist(): Promise<void> {
    return this.#call(() => sendMessage('makeMoodPlaylist'));
  }

  updateDjSettings(patch: DjPatch): Promise<void> {
    return this.#call(() => sendMessage('updateDjSettings', patch));
  }

  setPanelCollapsed(collapsed: boolean): Promise<void> {
    return this.#call(() => sendMessage('setPanelCollapsed', collapsed));
  }

  openPage(request: PageRequest): Promise<void> {
    return this.#call(() => sendMessage('openPage', request));
  }

  /** Commands answer with an acknowledgement; the state they change arrives by broadcast. */
  async #call(request: () => Promise<void>): Promise<void> {
    try {
      await request();
      this.error = null;
    } catch (error) {
      if (CONTEXT_GONE.test(describeError(error))) this.contextGone = true;
      else this.error = describeError(error);
    }
  }
}

/**
 * The live state the background cached in `storage.session`, so an extension page (the
 * popup must open fast) renders at once. Content scripts may not touch extension storage
 * (`session` is trusted-contexts-only, and so is `local` since issue 10), so they skip
 * this and wait for the background's answer.
 */
async function readCachedState(): Promise<LiveState | null> {
  if (globalThis.location?.protocol !== 'chrome-extension:') return null;
  try {
    const stored = await browser.storage.session.get(LIVE_STATE_SESSION_KEY);
    const parsed = liveStateSchema.safeParse(stored[LIVE_STATE_SESSION_KEY]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

let shared: LiveStateClient | undefined;

/** This context's live-state client; a remounted panel gets the same one back. */
export function liveState(): LiveStateClient {
  shared ??= new LiveStateClient();
  return shared;
}
