/**
 * What the mood benchmark reads besides the panel: the offscreen document's first-mood marks,
 * the CPU time of the extension's processes, and bare `detectForVideo` in an extension page.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';
import { busyReason, type CpuWindow, MachineBusyError, type QuietLimits } from '../../lib/bench/stats';
import { VIDEO_CONSTRAINTS } from '../../lib/camera/open-camera';

type Cdp = Awaited<ReturnType<NonNullable<ReturnType<BrowserContext['browser']>>['newBrowserCDPSession']>>;

async function browserCdp(context: BrowserContext): Promise<Cdp> {
  const cdp = await context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('No browser CDP session: launchPersistentContext should expose one.');
  return cdp;
}

/**
 * The offscreen document's `mooddj:*` marks, as wall-clock ms (epoch). Read over a browser CDP
 * session, since Playwright does not list the offscreen document as a page.
 */
export async function offscreenMarks(context: BrowserContext): Promise<Record<string, number>> {
  const cdp = await browserCdp(context);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const target = targetInfos.find((t) => t.url.endsWith('/offscreen.html'));
    if (!target) return {};
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as {
      sessionId: string;
    };
    const expression = `JSON.stringify(Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('mooddj:')).map((m) => [m.name.slice(7), performance.timeOrigin + m.startTime])))`;
    // Playwright's CDP session cannot address a child session; the non-flat protocol can.
    const reply = new Promise<{ result?: { result?: { value?: string } } }>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        const message = JSON.parse(event.message) as { id?: number; result?: { result?: { value?: string } } };
        if (event.sessionId === sessionId && message.id === 1) resolve(message);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }),
    });
    const value = (await reply).result?.result?.value;
    await cdp.send('Target.detachFromTarget', { sessionId });
    return JSON.parse(value ?? '{}');
  } catch {
    return {};
  } finally {
    await cdp.detach();
  }
}

const CLOCK_TICKS = 100;

/** CPU seconds so far of the processes that work because the camera runs, by kind. */
export interface CameraCpu {
  /** The extension's renderer (the offscreen document: frames, detection, classification). */
  renderer: number;
  /** The GPU process (compositing, if any; software with --disable-gpu). */
  gpu: number;
  /** The video-capture utility process: the camera itself (the fake camera decodes its MJPEG there). */
  capture: number;
  /** The browser process: not counted in the share (it also serves the benchmark's own DevTools traffic). */
  browser: number;
  /** Every process of this browser (the web player's renderer and the network service too): to tell others' CPU. */
  all: number;
}

/** CPU seconds so far, from /proc (CDP's figure where /proc cannot be read). */
export async function extensionCpuSeconds(context: BrowserContext): Promise<CameraCpu> {
  const cdp = await browserCdp(context);
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number; cpuTime: number }[];
    };
    const cpu: CameraCpu = { renderer: 0, gpu: 0, capture: 0, browser: 0, all: 0 };
    for (const process of processInfo) {
      const seconds = procCpu(process.id) ?? process.cpuTime;
      const command = cmdline(process.id);
      cpu.all += seconds;
      if (process.type === 'gpu') cpu.gpu += seconds;
      else if (process.type === 'browser') cpu.browser += seconds;
      else if (process.type === 'renderer' && command.includes('--extension-process')) cpu.renderer += seconds;
      // The capture service (the camera itself): a utility process, `video_capture.mojom.VideoCaptureService`.
      else if (command.includes('--utility-sub-type=video_capture.')) cpu.capture += seconds;
    }
    return cpu;
  } finally {
    await cdp.detach();
  }
}

/**
 * Resident memory (MB, /proc's VmRSS) of the extension's renderer processes: with the camera on, the offscreen
 * document's share is what a document kept open would hold (MediaPipe's WASM heap and model, the appearance models).
 * Null where /proc cannot be read.
 */
