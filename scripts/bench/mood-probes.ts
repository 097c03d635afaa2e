/**
 * What the mood benchmark reads besides the panel: the offscreen document's first-mood marks,
 * the CPU time of the extension's processes, and bare `detectForVideo` in an extension page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';
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
}

/** CPU seconds so far, from /proc (CDP's figure where /proc cannot be read). */
export async function extensionCpuSeconds(context: BrowserContext): Promise<CameraCpu> {
  const cdp = await browserCdp(context);
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number; cpuTime: number }[];
    };
    const cpu: CameraCpu = { renderer: 0, gpu: 0, capture: 0, browser: 0 };
    for (const process of processInfo) {
      const seconds = procCpu(process.id) ?? process.cpuTime;
      const command = cmdline(process.id);
      if (process.type === 'gpu') cpu.gpu += seconds;
      else if (process.type === 'browser') cpu.browser += seconds;
      else if (process.type === 'renderer' && command.includes('--extension-process')) cpu.renderer += seconds;
      else if (command.includes('--utility-sub-type=video_capture.')) cpu.capture += seconds;
    }
    return cpu;
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

/**
 * CPU seconds per wall-clock second over `ms`: `share` counts the extension's renderer, the GPU
 * process and the video-capture process (everything that works because the camera runs); the
 * browser process is reported beside it.
 */
export async function cpuShare(
  context: BrowserContext,
  wait: (ms: number) => Promise<void>,
  ms: number,
): Promise<CameraCpu & { share: number }> {
  const before = await extensionCpuSeconds(context);
  const started = Date.now();
  await wait(ms);
  const after = await extensionCpuSeconds(context);
  const seconds = (Date.now() - started) / 1000;
  const per = (key: keyof CameraCpu) => (after[key] - before[key]) / seconds;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    share: round(per('renderer') + per('gpu') + per('capture')),
    renderer: round(per('renderer')),
    gpu: round(per('gpu')),
    capture: round(per('capture')),
    browser: round(per('browser')),
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
        const started = performance.now();
        landmarker.detectForVideo(read?.value ?? video, started);
        const took = performance.now() - started;
        read?.value?.close();
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
