/**
 * Mood figures, measured on the built extension in headless Chromium with the shared
 * fake-camera clips: camera-on to first mood (and where its time goes), per-frame inference in
 * the offscreen document beside bare `detectForVideo` in an extension page at the same time,
 * the CPU share on a steady clip with the adaptive rate on and off (the extension's renderer, the
 * GPU process and the video-capture process, per wall-clock second; the browser process beside
 * it), and the expression change to the panel showing it.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { launchWithExtension, offscreenOpen } from '../../e2e/launch';
import { PanelPage } from '../../e2e/pages/panel';
import { summarise } from '../../lib/bench/stats';
import type { CameraStats } from '../../lib/camera/messages';
import {
  bareTimings,
  type CameraCpu,
  cpuShare,
  offscreenMarks,
  startBareDetection,
  stopBareDetection,
} from './mood-probes';

const FIRST_MOOD_RUNS = 5;
const INFERENCE_FRAMES = 200;
const REACTION_CYCLES = 4;
/** neutral-to-happy.mjpeg: 3 s neutral, then 3 s happy, looped by Chromium. */
const CLIP_HALF_MS = 3000;

/** Seconds of steady clip per CPU measurement. */
const CPU_WINDOW_MS = 60_000;
/** The steps the offscreen document marks on the way to the first mood, in order. */
const STEPS = ['document', 'config', 'stream', 'playing', 'model', 'loop', 'frame', 'face', 'mood'] as const;

/** Asks the background for the camera figures, as the options page does. */
async function cameraStats(page: Page): Promise<CameraStats | null> {
  // The wire format of @webext-core/messaging: {id, type, data, timestamp} → {res} | {err}.
  const reply = await page.evaluate(
    () =>
      chrome.runtime.sendMessage({ id: 1, type: 'getCameraStats', data: undefined, timestamp: Date.now() }) as Promise<{
        res?: unknown;
      }>,
  );
  return (reply?.res as CameraStats | null) ?? null;
}

async function openPlayer(context: BrowserContext): Promise<PanelPage> {
  const page = await context.newPage();
  await page.goto('https://open.spotify.com/');
  const panel = new PanelPage(page);
  await panel.waitForVisible();
  return panel;
}

async function openExtensionPage(context: BrowserContext, extensionId: string): Promise<Page> {
  // tsx names functions with an `__name` helper that pages lack; give them a no-op one.
  const page = await context.newPage();
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  return page;
}

async function setCamera(page: Page, camera: { fps?: number; adaptiveRate?: boolean }): Promise<void> {
  await page.evaluate(async (patch) => {
    const { settings } = (await chrome.storage.local.get('settings')) as { settings?: { camera?: object } };
    await chrome.storage.local.set({ settings: { ...settings, camera: { ...settings?.camera, ...patch } } });
  }, camera);
}

/** Polls the panel's mood until it shows one; returns when. */
async function waitForMood(panel: PanelPage, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await panel.mood()) return Date.now();
    await panel.page.waitForTimeout(10);
  }
  throw new Error('no mood within 30 s');
}

