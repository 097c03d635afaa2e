import { describe, expect, it } from 'vitest';
import { type CameraStatus, INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { fakeContext, fakeLiveStore } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import {
  type ActionBadge,
  CAMERA_BADGE_BACKGROUND,
  CAMERA_BADGE_TEXT,
  CAMERA_BADGE_TEXT_COLOUR,
  createCameraBadgeService,
} from './badge-service';
import { createOffscreenManager } from './offscreen-manager';
import { CLOSE_GRACE_MS, createCameraService, type IdleSource } from './service';

/** The toolbar button as Chrome keeps it, and every call made to it. */
function fakeBadge() {
  const button = { text: '', background: '', textColour: '', title: 'MoodDJ', calls: [] as string[], fail: false };
  const call = async (name: string, apply: () => void) => {
    button.calls.push(name);
    if (button.fail) throw new Error('No tab with id');
    apply();
  };
  const badge: ActionBadge = {
    setBadgeText: (text) => call('text', () => (button.text = text)),
    setBadgeBackgroundColor: (colour) => call('background', () => (button.background = colour)),
    setBadgeTextColor: (colour) => call('textColour', () => (button.textColour = colour)),
    setTitle: (title) => call('title', () => (button.title = title)),
  };
  return { button, badge };
}

const withStatus = (status: CameraStatus): LiveState => ({
  ...INITIAL_LIVE_STATE,
  camera: { enabled: true, status, detail: null },
});

/** The camera service and the badge together, as the root composes them, with one web-player tab to open. */
async function camera() {
  const ctx = fakeContext();
  ctx.settings.value = { ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, enabled: true } };
  const { button, badge } = fakeBadge();
  let exists = false;
  let onIdle: (idle: boolean) => unknown = () => undefined;
  const idle: IdleSource = {
    query: async () => false,
    onChange: (listener) => {
      onIdle = listener;
    },
  };
  const service = createCameraService(ctx, {
    offscreen: createOffscreenManager({
      hasDocument: async () => exists,
      async create() {
        exists = true;
      },
      async close() {
        exists = false;
      },
    }),
    channel: {
      ping: async () => exists,
      configure: async () => undefined,
      calibrate: async () => ({ ok: false, reason: 'none' }),
      calibrationCleared: async () => undefined,
      readStats: async () => ({
        frames: 0,
        faceFrames: 0,
        inferenceMs: null,
        streamStartedAt: null,
        firstMoodAt: null,
      }),
    },
    idle,
  });
  const badgeService = createCameraBadgeService(ctx, badge);
  await Promise.all([service.start?.(), badgeService.start?.()]);
  await ctx.events.idle();
  const handlers = handlersOf(service);
  const settle = () => ctx.events.idle();
  return {
    ctx,
    button,
    tabs: async (count: number) => {
      ctx.events.emit('panelsChanged', count);
      await settle();
    },
    report: async (status: CameraStatus) => {
      await handlers.cameraReport?.({ status }, 'offscreen');
      await settle();
    },
    setEnabled: async (enabled: boolean) => {
      await handlers.setCameraEnabled?.(enabled, 'extension-page');
      await settle();
    },
    idle: async (value: boolean) => {
      await onIdle(value);
      await settle();
    },
  };
}

describe('the camera badge', () => {
  it('shows a red dot and says "camera on" in the tooltip while the camera starts, runs or sees no face', async () => {
    const { button, tabs, report } = await camera();
    expect(button.text).toBe('');
    await tabs(1);
    expect(button).toMatchObject({
      text: CAMERA_BADGE_TEXT,
      background: CAMERA_BADGE_BACKGROUND,
      textColour: CAMERA_BADGE_TEXT_COLOUR,
      title: 'MoodDJ: the camera is on',
    });
    await report('running');
    expect(button.text).toBe(CAMERA_BADGE_TEXT);
    await report('no-face');
    expect(button.text).toBe(CAMERA_BADGE_TEXT);
  });

  it('clears with the last web-player tab', async () => {
    const { button, tabs, report, ctx } = await camera();
    await tabs(1);
    await report('running');
    await tabs(0);
    // The status says "paused" at once; the document closes after the grace period.
    expect(button).toMatchObject({ text: '', title: 'MoodDJ' });
    await ctx.clock.advance(CLOSE_GRACE_MS);
    expect(button.text).toBe('');
  });

  it('clears when the switch goes off, and comes back when it goes on', async () => {
    const { button, tabs, report, setEnabled } = await camera();
    await tabs(1);
    await report('running');
    await setEnabled(false);
    expect(button).toMatchObject({ text: '', title: 'MoodDJ' });
    await setEnabled(true);
    expect(button.text).toBe(CAMERA_BADGE_TEXT);
  });

  it('clears while the machine is idle', async () => {
    const { button, tabs, report, idle } = await camera();
    await tabs(1);
    await report('running');
    await idle(true);
    expect(button.text).toBe('');
    await idle(false);
    expect(button.text).toBe(CAMERA_BADGE_TEXT);
  });

  it('clears when the camera fails (blocked, no camera, an error)', async () => {
    for (const status of ['not-allowed', 'blocked', 'no-camera', 'error'] as const) {
      const { button, tabs, report } = await camera();
      await tabs(1);
      await report('running');
      await report(status);
      expect(button.text, status).toBe('');
    }
  });

  it('clears when the settings are reset (delete everything turns the switch off)', async () => {
    const { button, tabs, report, ctx } = await camera();
    await tabs(1);
    await report('running');
    await ctx.settings.update({ camera: DEFAULT_SETTINGS.camera });
    await ctx.events.idle();
    expect(button.text).toBe('');
  });

  it('writes the button only when on/off changes, not on every state', async () => {
    const { button, tabs, report, ctx } = await camera();
    await tabs(1);
    const calls = button.calls.length;
    await report('running');
    await report('no-face');
    await ctx.live.update((state) => ({ ...state, personalExamples: 3 }));
    await ctx.events.idle();
    expect(button.calls.length).toBe(calls);
  });

  it('after a worker restart, shows what the stored state says (on, or a stale dot cleared)', async () => {
    for (const [status, text] of [
      ['running', CAMERA_BADGE_TEXT],
      ['off', ''],
    ] as const) {
      const ctx = fakeContext({ live: fakeLiveStore(withStatus(status)) });
      const { button, badge } = fakeBadge();
      button.text = 'stale';
      await createCameraBadgeService(ctx, badge).start?.();
      expect(button.text, status).toBe(text);
    }
  });

  it('tries again at the next change when the browser refused a write', async () => {
    const ctx = fakeContext();
    const { button, badge } = fakeBadge();
    createCameraBadgeService(ctx, badge);
    button.fail = true;
    await ctx.live.update(() => withStatus('running'));
    await ctx.events.idle();
    expect(ctx.reported).toHaveLength(1);
    button.fail = false;
    await ctx.live.update(() => withStatus('no-face'));
    await ctx.events.idle();
    expect(button.text).toBe(CAMERA_BADGE_TEXT);
  });
});
