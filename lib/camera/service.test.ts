import { describe, expect, it } from 'vitest';
import { createDjService } from '@/lib/dj/service';
import type { CurrentMood } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { type FakeContext, fakeContext, fakeSettings } from '@/test/support/background';
import { makeFeatures } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { makeLibrary } from '@/test/support/sync-fixtures';
import type { CalibrationResult, CameraConfig, CameraReport } from './messages';
import { createOffscreenManager } from './offscreen-manager';
import { CALIBRATION_START_MS, CLOSE_GRACE_MS, createCameraService, type IdleSource } from './service';

/** The offscreen document as Chrome keeps it, and what the background said to it. */
function fakeDocument() {
  const doc = {
    exists: false,
    /** The loaded document answers pings (it has sent `offscreenReady`). */
    loaded: false,
    creates: 0,
    closes: 0,
    configured: [] as CameraConfig[],
    cleared: 0,
    calibration: { ok: true, frames: 12 } as CalibrationResult,
  };
  const manager = createOffscreenManager({
    hasDocument: async () => doc.exists,
    async create() {
      doc.exists = true;
      doc.creates++;
    },
    async close() {
      doc.exists = false;
      doc.loaded = false;
      doc.closes++;
    },
  });
  const channel = {
    ping: async () => doc.exists && doc.loaded,
    configure: async (config: CameraConfig) => void doc.configured.push(config),
    calibrate: async () => doc.calibration,
    calibrationCleared: async () => void doc.cleared++,
    readStats: async () => ({ frames: 3, faceFrames: 2, inferenceMs: null, streamStartedAt: null, firstMoodAt: null }),
  };
  return { doc, manager, channel };
}

function fakeIdle(initial = false) {
  let listener: (idle: boolean) => unknown = () => undefined;
  /** `set` answers with the work the service started (its listener's promise). */
  const idle: IdleSource & { set(value: boolean): unknown } = {
    query: async () => initial,
    onChange: (next) => {
      listener = next;
    },
    set: (value) => listener(value),
  };
  return idle;
}

/**
 * Lets a calibration under way get as far as it can: the handler is still running (it waits for the
 * document's `offscreenReady`), so neither the bus nor the clock knows of its work.
 */
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function setup(options: { enabled?: boolean } = {}) {
  const ctx: FakeContext = fakeContext();
  ctx.settings.value = {
    ...DEFAULT_SETTINGS,
    camera: { ...DEFAULT_SETTINGS.camera, enabled: options.enabled ?? true },
  };
  const { doc, manager, channel } = fakeDocument();
  const idle = fakeIdle();
  const service = createCameraService(ctx, { offscreen: manager, channel, idle });
  const moods: (CurrentMood | null)[] = [];
  ctx.events.on('moodChanged', (mood) => moods.push(mood));
  await service.start?.();
  const handlers = handlersOf(service);
  const call = {
    report: (report: CameraReport) => handlers.cameraReport?.(report, 'offscreen'),
    setEnabled: (enabled: boolean) => handlers.setCameraEnabled?.(enabled, 'extension-page'),
    calibrate: () => handlers.startCalibration?.(undefined, 'extension-page') as Promise<CalibrationResult>,
    ready: () => {
      doc.loaded = true;
      return handlers.offscreenReady?.(undefined, 'offscreen');
    },
  };
  const tabs = async (count: number) => {
    ctx.events.emit('panelsChanged', count);
    await ctx.events.idle();
  };
  return { ctx, doc, idle, service, moods, call, tabs };
}

const happy = (confidence = 0.8): CameraReport => ({
  status: 'running',
  reading: { mood: 'happy', confidence, noFace: false },
});

