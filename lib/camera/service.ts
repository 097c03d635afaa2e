import type { BackgroundContext, Service } from '@/lib/background/context';
import { describeError } from '@/lib/errors/report';
import type { CurrentMood } from '@/lib/live-state/state';
import type { CalibrationResult, CameraConfig, CameraReport, CameraStats } from '@/lib/messaging/protocol';
import type { Settings } from '@/lib/settings/schema';
import type { OffscreenManager } from './offscreen-manager';
import { applyCameraReport, cameraWanted, PROBLEM_STATUSES, stoppedStatus } from './policy';

/** Closing waits this long so a reloading tab or a restarting worker does not flap the camera. */
export const CLOSE_GRACE_MS = 1500;
/** How long calibration waits for a document that has just been opened to say it is ready. */
export const CALIBRATION_START_MS = 15_000;

/** Whether the machine is in use (`browser.idle` in the worker). */
export interface IdleSource {
  query(): Promise<boolean>;
  /** Registered synchronously when the service is built (MV3: listeners at worker start). */
  onChange(listener: (idle: boolean) => void): void;
}

/** The background's messages to the offscreen document (`sendMessage` in the worker). */
export interface OffscreenChannel {
  /** True when a loaded document answers. */
  ping(): Promise<boolean>;
  configure(config: CameraConfig): Promise<void>;
  calibrate(): Promise<CalibrationResult>;
  calibrationCleared(): Promise<void>;
  readStats(): Promise<CameraStats>;
}

export interface CameraDeps {
  offscreen: OffscreenManager;
  channel: OffscreenChannel;
  idle: IdleSource;
}

export const cameraConfig = (settings: Settings): CameraConfig => ({
  fps: settings.camera.fps,
  noFaceMs: settings.camera.noFaceAfterSeconds * 1000,
  adaptive: settings.camera.adaptiveRate,
});

/**
 * The camera: the offscreen document's lifecycle (opened while the camera is wanted, closed after a
 * grace period when it is not), calibration, and the document's reports folded into the live state.
 * A camera reading that changes the mood in effect goes out as `moodChanged`.
 */