export async function extensionRendererMb(context: BrowserContext): Promise<number | null> {
  const cdp = await browserCdp(context);
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    let kb = 0;
    for (const { type, id } of processInfo) {
      if (type !== 'renderer' || !cmdline(id).includes('--extension-process')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1];
      if (!rss) return null;
      kb += Number(rss);
    }
    return Math.round(kb / 1024);
  } catch {
    return null;
  } finally {
    await cdp.detach();
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function procCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15; after the command name, indexes 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat), or null where it cannot be read. */
function machineCpuSeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce((sum: number, x) => sum + (x ?? 0), 0);
    return Number.isFinite(busy) && Number.isFinite(idle) && Number.isFinite(iowait) ? busy / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

/** This Node process's CPU seconds so far (Playwright's side of the bench). */
const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** The CPU figures of one window, each per wall-clock second. */
export type CpuFigure = 'share' | 'renderer' | 'gpu' | 'capture' | 'browser';

/**
 * How quiet the machine must be: from the core count, and `MOODDJ_BENCH_MAX_LOAD_PER_CORE` (default 0.5) and
 * `MOODDJ_BENCH_MAX_OTHERS` (cores, default 0.25) when set.
 */
export function quietLimits(env: NodeJS.ProcessEnv = process.env): QuietLimits {
  const number = (value: string | undefined) => (value && Number.isFinite(Number(value)) ? Number(value) : undefined);
  const limits: QuietLimits = { cores: availableParallelism() };
  const perCore = number(env.MOODDJ_BENCH_MAX_LOAD_PER_CORE);
  const others = number(env.MOODDJ_BENCH_MAX_OTHERS);
  if (perCore !== undefined) limits.maxLoadPerCore = perCore;
  if (others !== undefined) limits.maxOthers = others;
  return limits;
}

/**
 * Waits (up to `maxWaitMs`) for the 1-minute load average to come under the limit, e.g. after the build or a
 * heavier phase of the bench itself; then throws `MachineBusyError` naming `what`. Returns the load it saw.
 */
export async function waitForQuiet(
  what: string,
  limits: QuietLimits,
  wait: (ms: number) => Promise<void>,
  maxWaitMs = 90_000,
): Promise<number> {
  const until = Date.now() + maxWaitMs;
  for (;;) {
    const load = loadavg()[0] ?? Number.NaN;
    const reason = busyReason({ figures: {}, load: { before: load, after: load }, others: null }, limits);
    if (!reason) return load;
    if (Date.now() >= until) throw new MachineBusyError(what, `${reason}, still after ${maxWaitMs / 1000} s`);
    await wait(5000);
  }
}

/**
 * One window of `ms`: CPU seconds per wall-clock second. `share` counts the extension's renderer, the GPU process and
 * the video-capture process (everything that works because the camera runs); the browser process is reported beside
 * it. The 1-minute load average is taken as the window begins and ends, and `others` is what the rest of the machine
 * used meanwhile (all busy CPU less this browser and this process).
 */
export async function cpuWindow(
  context: BrowserContext,
  wait: (ms: number) => Promise<void>,
  ms: number,
): Promise<CpuWindow<CpuFigure>> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const before = await extensionCpuSeconds(context);
  const machineBefore = machineCpuSeconds();
  const ownBefore = ownCpuSeconds();
  const started = Date.now();
  await wait(ms);
  const after = await extensionCpuSeconds(context);
  const machineAfter = machineCpuSeconds();
  const ownAfter = ownCpuSeconds();
  const seconds = (Date.now() - started) / 1000;
  const per = (key: keyof CameraCpu) => (after[key] - before[key]) / seconds;
  const others =
    machineBefore === null || machineAfter === null
      ? null
      : Math.max(0, (machineAfter - machineBefore - (ownAfter - ownBefore)) / seconds - per('all'));
  return {
    figures: {
      share: per('renderer') + per('gpu') + per('capture'),
      renderer: per('renderer'),
      gpu: per('gpu'),
      capture: per('capture'),
      browser: per('browser'),
    },
    load: { before: loadBefore, after: loadavg()[0] ?? Number.NaN },
    others,
  };
}

