import { createSerialQueue } from '@/lib/async/serial';
import type { BackgroundContext, Service } from '@/lib/background/context';
import { describeError } from '@/lib/errors/report';
import type { CameraStatus } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import { currentMood, withoutCameraMood } from '@/lib/mood/current';
import type { Settings } from '@/lib/settings/schema';
import type { CalibrationResult, CameraConfig, CameraReport, CameraStats } from './messages';
import { cameraMessages } from './messages';
import type { OffscreenManager } from './offscreen-manager';
import { applyCameraReport, cameraWanted, PROBLEM_STATUSES, STOPPED_STATUSES, stoppedStatus } from './policy';
import type { CameraHostSignals } from './tab-host';

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
  /** Firefox's camera tab (`tab-host.ts`); Chrome's offscreen document has none of this. */
  host?: CameraHostSignals;
}

export const cameraConfig = (settings: Settings): CameraConfig => ({
  fps: settings.camera.fps,
  noFaceMs: settings.camera.noFaceAfterSeconds * 1000,
  adaptive: settings.camera.adaptiveRate,
});

/**
 * The camera: the offscreen document's lifecycle (opened while the camera is wanted, closed after a
 * grace period when it is not), calibration, and the document's reports folded into the live state.
 * The camera's readings, and the camera stopping, change the mood in effect through its owner
 * (`lib/mood/current.ts`), which says so with `moodChanged`.
 */
