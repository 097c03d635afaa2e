/**
 * Mood figures, measured on the built extension in headless Chromium with the shared
 * fake-camera clips: camera-on to first mood (and where its time goes), per-frame inference in
 * the offscreen document beside bare `detectForVideo` in an extension page at the same time,
 * the CPU share on a steady clip with the adaptive rate on and off (the extension's renderer, the
 * GPU process and the video-capture process, per wall-clock second; the browser process beside
 * it), and the expression change to the panel showing it, at the full rate and after a steady face.
 * Each CPU figure is the median of three windows, listed with the 1-minute load average at each end
 * and the CPU the rest of the machine used; on a busy machine it throws `MachineBusyError` instead
 * (see `lib/bench/stats.ts`). The panel's mood is stamped in the page as it changes (`mood-panel.ts`).
 */

import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { BrowserContext, Page } from '@playwright/test';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { launchWithExtension, offscreenOpen } from '../../e2e/launch';
import { PanelPage } from '../../e2e/pages/panel';
import { medianOfWindows, summarise } from '../../lib/bench/stats';
import type { CameraStats } from '../../lib/camera/messages';
import { clipPeriod, longerHalvesClip, reactionsFromLog, waitForLoggedMood, watchPanelMood } from './mood-panel';
import {
  bareTimings,
  type CpuFigure,
  cpuWindow,
  extensionRendererMb,
  offscreenMarks,
  quietLimits,
  startBareDetection,
  stopBareDetection,
  waitForQuiet,
} from './mood-probes';

const FIRST_MOOD_RUNS = 5;
const INFERENCE_FRAMES = 200;
/** neutral-to-happy.mjpeg: 3 s neutral, then 3 s happy, looped by Chromium; this many neutral→happy changes. */
const REACTION_CYCLES = 6;
const CLIP_HALF_MS = 3000;
/**
 * The same faces held 8 s each: the loop has slowed to its steady rate (after the adaptive rate's 4 s hold) when
 * the expression changes, as when a person has sat still for a while.
 */
const STEADY_HALF_S = 8;
const STEADY_CYCLES = 3;

/** Each CPU figure is the median of this many windows of steady clip, each this long. */
const CPU_WINDOWS = 3;
const CPU_WINDOW_MS = 20_000;
/** The steps the offscreen document marks on the way to the first mood, in order. */
const STEPS = ['document', 'config', 'stream', 'playing', 'model', 'loop', 'frame', 'face', 'frame2', 'mood'] as const;

/** The parts of the mood bench (`--mood=first,reaction` runs only those). */
export const MOOD_PARTS = ['first', 'inference', 'cpu', 'reaction'] as const;
export type MoodPart = (typeof MOOD_PARTS)[number];

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

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const load1 = () => Math.round((loadavg()[0] ?? Number.NaN) * 100) / 100;
const log = (line: string) => console.error(`  ${line}`);

/**
 * `allowBusy` (`--allow-busy`) reports CPU figures measured on a busy machine, marked `mood_cpu_busy`; without it
 * a busy machine throws `MachineBusyError` (the bench exits non-zero) instead of a figure. `parts` picks parts.
 */
