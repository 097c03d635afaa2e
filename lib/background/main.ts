import { browser } from 'wxt/browser';
import { db } from '@/lib/db/schema';
import { describeError, reportError } from '@/lib/errors/report';
import type { LiveState } from '@/lib/live-state/state';
import { type CalibrationResult, type CameraConfig, sendMessage } from '@/lib/messaging/protocol';
import { migrateSettings } from '@/lib/settings/migrations';
import type { Settings } from '@/lib/settings/schema';
import { getSettings, updateSettings, watchSettings } from '@/lib/settings/store';
import { createOffscreenManager } from '../camera/offscreen-manager';
import { applyCameraReport, cameraWanted, PROBLEM_STATUSES, stoppedStatus } from '../camera/policy';
import { pruneHistory, recordMoodChange } from '../history/record';
import { createLiveStateStore } from '../live-state/store';
import { createDataController, settingsStorage } from './data-controller';
import { createDjController } from './dj-controller';
import { registerHandlers } from './handlers';
import { openPage } from './open-page';
import { trackPanels } from './panel-presence';
import { createPanelView } from './panel-view';
import { restrictStorageToTrustedContexts } from './storage-access';
import { createSyncController } from './sync-controller';

/** Closing waits this long so a reloading tab or a restarting worker does not flap the camera. */
const CLOSE_GRACE_MS = 1500;
/** Seconds without input before the machine counts as idle and the camera turns off. */
const IDLE_AFTER_SECONDS = 300;
const PRUNE_ALARM = 'prune-history';

const cameraConfig = (settings: Settings): CameraConfig => ({
  fps: settings.camera.fps,
  noFaceMs: settings.camera.noFaceAfterSeconds * 1000,
});