export async function benchMood(): Promise<Record<string, unknown>> {
  const happy = sharedFile('faces/video/happy.mjpeg');
  const change = sharedFile('faces/video/neutral-to-happy.mjpeg');
  if (!happy || !change) return {};
  const result: Record<string, unknown> = {};
  const log = (line: string) => console.error(`  ${line}`);

  // First mood, inference beside bare detection, and CPU share, on the happy clip.
  {
    const { context, extensionId, close } = await launchWithExtension(fakeCameraArgs(happy));
    try {
      const player = await openPlayer(context);
      const firsts: number[] = [];
      const steps: Record<string, number[]> = {};
      for (let run = 0; run < FIRST_MOOD_RUNS; run++) {
        const started = Date.now();
        await player.toggleCamera();
        const shown = await waitForMood(player);
        firsts.push(shown - started);
        const marks = await offscreenMarks(context);
        const add = (step: string, ms: number) => {
          steps[step] = [...(steps[step] ?? []), ms];
        };
        for (const step of STEPS) {
          const at = marks[step];
          if (at) add(step, at - started);
        }
        add('panel', shown - started);
        await player.toggleCamera();
        // A cold start each time: wait until the offscreen document is gone.
        while (await offscreenOpen(context)) await player.page.waitForTimeout(100);
      }
      result.mood_first_ms = summarise(firsts);
      // Median ms from the click to each step, in the order they happen.
      result.mood_first_steps_ms = Object.fromEntries(
        Object.entries(steps)
          .map(([step, times]) => [step, summarise(times).p50] as const)
          .sort((a, b) => a[1] - b[1]),
      );
      log(`first mood ${JSON.stringify(result.mood_first_ms)}, steps ${JSON.stringify(result.mood_first_steps_ms)}`);

      // The pipeline and bare detection at the same time, 10 fps each, the rate held fixed.
      const extensionPage = await openExtensionPage(context, extensionId);
      await setCamera(extensionPage, { fps: 10, adaptiveRate: false });
      await player.toggleCamera();
      await startBareDetection(extensionPage, 10);
      let stats = await cameraStats(extensionPage);
      let bare = await bareTimings(extensionPage);
      while (!stats?.inferenceMs || stats.inferenceMs.n < INFERENCE_FRAMES || bare.length < INFERENCE_FRAMES) {
        await player.page.waitForTimeout(1000);
        stats = await cameraStats(extensionPage);
        bare = await bareTimings(extensionPage);
      }
      result.mood_inference_ms = stats.inferenceMs;
      result.mood_detect_bare_ms = summarise(bare.slice(-stats.inferenceMs.n));
      result.mood_pipeline_over_bare = Math.round((stats.inferenceMs.p50 / summarise(bare).p50) * 1000) / 1000;
      result.mood_face_rate = Math.round((stats.faceFrames / stats.frames) * 1000) / 1000;
      if ((await player.mood()) !== 'happy') throw new Error(`the happy clip read as ${await player.mood()}`);
      log(
        `inference ${JSON.stringify(result.mood_inference_ms)}, bare ${JSON.stringify(result.mood_detect_bare_ms)}, ratio ${result.mood_pipeline_over_bare}`,
      );

      // CPU share at the default rate, adaptive on then off, with no other extension page open: the bare
      // detection runs in the extension's renderer too, so it stops (and its page closes) first.
      await stopBareDetection(extensionPage);
      const shares: Record<string, CameraCpu & { share: number; fps: number }> = {};
      for (const adaptiveRate of [true, false]) {
        const page = await openExtensionPage(context, extensionId);
        await setCamera(page, { fps: 5, adaptiveRate });
        const framesBefore = (await cameraStats(page))?.frames ?? 0;
        await page.close();
        // Long enough for the steady face to slow the loop down.
        await player.page.waitForTimeout(6000);
        const started = Date.now();
        const measured = await cpuShare(context, (ms) => player.page.waitForTimeout(ms), CPU_WINDOW_MS);
        const after = await openExtensionPage(context, extensionId);
        const frames = ((await cameraStats(after))?.frames ?? 0) - framesBefore;
        await after.close();
        const fps = Math.round((frames / ((Date.now() - started + 6000) / 1000)) * 10) / 10;
        shares[adaptiveRate ? 'adaptive' : 'fixed'] = { ...measured, fps };
        log(
          `cpu ${adaptiveRate ? 'adaptive' : 'fixed'} ${JSON.stringify(shares[adaptiveRate ? 'adaptive' : 'fixed'])}`,
        );
      }
      result.mood_cpu_share = shares.adaptive?.share;
      result.mood_cpu_share_fixed = shares.fixed?.share;
      result.mood_cpu_adaptive_over_fixed =
        shares.adaptive && shares.fixed ? Math.round((shares.adaptive.share / shares.fixed.share) * 1000) / 1000 : null;
      result.mood_cpu_detail = shares;
    } finally {
      await close();
    }
  }

  // Reaction: the clip turns happy every 6 s, starting 3 s after the stream opens.
  {
    const { context, extensionId, close } = await launchWithExtension(fakeCameraArgs(change));
    try {
      const player = await openPlayer(context);
      await player.toggleCamera();
      const moodLog: [number, string][] = [];
      const until = Date.now() + REACTION_CYCLES * 2 * CLIP_HALF_MS + 4000;
      while (Date.now() < until) {
        const mood = await player.mood();
        if (moodLog.at(-1)?.[1] !== mood) moodLog.push([Date.now(), mood]);
        await player.page.waitForTimeout(10);
      }
      const extensionPage = await openExtensionPage(context, extensionId);
      const stats = await cameraStats(extensionPage);
      if (!stats?.streamStartedAt) throw new Error('the camera never started');
      const reactions: number[] = [];
      for (let i = 1; i < moodLog.length; i++) {
        const [at, mood] = moodLog[i] ?? [0, ''];
        if (mood !== 'happy' || moodLog[i - 1]?.[1] !== 'neutral') continue;
        const sinceStart = at - stats.streamStartedAt;
        const cycle = Math.floor((sinceStart - CLIP_HALF_MS) / (2 * CLIP_HALF_MS));
        reactions.push(sinceStart - (CLIP_HALF_MS + cycle * 2 * CLIP_HALF_MS));
      }
      if (reactions.length === 0) throw new Error(`no neutral→happy change seen: ${JSON.stringify(moodLog)}`);
      result.mood_reaction_ms = summarise(reactions);
    } finally {
      await close();
    }
  }
  return result;
}