export async function benchMood({
  allowBusy = false,
  parts = MOOD_PARTS,
}: {
  allowBusy?: boolean;
  parts?: readonly MoodPart[];
} = {}): Promise<Record<string, unknown>> {
  const happy = sharedFile('faces/video/happy.mjpeg');
  const change = sharedFile('faces/video/neutral-to-happy.mjpeg');
  if (!happy || !change) return {};
  const result: Record<string, unknown> = {};
  const limits = quietLimits();
  // Before minutes of work: a machine busy now gives no figure worth having.
  if (!allowBusy && parts.includes('cpu')) await waitForQuiet('the mood figures', limits, sleep);
  result.mood_load_at_start = load1();

  // First mood, inference beside bare detection, and CPU share, on the happy clip.
  if (parts.some((part) => part !== 'reaction')) {
    const { context, extensionId, close } = await launchWithExtension(fakeCameraArgs(happy));
    try {
      const player = await openPlayer(context);
      if (parts.includes('first')) Object.assign(result, await firstMood(context, player));
      if (parts.includes('inference')) Object.assign(result, await inference(context, extensionId, player));
      if (parts.includes('cpu')) Object.assign(result, await cpuShare(context, extensionId, player, allowBusy));
    } finally {
      await close();
    }
  }

  if (parts.includes('reaction')) {
    // At the full rate: the clip turns happy every 6 s, starting 3 s after the stream opens.
    const fast = await reaction(change, CLIP_HALF_MS, REACTION_CYCLES);
    result.mood_reaction_ms = fast.reactions;
    result.mood_reaction_back_ms = fast.back;
    result.mood_reaction_clip_period_ms = fast.clipPeriodMs;
    result.mood_reaction_load = load1();
    log(`reaction ${JSON.stringify(fast)}`);
    // After a steady face: the loop runs at its steady rate when the face changes.
    const clip = longerHalvesClip(change, STEADY_HALF_S);
    try {
      const steady = await reaction(clip, STEADY_HALF_S * 1000, STEADY_CYCLES);
      result.mood_reaction_steady_ms = steady.reactions;
      result.mood_reaction_steady_back_ms = steady.back;
      result.mood_reaction_steady_clip_period_ms = steady.clipPeriodMs;
      result.mood_reaction_steady_load = load1();
      log(`reaction after a steady face ${JSON.stringify(steady)}`);
    } finally {
      rmSync(clip, { force: true });
    }
  }
  return result;
}

/** Camera on to the first mood on the panel, cold each time (the offscreen document closed in between). */
async function firstMood(context: BrowserContext, player: PanelPage): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const moods = await watchPanelMood(player.page);
  const firsts: number[] = [];
  const steps: Record<string, number[]> = {};
  const memory: { noDocument: number | null; document: number | null } = { noDocument: null, document: null };
  const wait = (ms: number) => player.page.waitForTimeout(ms);
  memory.noDocument = await extensionRendererMb(context);
  for (let run = 0; run < FIRST_MOOD_RUNS; run++) {
    const started = Date.now();
    await player.toggleCamera();
    const shown = await waitForLoggedMood(moods, started, wait);
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
    if (run === 0) {
      // Let the appearance models load (after the first mood) before the memory with the document open is read.
      await wait(5000);
      memory.document = await extensionRendererMb(context);
    }
    await player.toggleCamera();
    // A cold start each time: wait until the offscreen document is gone.
    while (await offscreenOpen(context)) await wait(100);
  }
  // The extension's renderers before the first document and with it (the appearance models loaded): about what a
  // document kept warm would hold while the camera is off.
  result.mood_document_memory_mb = memory;
  result.mood_first_ms = summarise(firsts);
  result.mood_first_load = load1();
  // Median ms from the click to each step, in the order they happen.
  result.mood_first_steps_ms = Object.fromEntries(
    Object.entries(steps)
      .map(([step, times]) => [step, summarise(times).p50] as const)
      .sort((a, b) => a[1] - b[1]),
  );
  log(
    `first mood ${JSON.stringify(result.mood_first_ms)}, steps ${JSON.stringify(result.mood_first_steps_ms)}, extension renderers ${JSON.stringify(memory)} MB`,
  );
  return result;
}