describe('the camera service: the offscreen lifecycle', () => {
  it('opens the document when the switch is on and a web-player tab has a panel', async () => {
    const { ctx, doc, tabs } = await setup();
    expect(doc.exists).toBe(false);
    expect((await ctx.live.get()).camera.status).toBe('paused');
    await tabs(1);
    expect(doc.creates).toBe(1);
    expect((await ctx.live.get()).camera).toEqual({ enabled: true, status: 'starting', detail: null });
    expect((await ctx.live.get()).spotifyTabs).toBe(1);
  });

  it('closes the document only after the grace period once the last tab has gone', async () => {
    const { ctx, doc, tabs } = await setup();
    await tabs(1);
    await tabs(0);
    expect((await ctx.live.get()).camera.status).toBe('paused');
    await ctx.clock.advance(CLOSE_GRACE_MS - 1);
    expect(doc.exists).toBe(true);
    await ctx.clock.advance(1);
    expect(doc.exists).toBe(false);
  });

  it('keeps the document when a tab comes back within the grace period (a reload does not flap the camera)', async () => {
    const { ctx, doc, tabs } = await setup();
    await tabs(1);
    await tabs(0);
    await ctx.clock.advance(CLOSE_GRACE_MS / 2);
    await tabs(1);
    await ctx.clock.advance(CLOSE_GRACE_MS * 2);
    expect(doc.exists).toBe(true);
    expect(doc.creates).toBe(1);
    expect(doc.closes).toBe(0);
  });

  it('a document kept through the grace period shows as it is, not "paused" (it reports again only on a change)', async () => {
    const { ctx, call, tabs } = await setup();
    await tabs(1);
    await call.report({ status: 'no-face', reading: { mood: null, confidence: 0, noFace: true } });
    await tabs(0);
    expect((await ctx.live.get()).camera.status).toBe('paused');
    await tabs(1);
    expect((await ctx.live.get()).camera).toEqual({ enabled: true, status: 'no-face', detail: null });
    // Off and on again at once: the same document, never stopped.
    await call.setEnabled(false);
    await call.setEnabled(true);
    expect((await ctx.live.get()).camera).toEqual({ enabled: true, status: 'no-face', detail: null });
  });

  it('a late report after the switch went off does not undo "off"', async () => {
    const { ctx, call, moods, tabs } = await setup();
    await tabs(1);
    await call.report(happy());
    expect((await ctx.live.get()).mood?.mood).toBe('happy');
    await call.setEnabled(false);
    await call.report(happy(0.9));
    const state = await ctx.live.get();
    expect(state.camera).toEqual({ enabled: false, status: 'off', detail: null });
    expect(state.mood).toBeNull();
    // The camera's mood went away with the camera, and everyone following the mood in effect heard it.
    expect(moods.map((m) => m?.mood ?? null)).toEqual(['happy', null]);
  });

  it('switching the camera off disarms an auto-DJ hold armed with its mood: nothing is queued for a mood that is gone', async () => {
    const { ctx, call, tabs } = await setup();
    ctx.settings.value = { ...ctx.settings.value, dj: { ...ctx.settings.value.dj, autoDj: true, holdSeconds: 10 } };
    const queued: string[] = [];
    ctx.spotify = {
      ...ctx.spotify,
      devices: async () => [{ id: 'wp', is_active: true, name: 'Web Player', type: 'Computer', is_restricted: false }],
      queue: async (uri: string) => void queued.push(uri),
      currentlyPlaying: async () => null,
    } as typeof ctx.spotify;
    const library = makeLibrary(20);
    await ctx.db.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
    await ctx.db.features.bulkAdd(library.map((t, i) => makeFeatures(t.id, i)));
    createDjService(ctx, { seed: () => 1 });
    await tabs(1);
    await call.report(happy());
    await ctx.events.idle();
    await call.setEnabled(false);
    await ctx.events.idle();
    // Well past the hold: the auto-DJ would have queued for "happy" by now.
    await ctx.clock.advance(60_000);
    await ctx.events.idle();
    expect((await ctx.live.get()).mood).toBeNull();
    expect(queued).toEqual([]);
  });

  it('switching on again after a camera problem restarts the document', async () => {
    const { ctx, doc, call, tabs } = await setup();
    await tabs(1);
    await call.report({ status: 'not-allowed' });
    expect((await ctx.live.get()).camera.status).toBe('not-allowed');
    await call.setEnabled(true);
    await ctx.events.idle();
    expect(doc.closes).toBe(1);
    expect(doc.creates).toBe(2);
    expect((await ctx.live.get()).camera.status).toBe('starting');
  });

  it('switching on again without a problem keeps the running document', async () => {
    const { ctx, doc, call, tabs } = await setup();
    await tabs(1);
    await call.report(happy());
    await call.setEnabled(true);
    await ctx.events.idle();
    expect(doc.creates).toBe(1);
    expect(doc.closes).toBe(0);
  });

  it('turns the camera off while the machine is idle, and on again when it is used', async () => {
    const { ctx, doc, idle, tabs } = await setup();
    await tabs(1);
    await idle.set(true);
    await ctx.clock.advance(CLOSE_GRACE_MS);
    expect(doc.exists).toBe(false);
    await idle.set(false);
    expect(doc.exists).toBe(true);
  });

  it('sends a new frame rate to an open document, and nothing when the camera settings did not change', async () => {
    const { ctx, doc, tabs } = await setup();
    await tabs(1);
    await ctx.settings.update({ dj: { mode: 'lift' } });
    await ctx.events.idle();
    expect(doc.configured).toEqual([]);
    await ctx.settings.update({ camera: { fps: 10 } });
    await ctx.events.idle();
    expect(doc.configured).toEqual([
      { fps: 10, noFaceMs: DEFAULT_SETTINGS.camera.noFaceAfterSeconds * 1000, adaptive: true },
    ]);
  });
});