/** Wires the service worker. Every listener is registered synchronously, as MV3 requires. */
export function startBackground(): void {
  // Before anything else: content scripts must not read or write settings (issue 10).
  void restrictStorageToTrustedContexts();
  const offscreen = createOffscreenManager();
  const panels = trackPanels(() => scheduleReconcile());
  const live = createLiveStateStore(() => panels.tabIds());
  let closeTimer: ReturnType<typeof setTimeout> | undefined;
  let idle = false;
  let calibrating = false;
  let offscreenReady = deferred();
  const dj = createDjController(live);
  const sync = createSyncController(live, () => dj.onAnalysed());
  const data = createDataController({
    db: db(),
    live,
    sync,
    ...settingsStorage,
    onReset: async (what) => {
      dj.onMood(null);
      if (what === 'delete' && (await offscreen.isOpen()))
        await sendMessage('calibrationCleared').catch(() => undefined);
    },
  });
  const panelView = createPanelView(live);

  browser.runtime.onInstalled.addListener(() => {
    migrateSettings().catch((error) => reportError('settings', error));
  });
  void ensurePruneAlarm();
  browser.alarms.onAlarm.addListener((alarm) => {
    sync.onAlarm(alarm.name).catch((error) => reportError('db', error));
    if (alarm.name !== PRUNE_ALARM) return;
    void getSettings()
      .then((settings) => pruneHistory(settings.history.retentionDays))
      .catch((error) => reportError('db', error));
  });

  browser.idle.setDetectionInterval(IDLE_AFTER_SECONDS);
  browser.idle.onStateChanged.addListener((state) => {
    idle = state !== 'active';
    scheduleReconcile();
  });
  void browser.idle.queryState(IDLE_AFTER_SECONDS).then((state) => {
    idle = state !== 'active';
    scheduleReconcile();
  });

  let djKey = '';
  watchSettings((settings) => {
    // Only a change the DJ cares about reshuffles the suggestions.
    const key = JSON.stringify([settings.dj, settings.moods]);
    if (djKey && key !== djKey) dj.onSettingsChanged();
    djKey = key;
    panelView.followSettings(settings).catch((error) => reportError('settings', error));
    void offscreen.isOpen().then((open) => {
      if (open) sendMessage('configureCamera', cameraConfig(settings)).catch(() => undefined);
    });
    scheduleReconcile();
  });

  registerHandlers({
    getLiveState: () => live.get(),
    setCameraEnabled: async (enabled) => {
      await updateSettings({ camera: { enabled } });
      // Switching on again is how a person retries after fixing a camera problem.
      return reconcile({ restart: enabled });
    },
    setManualMood: async (mood) => {
      const state = await live.update((current) => ({
        ...current,
        manualMood: mood,
        mood: mood ? { mood, confidence: 1, since: Date.now(), source: 'manual' } : null,
      }));
      if (state.mood) await recordMoodChange(state.mood).catch((error) => reportError('db', error));
      dj.onMood(state.mood);
      return state;
    },
    openPage: (request) => openPage(request),
    startCalibration: () => calibrate(),
    clearCalibration: async () => {
      await db().calibration.delete('baseline');
      if (await offscreen.isOpen()) await sendMessage('calibrationCleared').catch(() => undefined);
      return live.update((state) => ({ ...state, calibration: { state: 'none', at: null, message: null } }));
    },
    connectSpotify: async () => {
      await sync.connect();
      return live.get();
    },
    disconnectSpotify: async () => {
      await sync.disconnect();
      return live.get();
    },
    setRapidApiKey: async (key) => {
      await sync.setKey(key);
      return live.get();
    },
    testRapidApiKey: (key) => sync.testKey(key),
    startSync: async ({ full }) => {
      await sync.start(full);
      return live.get();
    },
    setSyncPaused: async (paused) => {
      await sync.setPaused(paused);
      return live.get();
    },
    getCameraStats: async () => ((await offscreen.isOpen()) ? sendMessage('readCameraStats') : null),
    offscreenReady: async () => {
      offscreenReady.resolve();
      return cameraConfig(await getSettings());
    },
    cameraReport: async (report) => {
      const settings = await getSettings();
      const wanted = cameraWanted({
        enabled: settings.camera.enabled,
        spotifyTabs: panels.tabIds().size,
        idle,
        calibrating,
      });
      // A late report from a document being closed must not undo "paused" or "off".
      if (!wanted) return;
      let newMood = null as ReturnType<typeof applyCameraReport>['newMood'];
      await live.update((state) => {
        const applied = applyCameraReport(state, report, Date.now());
        newMood = applied.newMood;
        return applied.state;
      });
      if (newMood) {
        await recordMoodChange(newMood).catch((error) => reportError('db', error));
        dj.onMood(newMood);
      } else if (report.reading?.noFace) dj.onMood((await live.get()).mood);
    },
    refreshSuggestions: async () => {
      await dj.refresh();
      return live.get();
    },
    queueTracks: async (request) => {
      await dj.queue(request);
      return live.get();
    },
    makeMoodPlaylist: async () => {
      await dj.playlist();
      return live.get();
    },
    updateDjSettings: async (patch) => {
      // The answer carries the new switches at once, before the settings watch catches up.
      return panelView.followSettings(await updateSettings({ dj: patch }));
    },
    playerActivity: () => dj.onPlayerActivity(),
    importData: ({ text }) => data.importData(text),
    deleteEverything: () => data.deleteEverything(),
    setPanelCollapsed: (collapsed) => panelView.setCollapsed(collapsed),
  });

  void loadCalibrationState();
  void getSettings()
    .then((settings) => panelView.followSettings(settings))
    .then(() => panelView.loadCollapsed())
    .catch((error) => reportError('settings', error));
  sync.init().catch((error) => reportError('db', error));
  scheduleReconcile();

  function scheduleReconcile(): void {
    reconcile().catch((error) => reportError('offscreen', error));
  }

  /** Brings the offscreen document and the live state in line with settings, tabs and idleness. */
  async function reconcile(options: { restart?: boolean } = {}): Promise<LiveState> {
    const { camera } = await getSettings();
    const spotifyTabs = panels.tabIds().size;
    if (cameraWanted({ enabled: camera.enabled, spotifyTabs, idle, calibrating })) {
      clearTimeout(closeTimer);
      closeTimer = undefined;
      let open = await offscreen.isOpen();
      const { camera: shown } = await live.get();
      if (open && options.restart && PROBLEM_STATUSES.has(shown.status)) {
        await offscreen.close();
        open = false;
      }
      if (open) {
        return live.update((state) => ({
          ...state,
          spotifyTabs,
          camera: { ...state.camera, enabled: camera.enabled },
        }));
      }
      offscreenReady = deferred();
      // Status first: the new document may report before `open()` resolves.
      await live.update((state) => ({
        ...state,
        spotifyTabs,
        camera: { enabled: camera.enabled, status: 'starting', detail: null },
      }));
      await offscreen.open();
      return live.get();
    }
    closeTimer ??= setTimeout(() => {
      closeTimer = undefined;
      // Re-check: a tab may have come back during the grace period.
      void getSettings().then(({ camera: latest }) => {
        const stillUnwanted = !cameraWanted({
          enabled: latest.enabled,
          spotifyTabs: panels.tabIds().size,
          idle,
          calibrating,
        });
        if (stillUnwanted) offscreen.close().catch((error) => reportError('offscreen', error));
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

  async function calibrate(): Promise<CalibrationResult> {
    if (calibrating) return { ok: false, reason: 'Calibration is already running.' };
    calibrating = true;
    await live.update((state) => ({
      ...state,
      calibration: { ...state.calibration, state: 'running', message: null },
    }));
    let result: CalibrationResult;
    try {
      await reconcile();
      if (!(await ping())) await withTimeout(offscreenReady.promise, 15_000, 'The camera did not start.');
      result = await sendMessage('calibrate');
    } catch (error) {
      result = { ok: false, reason: describeError(error) };
    }
    calibrating = false;
    const at = Date.now();
    await live.update((state) => ({
      ...state,
      calibration: result.ok
        ? { state: 'set', at, message: null }
        : { ...state.calibration, state: state.calibration.at ? 'set' : 'none', message: result.reason },
    }));
    scheduleReconcile();
    return result;
  }

  async function loadCalibrationState(): Promise<void> {
    try {
      const row = await db().calibration.get('baseline');
      await live.update((state) => ({
        ...state,
        calibration: row
          ? { state: 'set', at: row.createdAt, message: null }
          : { state: 'none', at: null, message: null },
      }));
    } catch (error) {
      reportError('db', error);
    }
  }

  async function ping(): Promise<boolean> {
    try {
      return (await sendMessage('offscreenPing')) === 'pong';
    } catch {
      return false;
    }
  }
}

async function ensurePruneAlarm(): Promise<void> {
  if (!(await browser.alarms.get(PRUNE_ALARM))) {
    await browser.alarms.create(PRUNE_ALARM, { delayInMinutes: 1, periodInMinutes: 6 * 60 });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms))]);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