/** The pipeline and bare detection at the same time, 10 fps each, the rate held fixed. */
async function inference(
  context: BrowserContext,
  extensionId: string,
  player: PanelPage,
): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const extensionPage = await openExtensionPage(context, extensionId);
  await setCamera(extensionPage, { fps: 10, adaptiveRate: false });
  // The bare detection first, then a fresh offscreen document: every frame the document times (it keeps the last
  // 600) is then taken while the bare detection runs too.
  if (await offscreenOpen(context)) {
    await player.toggleCamera();
    while (await offscreenOpen(context)) await player.page.waitForTimeout(100);
  }
  await startBareDetection(extensionPage, 10);
  const bareBefore = (await bareTimings(extensionPage)).length;
  await player.toggleCamera();
  let stats = await cameraStats(extensionPage);
  const inferenceUntil = Date.now() + 180_000;
  while (!stats?.inferenceMs || stats.inferenceMs.n < INFERENCE_FRAMES) {
    if (Date.now() > inferenceUntil) {
      throw new Error(`${INFERENCE_FRAMES} frames not reached in 180 s: pipeline ${stats?.inferenceMs?.n ?? 0}`);
    }
    await player.page.waitForTimeout(1000);
    stats = await cameraStats(extensionPage);
  }
  const bare = (await bareTimings(extensionPage)).slice(bareBefore);
  const inferenceMs = stats.inferenceMs;
  const bareMs = summarise(bare);
  result.mood_inference_ms = inferenceMs;
  result.mood_detect_ms = stats.detectMs ?? null;
  result.mood_read_ms = { plain: stats.readMs ?? null, withAppearance: stats.appearanceReadMs ?? null };
  result.mood_detect_bare_ms = bareMs;
  result.mood_pipeline_over_bare = Math.round((inferenceMs.p50 / bareMs.p50) * 1000) / 1000;
  result.mood_appearance_share = Math.round(((stats.appearanceRuns ?? 0) / Math.max(1, stats.frames)) * 1000) / 1000;
  result.mood_face_rate = Math.round((stats.faceFrames / stats.frames) * 1000) / 1000;
  result.mood_inference_load = load1();
  if ((await player.mood()) !== 'happy') throw new Error(`the happy clip read as ${await player.mood()}`);
  log(
    `inference ${JSON.stringify(result.mood_inference_ms)} (detect ${JSON.stringify(result.mood_detect_ms)}, read ${JSON.stringify(result.mood_read_ms)}, appearance on ${result.mood_appearance_share} of frames), bare ${JSON.stringify(bareMs)}, ratio ${result.mood_pipeline_over_bare}`,
  );
  // The bare detection runs in the extension's renderer too: it stops (and its page closes) before anything else.
  await stopBareDetection(extensionPage);
  return result;
}

/** CPU share at the default rate, adaptive on then off, with no other extension page open. */
async function cpuShare(
  context: BrowserContext,
  extensionId: string,
  player: PanelPage,
  allowBusy: boolean,
): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const limits = quietLimits();
  if (!(await offscreenOpen(context))) await player.toggleCamera();
  const shares: Record<string, Record<CpuFigure, number> & { fps: number; windows: unknown }> = {};
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
    const loads = figures.windows.map((w) => `${w.figures.share} (load ${w.load.before}→${w.load.after})`);
    log(
      `cpu ${mode} ${JSON.stringify(figures.median)} at ${fps} fps; windows ${loads.join(', ')}${figures.busy ? ` (BUSY: ${figures.busy})` : ''}`,
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
  return result;
}

/**
 * Plays a clip that turns neutral → happy → neutral every `halfMs` and times each change to the panel showing it:
 * `reactions` (neutral → happy) and `back` (happy → neutral), each as p50/p95.
 */
async function reaction(
  clip: string,
  halfMs: number,
  cycles: number,
): Promise<{
  reactions: ReturnType<typeof summarise>;
  back: ReturnType<typeof summarise> | null;
  clipPeriodMs: number | null;
}> {
  const { context, extensionId, close } = await launchWithExtension(fakeCameraArgs(clip));
  try {
    const player = await openPlayer(context);
    const moods = await watchPanelMood(player.page);
    await player.toggleCamera();
    await player.page.waitForTimeout(cycles * 2 * halfMs + 4000);
    const moodLog = await moods();
    const extensionPage = await openExtensionPage(context, extensionId);
    const stats = await cameraStats(extensionPage);
    if (!stats?.streamStartedAt) throw new Error('the camera never started');
    if (process.env.MOODDJ_BENCH_DEBUG) {
      log(
        `mood log from the stream's start: ${JSON.stringify(moodLog.map(([at, mood]) => [at - (stats.streamStartedAt ?? 0), mood]))}`,
      );
    }
    const reactions = reactionsFromLog(moodLog, stats.streamStartedAt, halfMs, 'neutral', 'happy');
    // The first neutral reading follows the first mood, not a change: it is not counted (no happy before it).
    const back = reactionsFromLog(moodLog, stats.streamStartedAt + halfMs, halfMs, 'happy', 'neutral');
    if (reactions.length === 0) throw new Error(`no neutral→happy change seen: ${JSON.stringify(moodLog)}`);
    return {
      reactions: summarise(reactions),
      back: back.length ? summarise(back) : null,
      clipPeriodMs: clipPeriod(moodLog, 2 * halfMs, log),
    };
  } finally {
    await close();
  }
}
