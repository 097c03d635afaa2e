/**
 * Mood figures, measured on the built extension in headless Chromium with the shared
 * fake-camera clips: camera-on to first mood (and where its time goes), per-frame inference in
 * the offscreen document beside bare `detectForVideo` in an extension page at the same time,
 * the CPU share on a steady clip with the adaptive rate on and off (the extension's renderer, the
 * GPU process and the video-capture process, per wall-clock second; the browser process beside
 * it), and the expression change to the panel showing it. Each CPU figure is the median of three
 * windows, listed with the 1-minute load average at each end and the CPU the rest of the machine
 * used; on a busy machine it throws `MachineBusyError` instead (see `lib/bench/stats.ts`).
 */

import { loadavg } from 'node:os';
import type { BrowserContext, Page } from '@playwright/test';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { launchWithExtension, offscreenOpen } from '../../e2e/launch';
import { PanelPage } from '../../e2e/pages/panel';
import { medianOfWindows, summarise } from '../../lib/bench/stats';
import type { CameraStats } from '../../lib/camera/messages';
import {
  bareTimings,
  type CpuFigure,
  cpuWindow,
  offscreenMarks,
  quietLimits,
  startBareDetection,
  stopBareDetection,
  waitForQuiet,
} from './mood-probes';

const FIRST_MOOD_RUNS = 5;
const INFERENCE_FRAMES = 200;
const REACTION_CYCLES = 4;
/** neutral-to-happy.mjpeg: 3 s neutral, then 3 s happy, looped by Chromium. */
const CLIP_HALF_MS = 3000;

/** Each CPU figure is the median of this many windows of steady clip, each this long. */
const CPU_WINDOWS = 3;
const CPU_WINDOW_MS = 20_000;
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

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const load1 = () => Math.round((loadavg()[0] ?? Number.NaN) * 100) / 100;

/**
 * `allowBusy` (`--allow-busy`) reports CPU figures measured on a busy machine, marked `mood_cpu_busy`; without it
 * a busy machine throws `MachineBusyError` (the bench exits non-zero) instead of a figure.
 */
export async function benchMood({ allowBusy = false } = {}): Promise<Record<string, unknown>> {
  const happy = sharedFile('faces/video/happy.mjpeg');
  const change = sharedFile('faces/video/neutral-to-happy.mjpeg');
  if (!happy || !change) return {};
  const result: Record<string, unknown> = {};
  const log = (line: string) => console.error(`  ${line}`);
  const limits = quietLimits();
  // Before minutes of work: a machine busy now gives no figure worth having.
  if (!allowBusy) await waitForQuiet('the mood figures', limits, sleep);
  result.mood_load_at_start = load1();

  // First mood, inference beside bare detection, and CPU share, on the happy clip.
  {
    const { context, extensionId, close } = await launchWithExtension(fakeCameraArgs(happy));
    try {
      const player = await openPlayer(context);
      const shares: Record<string, Record<CpuFigure, number> & { fps: number; windows: unknown }> = {};
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
      result.mood_first_load = load1();
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
      const inferenceUntil = Date.now() + 180_000;
      while (!stats?.inferenceMs || stats.inferenceMs.n < INFERENCE_FRAMES || bare.length < INFERENCE_FRAMES) {
        if (Date.now() > inferenceUntil) {
          throw new Error(
            `${INFERENCE_FRAMES} frames each not reached in 180 s: pipeline ${stats?.inferenceMs?.n ?? 0}, bare ${bare.length}`,
          );
        }
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
      const busy: string[] = [];
      for (const adaptiveRate of [true, false]) {
        const mode = adaptiveRate ? 'adaptive' : 'fixed';
        const page = await openExtensionPage(context, extensionId);
        await setCamera(page, { fps: 5, adaptiveRate });
        const framesBefore = (await cameraStats(page))?.frames ?? 0;
        const countedFrom = Date.now();
        await page.close();
        // Long enough for the steady face to slow the loop down (and the load of the phase before to fade).
        await player.page.waitForTimeout(6000);
        const wait = (ms: number) => player.page.waitForTimeout(ms);
        if (!allowBusy) await waitForQuiet(`mood_cpu_share (${mode})`, limits, wait, 60_000);
        const windows = [];
        for (let w = 0; w < CPU_WINDOWS; w++) {
          windows.push(await cpuWindow(context, wait, CPU_WINDOW_MS));
          log(`cpu ${mode} window ${w + 1}: ${JSON.stringify(windows.at(-1))}`);
        }
        const after = await openExtensionPage(context, extensionId);
        const frames = ((await cameraStats(after))?.frames ?? 0) - framesBefore;
        await after.close();
        const fps = Math.round((frames / ((Date.now() - countedFrom) / 1000)) * 10) / 10;
        // Throws MachineBusyError (no figure) when any window was busy, unless allowBusy.
        const figures = medianOfWindows<CpuFigure>(`mood_cpu_share (${mode})`, windows, limits, allowBusy);
        if (figures.busy) busy.push(`${mode}: ${figures.busy}`);
        shares[mode] = { ...figures.median, fps, windows: figures.windows };
        log(
          `cpu ${mode} ${JSON.stringify(figures.median)} at ${fps} fps${figures.busy ? ` (BUSY: ${figures.busy})` : ''}`,
        );
      }
      result.mood_cpu_share = shares.adaptive?.share;
      result.mood_cpu_share_fixed = shares.fixed?.share;
      result.mood_cpu_adaptive_over_fixed =
        shares.adaptive && shares.fixed ? Math.round((shares.adaptive.share / shares.fixed.share) * 1000) / 1000 : null;
      // Each mode: the median of each part (renderer = the offscreen document, capture = the video-capture
      // process, GPU, and the browser beside them), the frame rate, and the windows with their load averages.
      result.mood_cpu_detail = shares;
      result.mood_cpu_limits = {
        cores: limits.cores,
        maxLoadPerCore: limits.maxLoadPerCore ?? 0.5,
        maxOthers: limits.maxOthers ?? 0.25,
      };
      if (busy.length) result.mood_cpu_busy = busy.join('; ');
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
      result.mood_reaction_load = load1();
    } finally {
      await close();
    }
  }
  return result;
}
