import { describe, expect, it } from 'vitest';
import type { LiveState } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { type FakeContext, fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { fakeHostTabs } from '@/test/support/host-tabs';
import type { CameraReport } from './messages';
import { createOffscreenManager } from './offscreen-manager';
import { CLOSE_GRACE_MS, createCameraService } from './service';
import { createTabHost } from './tab-host';

/** The camera service as Firefox's background builds it: the camera page in a pinned tab (`tab-host.ts`). */
async function setup(
  options: { ctx?: FakeContext; browser?: ReturnType<typeof fakeHostTabs>; awaitStart?: boolean } = {},
) {
  const ctx = options.ctx ?? fakeContext();
  if (!options.ctx) {
    ctx.settings.value = { ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, enabled: true } };
  }
  // Tab 1: the web player the person is on.
  const browser = options.browser ?? fakeHostTabs({ tabs: [1], active: 1 });
  const host = createTabHost(browser.tabs, browser.openWebPlayer, () => ctx.clock.now());
  const channel = {
    ping: async () => browser.cameraTabs.length > 0,
    configure: async () => undefined,
    calibrate: async () => ({ ok: true as const, frames: 12 }),
    calibrationCleared: async () => undefined,
    readStats: async () => ({ frames: 0, faceFrames: 0, inferenceMs: null, streamStartedAt: null, firstMoodAt: null }),
  };
  const idle = { query: async () => false, onChange: () => undefined };
  const service = createCameraService(ctx, { offscreen: createOffscreenManager(host), channel, idle, host });
  // A woken background starts its services while the panels reconnect: events can come before `start` is over.
  const started = service.start?.();
  if (options.awaitStart !== false) await started;
  const handlers = handlersOf(service);
  const call = {
    report: (report: CameraReport) => handlers.cameraReport?.(report, 'offscreen'),
    setEnabled: (enabled: boolean) => handlers.setCameraEnabled?.(enabled, 'extension-page'),
    back: () => handlers.backToWebPlayer?.(undefined, 'offscreen'),
  };
  const panels = async (count: number) => {
    ctx.events.emit('panelsChanged', count);
    await ctx.events.idle();
  };
  /** Lets the work a browser event started (not the bus's) finish. */
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    await ctx.events.idle();
  };
  return { ctx, browser, call, panels, settle, started };
}

const happy: CameraReport = { status: 'running', reading: { mood: 'happy', confidence: 0.8, noFace: false } };
const status = async (ctx: FakeContext) => (await ctx.live.get()).camera.status;