export function createCameraService(ctx: BackgroundContext, deps: CameraDeps): Service {
  const { offscreen, channel } = deps;
  let spotifyTabs = 0;
  let idle = false;
  let calibrating = false;
  let closeTimer: unknown;
  let ready = deferred();
  let reconciling: Promise<unknown> = Promise.resolve();

  deps.idle.onChange((value) => {
    idle = value;
    scheduleReconcile();
  });
  ctx.events.on('panelsChanged', (count) => {
    spotifyTabs = count;
    scheduleReconcile();
  });
  ctx.events.on('settingsChanged', ({ settings, previous }) => {
    const config = cameraConfig(settings);
    if (previous && JSON.stringify(cameraConfig(previous)) !== JSON.stringify(config)) {
      void offscreen
        .isOpen()
        .then((open) => (open ? channel.configure(config) : undefined))
        .catch(() => undefined);
    }
    scheduleReconcile();
  });
  ctx.events.on('dataReset', (what) => {
    // After "delete everything" the document must forget the baseline it holds in memory.
    if (what === 'delete') void forgetBaselineInDocument();
  });

  const wanted = (enabled: boolean) => cameraWanted({ enabled, spotifyTabs, idle, calibrating });

  function scheduleReconcile(): void {
    reconcile().catch(ctx.report);
  }

  /** Brings the offscreen document and the live state in line with settings, tabs and idleness. */
  function reconcile(options: { restart?: boolean } = {}): Promise<void> {
    // One at a time: a switch, a tab and an idle change arriving together must not interleave.
    const run = reconciling.then(() => reconcileNow(options));
    reconciling = run.catch(() => undefined);
    return run;
  }

  async function reconcileNow(options: { restart?: boolean }): Promise<void> {
    const { enabled } = (await ctx.settings.get()).camera;
    if (wanted(enabled)) {
      if (closeTimer !== undefined) ctx.clock.clearTimeout(closeTimer);
      closeTimer = undefined;
      let open = await offscreen.isOpen();
      const { camera: shown } = await ctx.live.get();
      // Switching on again is how a person retries after fixing a camera problem.
      if (open && options.restart && PROBLEM_STATUSES.has(shown.status)) {
        await offscreen.close();
        open = false;
      }
      if (open) {
        await ctx.live.update((state) => ({ ...state, spotifyTabs, camera: { ...state.camera, enabled } }));
        return;
      }
      ready = deferred();
      // Status first: the new document may report before `open()` resolves.
      await ctx.live.update((state) => ({
        ...state,
        spotifyTabs,
        camera: { enabled, status: 'starting', detail: null },
      }));
      await offscreen.open();
      return;
    }
    closeTimer ??= ctx.clock.setTimeout(() => {
      closeTimer = undefined;
      // Re-check: a tab may have come back during the grace period.
      void ctx.settings
        .get()
        .then(({ camera }) => (wanted(camera.enabled) ? undefined : offscreen.close()))
        .catch(ctx.report);
    }, CLOSE_GRACE_MS);
    await ctx.live.update((state) => ({
      ...state,
      spotifyTabs,
      camera: { enabled, status: stoppedStatus(enabled), detail: null },
      // A camera mood goes stale the moment the camera stops; a manual pick stays.
      mood: state.mood?.source === 'camera' ? null : state.mood,
    }));
  }

  async function onReport(report: CameraReport): Promise<void> {
    // A late report from a document being closed must not undo "paused" or "off".
    if (!wanted((await ctx.settings.get()).camera.enabled)) return;
    let newMood: CurrentMood | null = null;
    let before: CurrentMood | null = null;
    const state = await ctx.live.update((current) => {
      before = current.mood;
      const applied = applyCameraReport(current, report, ctx.clock.now());
      newMood = applied.newMood;
      return applied.state;
    });
    if (newMood) ctx.events.emit('moodChanged', newMood);
    // "No face" took the camera's mood away.
    else if (before !== null && state.mood === null) ctx.events.emit('moodChanged', null);
  }

  async function calibrate(): Promise<CalibrationResult> {
    if (calibrating) return { ok: false, reason: 'Calibration is already running.' };
    calibrating = true;
    await ctx.live.update((state) => ({
      ...state,
      calibration: { ...state.calibration, state: 'running', message: null },
    }));
    let result: CalibrationResult;
    try {
      await reconcile();
      if (!(await channel.ping())) await withTimeout(ready.promise, CALIBRATION_START_MS, 'The camera did not start.');
      result = await channel.calibrate();
    } catch (error) {
      result = { ok: false, reason: describeError(error) };
    }
    calibrating = false;
    const at = ctx.clock.now();
    await ctx.live.update((state) => ({
      ...state,
      calibration: result.ok
        ? { state: 'set', at, message: null }
        : { ...state.calibration, state: state.calibration.at ? 'set' : 'none', message: result.reason },
    }));
    // Calibrating kept the camera on; with the switch off or no tab it closes again now.
    scheduleReconcile();
    return result;
  }

  async function forgetBaselineInDocument(): Promise<void> {
    if (await offscreen.isOpen()) await channel.calibrationCleared().catch(() => undefined);
  }

  function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = ctx.clock.setTimeout(() => reject(new Error(message)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => ctx.clock.clearTimeout(timer));
  }

  return {
    name: 'camera',
    handlers: {
      setCameraEnabled: async (enabled) => {
        await ctx.settings.update({ camera: { enabled } });
        await reconcile({ restart: enabled });
      },
      startCalibration: () => calibrate(),
      clearCalibration: async () => {
        await ctx.db.calibration.delete('baseline');
        await forgetBaselineInDocument();
        await ctx.live.update((state) => ({ ...state, calibration: { state: 'none', at: null, message: null } }));
      },
      getCameraStats: async () => ((await offscreen.isOpen()) ? channel.readStats() : null),
      offscreenReady: async () => {
        ready.resolve();
        return cameraConfig(await ctx.settings.get());
      },
      cameraReport: (report) => onReport(report),
    },
    async start() {
      const [row, isIdle] = await Promise.all([ctx.db.calibration.get('baseline'), deps.idle.query()]);
      idle = isIdle;
      await ctx.live.update((state) => ({
        ...state,
        calibration: row
          ? { state: 'set', at: row.createdAt, message: null }
          : { state: 'none', at: null, message: null },
      }));
      await reconcile();
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