/** tasks-vision as one script that sets `globalThis.MediapipeVision` (built once per run). */
let visionScript: Promise<string> | null = null;
function visionBundle(): Promise<string> {
  visionScript ??= build({
    entryPoints: [resolve('node_modules/@mediapipe/tasks-vision/vision_bundle.mjs')],
    bundle: true,
    format: 'iife',
    globalName: 'MediapipeVision',
    write: false,
    logLevel: 'silent',
  }).then((out) => out.outputFiles[0]?.text ?? '');
  return visionScript;
}

/**
 * Starts bare FaceLandmarker `detectForVideo` in an extension page (same WASM, model and
 * options as the offscreen document, nothing else per frame) on the camera at `fps`; each
 * frame's time is kept in `window.bareTimings`.
 */
export async function startBareDetection(page: Page, fps: number): Promise<void> {
  await page.evaluate(await visionBundle());
  await page.evaluate(
    async ({ rate, constraints }) => {
      const w = window as unknown as {
        MediapipeVision: typeof import('@mediapipe/tasks-vision');
        bareTimings: number[];
        bareRunning: boolean;
        bareStream: MediaStream;
      };
      const url = (path: string) => chrome.runtime.getURL(path);
      const landmarker = await w.MediapipeVision.FaceLandmarker.createFromOptions(
        {
          wasmLoaderPath: url('/mediapipe/vision_wasm_internal.js'),
          wasmBinaryPath: url('/mediapipe/vision_wasm_internal.wasm'),
        },
        {
          baseOptions: { modelAssetPath: url('/mediapipe/face_landmarker.task'), delegate: 'CPU' },
          runningMode: 'VIDEO',
          numFaces: 1,
          outputFaceBlendshapes: true,
          outputFacialTransformationMatrixes: false,
        },
      );
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      w.bareStream = stream;
      video.srcObject = stream;
      await video.play();
      w.bareTimings = [];
      w.bareRunning = true;
      let frame = 0;
      // Frames the way the offscreen document takes them (lib/offscreen/frame-source.ts): read from the
      // track on demand where the browser has a track processor, else the playing video.
      type Processor = new (init: object) => { readable: ReadableStream<VideoFrame> };
      const Processor = (window as unknown as { MediaStreamTrackProcessor?: Processor }).MediaStreamTrackProcessor;
      const track = stream.getVideoTracks()[0];
      const reader = Processor && track ? new Processor({ track, maxBufferSize: 1 }).readable.getReader() : null;
      const tick = async () => {
        if (!w.bareRunning) return;
        const tickedAt = performance.now();
        const read = reader ? await reader.read() : null;
        if (read?.done) return;
        // As frame-source.ts's atVisibleSize: a frame shown smaller than its picture is detected at the picture's size.
        const camera = read?.value;
        const visible = camera?.visibleRect;
        const input =
          camera && visible && (camera.displayWidth !== visible.width || camera.displayHeight !== visible.height)
            ? new VideoFrame(camera, { displayWidth: visible.width, displayHeight: visible.height })
            : camera;
        const started = performance.now();
        landmarker.detectForVideo(input ?? video, started);
        const took = performance.now() - started;
        if (input !== camera) input?.close();
        camera?.close();
        // The same warm-up frames the offscreen document leaves out.
        if (++frame > 3) w.bareTimings.push(took);
        setTimeout(tick, Math.max(0, 1000 / rate - (performance.now() - tickedAt)));
      };
      void tick();
    },
    { rate: fps, constraints: VIDEO_CONSTRAINTS },
  );
}

export async function bareTimings(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { bareTimings?: number[] }).bareTimings ?? []);
}

/** Stops the bare detection and its camera stream, and closes its page, so it costs nothing after. */
export async function stopBareDetection(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { bareRunning?: boolean; bareStream?: MediaStream };
    w.bareRunning = false;
    for (const track of w.bareStream?.getTracks() ?? []) track.stop();
  });
  await page.close();
}