describe('the camera service with the camera in a tab (Firefox)', () => {
  it('opens the camera tab in front when a web player wants the camera, and goes back once the camera runs', async () => {
    const { ctx, browser, call, panels } = await setup();
    await panels(1);
    expect(browser.created).toEqual([expect.objectContaining({ active: true, pinned: true })]);
    expect(browser.active).toBe(browser.cameraTabs[0]);
    await call.report(happy);
    expect(browser.active).toBe(1);
    expect(await status(ctx)).toBe('running');
  });

  it('closes the camera tab after the grace period once the last web-player tab has gone', async () => {
    const { ctx, browser, call, panels, settle } = await setup();
    await panels(1);
    await call.report(happy);
    await panels(0);
    await ctx.clock.advance(CLOSE_GRACE_MS);
    await settle();
    expect(browser.cameraTabs).toEqual([]);
    expect(await status(ctx)).toBe('paused');
  });

  it('the person closing the camera tab is a state of its own, and the camera mood goes with the camera', async () => {
    const { ctx, browser, call, panels, settle } = await setup();
    await panels(1);
    await call.report(happy);
    expect((await ctx.live.get()).mood?.mood).toBe('happy');
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    const state = await ctx.live.get();
    expect(state.camera).toEqual({ enabled: true, status: 'host-closed', detail: null });
    expect(state.mood).toBeNull();
  });

  it('does not reopen a tab the person closed by itself: not on another web player, not after a restart', async () => {
    const { ctx, browser, panels, settle } = await setup();
    await panels(1);
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    await panels(2);
    await ctx.clock.advance(CLOSE_GRACE_MS * 2);
    expect(browser.created).toHaveLength(1);
    // A restarted background reads the state it left and holds to it.
    const restarted = await setup({ ctx, browser });
    await restarted.panels(2);
    expect(browser.created).toHaveLength(1);
    expect(await status(ctx)).toBe('host-closed');
  });

  it('a woken background does not reopen the closed tab for a panel that reconnects before `start` is over', async () => {
    const { ctx, browser, panels, settle } = await setup();
    await panels(1);
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    const woken = await setup({ ctx, browser, awaitStart: false });
    await woken.panels(1);
    await woken.started;
    await woken.settle();
    expect(browser.created).toHaveLength(1);
    expect(await status(ctx)).toBe('host-closed');
  });

  it('remembers the closed tab across two suspends, the first woken without a web player', async () => {
    const { ctx, browser, panels, settle } = await setup();
    await panels(1);
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    // Woken by something else (an alarm): no panel reconnects, and the state it saves must still say so.
    await setup({ ctx, browser });
    expect(await status(ctx)).toBe('host-closed');
    const again = await setup({ ctx, browser });
    await again.panels(1);
    expect(browser.created).toHaveLength(1);
    expect(await status(ctx)).toBe('host-closed');
  });

  it('the person going to another address in the camera tab is the tab closed: not reopened, and theirs', async () => {
    const { ctx, browser, call, panels, settle } = await setup();
    await panels(1);
    const [camera] = browser.cameraTabs as [number];
    browser.load(camera);
    await call.report(happy);
    browser.person.navigate(camera);
    await settle();
    const state = await ctx.live.get();
    expect(state.camera).toEqual({ enabled: true, status: 'host-closed', detail: null });
    expect(state.mood).toBeNull();
    await panels(2);
    await panels(0);
    await ctx.clock.advance(CLOSE_GRACE_MS);
    await settle();
    expect(browser.created).toHaveLength(1);
    expect(browser.open).toContain(camera);
    expect(browser.removedByMoodDj).toEqual([]);
  });

  it('a camera tab that crashed is found at the next change, and shown as closed rather than reopened', async () => {
    const { ctx, browser, call, panels, settle } = await setup();
    await panels(1);
    const [camera] = browser.cameraTabs as [number];
    browser.load(camera);
    await call.report(happy);
    browser.person.crash(camera);
    await panels(2);
    await settle();
    expect(browser.created).toHaveLength(1);
    expect(await status(ctx)).toBe('host-closed');
    // "Reopen the camera tab" opens a new one.
    await call.setEnabled(true);
    await settle();
    expect(browser.created).toHaveLength(2);
    expect(await status(ctx)).toBe('starting');
  });

  it('"Reopen the camera tab" (the switch on again) opens it, in front again', async () => {
    const { ctx, browser, call, panels, settle } = await setup();
    await panels(1);
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    await call.setEnabled(true);
    await settle();
    expect(browser.created).toHaveLength(2);
    expect(browser.active).toBe(browser.cameraTabs[0]);
    expect(await status(ctx)).toBe('starting');
  });

  it('after the last web player has gone, the next one opens the camera tab as usual', async () => {
    const { ctx, browser, panels, settle } = await setup();
    await panels(1);
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    await panels(0);
    expect(await status(ctx)).toBe('paused');
    await panels(1);
    expect(browser.created).toHaveLength(2);
    expect(await status(ctx)).toBe('starting');
  });

  it('a camera tab closed while the camera is not wanted (the grace period) is not "host-closed"', async () => {
    const { ctx, browser, panels, settle } = await setup();
    await panels(1);
    await panels(0);
    browser.person.close(browser.cameraTabs[0] as number);
    await settle();
    expect(await status(ctx)).toBe('paused');
  });

  it('"Back to the web player" from the camera tab goes to the tab the person came from', async () => {
    const { browser, call, panels } = await setup();
    await panels(1);
    await call.report(happy);
    browser.person.switchTo(browser.cameraTabs[0] as number);
    await call.back();
    expect(browser.active).toBe(1);
  });

  it('closes a camera page nobody wants (a pinned tab the browser restored at start-up) once it says it is ready', async () => {
    const ctx = fakeContext();
    ctx.settings.value = { ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, enabled: true } };
    const browser = fakeHostTabs({ tabs: [1], active: 1 });
    const { settle } = await setup({ ctx, browser });
    const restored = browser.restore();
    await handlersOf(
      createCameraService(ctx, {
        offscreen: createOffscreenManager(createTabHost(browser.tabs, browser.openWebPlayer)),
        channel: { ping: async () => true } as never,
        idle: { query: async () => false, onChange: () => undefined },
        host: createTabHost(browser.tabs, browser.openWebPlayer),
      }),
    ).offscreenReady?.(undefined, 'offscreen');
    await settle();
    await ctx.clock.advance(CLOSE_GRACE_MS);
    await settle();
    expect(browser.open).not.toContain(restored);
    expect(((await ctx.live.get()) as LiveState).camera.status).toBe('paused');
  });
});
