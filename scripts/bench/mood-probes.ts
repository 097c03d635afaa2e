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

/** CPU seconds so far of the extension's renderer(s) and the GPU process, from /proc. */
export async function extensionCpuSeconds(context: BrowserContext): Promise<{ renderer: number; gpu: number }> {
  const cdp = await browserCdp(context);
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number; cpuTime: number }[];
    };
    let renderer = 0;
    let gpu = 0;
    for (const process of processInfo) {
      if (process.type === 'gpu') gpu += procCpu(process.id) ?? process.cpuTime;
      if (process.type === 'renderer' && cmdline(process.id).includes('--extension-process')) {
        renderer += procCpu(process.id) ?? process.cpuTime;
      }
    }
    return { renderer, gpu };
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

/** CPU seconds per wall-clock second of the extension's processes over `ms`. */
export async function cpuShare(
  context: BrowserContext,
  wait: (ms: number) => Promise<void>,
  ms: number,
): Promise<{ share: number; renderer: number; gpu: number }> {
  const before = await extensionCpuSeconds(context);
  const started = Date.now();
  await wait(ms);
  const after = await extensionCpuSeconds(context);
  const seconds = (Date.now() - started) / 1000;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const renderer = (after.renderer - before.renderer) / seconds;
  const gpu = (after.gpu - before.gpu) / seconds;
  return { share: round(renderer + gpu), renderer: round(renderer), gpu: round(gpu) };
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
      video.srcObject = await navigator.mediaDevices.getUserMedia(constraints);
      await video.play();
      w.bareTimings = [];
      w.bareRunning = true;
      let frame = 0;
      const tick = () => {
        if (!w.bareRunning) return;
        const started = performance.now();
        landmarker.detectForVideo(video, started);
        const took = performance.now() - started;
        // The same warm-up frames the offscreen document leaves out.
        if (++frame > 3) w.bareTimings.push(took);
        setTimeout(tick, Math.max(0, 1000 / rate - took));
      };
      tick();
    },
    { rate: fps, constraints: VIDEO_CONSTRAINTS },
  );
}

export async function bareTimings(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { bareTimings?: number[] }).bareTimings ?? []);
}