export function createCameraService(ctx: BackgroundContext, deps: CameraDeps): Service {
  const { offscreen, channel, host } = deps;
  const mood = currentMood(ctx);
  let spotifyTabs = 0;
  let idle = false;
  let calibrating = false;
  /**
   * The person closed the camera tab while the camera was wanted: it stays closed (the status says so, with a
   * button) until they reopen it, switch the camera off and on, or close the last web-player tab; reopening it
   * by itself would fight them. Kept in the live state ('host-closed'), so a restarted worker knows too.
   */
  let hostClosed = false;
  /**
   * The host has just said its tab is gone, and the camera has not yet made "host-closed" of it (`onHostClosed`).
   * Set at once, so a reconcile that finds the tab gone meanwhile does not open a new one.
   */
  let hostGone = false;
  let closeTimer: unknown;
  /**
   * What the open document last said of the camera, even while its reports were set aside (camera not wanted):
   * a document kept through the grace period reports again only when its reading changes.
   */
  let documentStatus: CameraStatus | null = null;
  let ready = deferred();
  const reconciling = createSerialQueue();
  // First in line: a woken background reads back a camera tab the person closed before any event can reopen it.
  reconciling
    .run(async () => {
      hostClosed = (await ctx.live.get()).camera.status === 'host-closed';
    })
    .catch(ctx.report);

  deps.idle.onChange((value) => {
    idle = value;
    return scheduleReconcile();
  });
  ctx.events.on('panelsChanged', (count) => {
    spotifyTabs = count;
    // The last web player has gone: the next one opens the camera tab again. (Not the count a restarted worker
    // starts from: that is 0 until the panels have reconnected.) In the queue, after the saved state is read.
    return scheduleReconcile({ lastWebPlayerGone: count === 0 });
  });
  ctx.events.on('settingsChanged', ({ settings, previous }) => {
    const config = cameraConfig(settings);
    const work: Promise<unknown>[] = [];
    if (previous && JSON.stringify(cameraConfig(previous)) !== JSON.stringify(config)) {
      work.push(
        offscreen
          .isOpen()
          .then((open) => (open ? channel.configure(config) : undefined))
          .catch(() => undefined),
      );
    }
    work.push(scheduleReconcile());
    return Promise.all(work);
  });
  host?.onClosedByPerson(() => {
    hostGone = true;
    void reconciling.run(onHostClosed).catch(ctx.report);
  });
  ctx.events.on('dataReset', (what) => {
    // After "delete everything" the document must forget the baseline it holds in memory.
    if (what === 'delete') return forgetBaselineInDocument();
  });

  const wanted = (enabled: boolean) => cameraWanted({ enabled, spotifyTabs, idle, calibrating });

  /** Reconciles in the background: the promise never rejects (a failure is reported). */
  function scheduleReconcile(options: ReconcileOptions = {}): Promise<void> {
    return reconcile(options).catch(ctx.report);
  }

  /** Brings the offscreen document and the live state in line with settings, tabs and idleness. */
  function reconcile(options: ReconcileOptions = {}): Promise<void> {
    // One at a time: a switch, a tab and an idle change arriving together must not interleave.
    return reconciling.run(() => reconcileNow(options));
  }

  async function reconcileNow(options: ReconcileOptions): Promise<void> {
    const { enabled } = (await ctx.settings.get()).camera;
    if (options.restart || options.reopen || options.lastWebPlayerGone) hostClosed = false;
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
      // Asked for on purpose: a tab found gone just now opens again too.
      if (options.restart || options.reopen) hostGone = false;
      if (open) {
        // Kept through the grace period (a reloaded tab, the switch off and on): the camera never stopped, so
        // "paused" or "off" would hide it (the toolbar badge follows this status).
        await ctx.live.update((state) => ({
          ...state,
          spotifyTabs,
          camera: STOPPED_STATUSES.has(state.camera.status)
            ? { enabled, status: documentStatus ?? 'starting', detail: null }
            : { ...state.camera, enabled },
        }));
        return;
      }
      if (hostClosed || hostGone) {
        // The host found its tab gone while checking (its page went without a word): the same as closing it.
        hostClosed = true;
        hostGone = false;
        await mood.write((state) =>
          withoutCameraMood({ ...state, spotifyTabs, camera: { enabled, status: 'host-closed', detail: null } }),
        );
        return;
      }
      ready = deferred();
      documentStatus = null;
      // Status first: the new document may report before `open()` resolves.
      await ctx.live.update((state) => ({
        ...state,
        spotifyTabs,
        camera: { enabled, status: 'starting', detail: null },
      }));
      await offscreen.open();
      return;
    }
    // Switched off: the next time the camera is wanted its tab opens again. (Idle keeps it closed.)
    if (!enabled) hostClosed = false;
    closeTimer ??= ctx.clock.setTimeout(() => {
      closeTimer = undefined;
      // Re-check: a tab may have come back during the grace period.
      return ctx.settings
        .get()
        .then(({ camera }) => {
          if (wanted(camera.enabled)) return;
          documentStatus = null;
          return offscreen.close();
        })
        .catch(ctx.report);
    }, CLOSE_GRACE_MS);
    // A camera mood goes stale the moment the camera stops (and the auto-DJ must hear so); a manual pick stays. A
    // tab the person closed stays so in the saved state (a background started without web players, then suspended
    // again, must still know).
    const status = hostClosed && enabled ? 'host-closed' : stoppedStatus(enabled);
    await mood.write((state) =>
      withoutCameraMood({ ...state, spotifyTabs, camera: { enabled, status, detail: null } }),
    );
  }

  /** The person closed the camera tab: a clear state with a way back, not a silent stop. */
  async function onHostClosed(): Promise<void> {
    // Already made "host-closed" of, or reopened on purpose, by a reconcile in between.
    if (!hostGone) return;
    hostGone = false;
    documentStatus = null;
    const { enabled } = (await ctx.settings.get()).camera;
    if (!wanted(enabled)) return;
    hostClosed = true;
    await mood.write((state) =>
      withoutCameraMood({ ...state, spotifyTabs, camera: { enabled, status: 'host-closed', detail: null } }),
    );
  }

  async function onReport(report: CameraReport): Promise<void> {
    documentStatus = report.status;
    // The camera has answered (or the prompt has): the person goes back to the tab they were on.
    host?.answered().catch(ctx.report);
    // A late report from a document being closed must not undo "paused" or "off".
    if (!wanted((await ctx.settings.get()).camera.enabled)) return;
    await mood.write((current) => applyCameraReport(current, report, ctx.clock.now()));
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
      // Calibrating is a request for the camera: a camera tab the person closed opens again.
      await reconcile({ reopen: true });
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
    handles: [
      implement(cameraMessages, {
        setCameraEnabled: async (enabled) => {
          await ctx.settings.update({ camera: { enabled } });
          await reconcile({ restart: enabled });
        },
        // The document writes the baseline: "delete everything" waits for a calibration under way (`ctx.writers`).
        startCalibration: () => ctx.writers.run('calibration', calibrate),
        clearCalibration: async () => {
          await ctx.db.calibration.delete('baseline');
          await forgetBaselineInDocument();
          await ctx.live.update((state) => ({ ...state, calibration: { state: 'none', at: null, message: null } }));
        },
        getCameraStats: async () => ((await offscreen.isOpen()) ? channel.readStats() : null),
        offscreenReady: async () => {
          ready.resolve();
          // A camera tab nobody asked for (one the browser restored at start-up) closes again after the grace.
          if (host) scheduleReconcile();
          return cameraConfig(await ctx.settings.get());
        },
        cameraReport: (report) => onReport(report),
        // Receiving it is the point: a message keeps Firefox's event page awake.
        cameraAlive: async () => undefined,
        backToWebPlayer: async () => {
          await host?.back();
        },
      }),
    ],
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

interface ReconcileOptions {
  /** The person switched the camera on: a camera with a problem starts again from scratch. */
  restart?: boolean;
  /** The camera is asked for on purpose: a camera tab the person closed opens again. */
  reopen?: boolean;
  /** The last web-player tab has gone: the next one opens the camera tab again. */
  lastWebPlayerGone?: boolean;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
