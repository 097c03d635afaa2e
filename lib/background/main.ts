import { browser } from 'wxt/browser';
import { reportError } from '@/lib/errors/report';
import { migrateSettings } from '@/lib/settings/migrations';
import { getSettings, updateSettings, watchSettings } from '@/lib/settings/store';
import type { CameraStatus, LiveState } from '@/lib/state/live-state';
import { cameraWanted, stoppedStatus } from './camera-policy';
import { registerHandlers } from './handlers';
import { createLiveStateStore } from './live-state-store';
import { createOffscreenManager } from './offscreen';
import { openPage } from './open-page';
import { trackPanels } from './panel-presence';

/** Closing waits this long so a reloading tab or a restarting worker does not flap the camera. */
const CLOSE_GRACE_MS = 1500;

/** Statuses an open camera reports; reconciling keeps them rather than resetting to "starting". */
const ACTIVE: ReadonlySet<CameraStatus> = new Set(['starting', 'running', 'no-face']);

/** Wires the service worker. Every listener is registered synchronously, as MV3 requires. */
export function startBackground(): void {
  const offscreen = createOffscreenManager();
  const panels = trackPanels(() => scheduleReconcile());
  const live = createLiveStateStore(() => panels.tabIds());
  let closeTimer: ReturnType<typeof setTimeout> | undefined;

  browser.runtime.onInstalled.addListener(() => {
    migrateSettings().catch((error) => reportError('settings', error));
  });
  watchSettings(() => scheduleReconcile());

  registerHandlers({
    getLiveState: () => live.get(),
    setCameraEnabled: async (enabled) => {
      await updateSettings({ camera: { enabled } });
      return reconcile();
    },
    setManualMood: (mood) =>
      live.update((state) => ({
        ...state,
        manualMood: mood,
        mood: mood ? { mood, confidence: 1, since: Date.now(), source: 'manual' } : null,
      })),
    openPage: (request) => openPage(request),
    offscreenReady: async () => {
      await live.update((state) => ({ ...state, camera: { ...state.camera, status: 'running', detail: null } }));
    },
  });

  scheduleReconcile();

  function scheduleReconcile(): void {
    reconcile().catch((error) => reportError('offscreen', error));
  }

  /** Brings the offscreen document and the live state in line with settings and open tabs. */
  async function reconcile(): Promise<LiveState> {
    const { camera } = await getSettings();
    const spotifyTabs = panels.tabIds().size;
    const want = cameraWanted({ enabled: camera.enabled, spotifyTabs, idle: false });
    if (want) {
      clearTimeout(closeTimer);
      closeTimer = undefined;
      // Status first: the new document may report "ready" before `open()` resolves.
      await live.update((state) => ({
        ...state,
        spotifyTabs,
        camera: {
          enabled: true,
          status: ACTIVE.has(state.camera.status) ? state.camera.status : 'starting',
          detail: null,
        },
      }));
      await offscreen.open();
      return live.get();
    }
    closeTimer ??= setTimeout(() => {
      closeTimer = undefined;
      // Re-check: a tab may have come back during the grace period.
      void getSettings().then(({ camera: latest }) => {
        if (!cameraWanted({ enabled: latest.enabled, spotifyTabs: panels.tabIds().size, idle: false })) {
          offscreen.close().catch((error) => reportError('offscreen', error));
        }
      });
    }, CLOSE_GRACE_MS);
    return live.update((state) => ({
      ...state,
      spotifyTabs,
      camera: { enabled: camera.enabled, status: stoppedStatus(camera.enabled), detail: null },
      // A camera mood goes stale the moment the camera stops; a manual pick stays.
      mood: state.mood?.source === 'camera' ? null : state.mood,
    }));
  }
}