describe('the camera service: reports and the mood', () => {
  it('sends moodChanged once per new label, and null when "no face" takes the mood away', async () => {
    const { ctx, call, moods, tabs } = await setup();
    await tabs(1);
    await call.report(happy(0.7));
    await call.report(happy(0.9));
    await call.report({ status: 'running', reading: { mood: 'sad', confidence: 0.6, noFace: false } });
    await call.report({ status: 'no-face', reading: { mood: null, confidence: 0, noFace: true } });
    await call.report({ status: 'no-face', reading: { mood: null, confidence: 0, noFace: true } });
    expect(moods.map((m) => m?.mood ?? null)).toEqual(['happy', 'sad', null]);
    expect(moods[0]?.since).toBe(ctx.clock.now());
    expect((await ctx.live.get()).camera.status).toBe('no-face');
  });

  it('a manual pick wins: camera readings change the status but not the mood', async () => {
    const { ctx, call, moods, tabs } = await setup();
    await tabs(1);
    await ctx.live.update((s) => ({
      ...s,
      manualMood: 'angry',
      mood: { mood: 'angry', confidence: 1, since: 1, source: 'manual' },
    }));
    await call.report(happy());
    expect((await ctx.live.get()).mood?.mood).toBe('angry');
    expect((await ctx.live.get()).camera.status).toBe('running');
    expect(moods).toEqual([]);
  });

  it('answers the document with its configuration, and the stats only while it is open', async () => {
    const { service, call, tabs } = await setup();
    expect(await handlersOf(service).getCameraStats(undefined, 'extension-page')).toBeNull();
    await tabs(1);
    expect(await call.ready()).toEqual({ fps: DEFAULT_SETTINGS.camera.fps, noFaceMs: 2000, adaptive: true });
    expect(await handlersOf(service).getCameraStats(undefined, 'extension-page')).toMatchObject({ frames: 3 });
  });
});

describe('the camera service: calibration', () => {
  it('loads the stored calibration at start', async () => {
    const ctx = fakeContext();
    await ctx.db.calibration.put({ key: 'baseline', baseline: {}, createdAt: 1234 });
    const { manager, channel } = fakeDocument();
    await createCameraService(ctx, { offscreen: manager, channel, idle: fakeIdle() }).start?.();
    expect((await ctx.live.get()).calibration).toEqual({ state: 'set', at: 1234, message: null });
  });

  it('runs while the switch is off (the camera opens for it) and closes again afterwards', async () => {
    const { ctx, doc, call } = await setup({ enabled: false });
    const result = call.calibrate();
    await settle();
    expect(doc.exists).toBe(true);
    expect((await ctx.live.get()).calibration.state).toBe('running');
    await call.ready();
    expect(await result).toEqual({ ok: true, frames: 12 });
    expect((await ctx.live.get()).calibration).toEqual({ state: 'set', at: ctx.clock.now(), message: null });
    await settle();
    expect((await ctx.live.get()).camera.status).toBe('off');
    await ctx.clock.advance(CLOSE_GRACE_MS);
    expect(doc.exists).toBe(false);
  });

  it('gives up when the document never says it is ready, and keeps the earlier baseline', async () => {
    const { ctx, call } = await setup({ enabled: false });
    await ctx.live.update((s) => ({ ...s, calibration: { state: 'set', at: 99, message: null } }));
    const result = call.calibrate();
    await settle();
    await ctx.clock.advance(CALIBRATION_START_MS);
    expect(await result).toEqual({ ok: false, reason: 'The camera did not start.' });
    expect((await ctx.live.get()).calibration).toEqual({ state: 'set', at: 99, message: 'The camera did not start.' });
  });

  it('refuses a second calibration while one runs', async () => {
    const { call } = await setup();
    const first = call.calibrate();
    expect(await call.calibrate()).toEqual({ ok: false, reason: 'Calibration is already running.' });
    await settle();
    await call.ready();
    expect((await first).ok).toBe(true);
  });

  it('clearCalibration deletes the baseline, tells an open document, and shows "none"', async () => {
    const { ctx, doc, service, tabs } = await setup();
    await ctx.db.calibration.put({ key: 'baseline', baseline: {}, createdAt: 5 });
    await tabs(1);
    await handlersOf(service).clearCalibration(undefined, 'extension-page');
    expect(await ctx.db.calibration.get('baseline')).toBeUndefined();
    expect(doc.cleared).toBe(1);
    expect((await ctx.live.get()).calibration).toEqual({ state: 'none', at: null, message: null });
  });

  it('"delete everything" makes an open document forget its baseline', async () => {
    const { ctx, doc, tabs } = await setup();
    await tabs(1);
    ctx.events.emit('dataReset', 'import');
    ctx.events.emit('dataReset', 'delete');
    await ctx.events.idle();
    expect(doc.cleared).toBe(1);
  });
});

describe('the camera service: settings reads', () => {
  it('a camera mood change asks the settings once', async () => {
    const settings = fakeSettings({ ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, enabled: true } });
    const ctx = fakeContext({ settings });
    const { manager, channel } = fakeDocument();
    const service = createCameraService(ctx, { offscreen: manager, channel, idle: fakeIdle() });
    ctx.events.emit('panelsChanged', 1);
    await ctx.events.idle();
    settings.reads = 0;
    await handlersOf(service).cameraReport(happy(), 'offscreen');
    expect(settings.reads).toBe(1);
  });
});
