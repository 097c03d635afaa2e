/**
 * What the mood benchmark reads in the web player's page: when the panel's mood badge changed, to the
 * millisecond, and the clips it plays to the fake camera.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { summarise } from '../../lib/bench/stats';

interface DomNode {
  backendNodeId: number;
  nodeName: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/**
 * Watches the panel's mood badge with a MutationObserver in the page, so every change is stamped (`Date.now()`)
 * as the panel's DOM changes, not when a poll over the DevTools protocol next looks. The panel's shadow root is
 * closed; the protocol still reaches it (`DOM.getDocument` with `pierce`). Returns a reader of the log so far:
 * `[epoch ms, mood]`, the first entry being the mood when the watch began (`''` for none).
 */
export async function watchPanelMood(page: Page): Promise<() => Promise<[number, string][]>> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  let shadow: DomNode | undefined;
  const walk = (node: DomNode) => {
    if (node.nodeName === 'MOODDJ-PANEL' && node.shadowRoots?.[0]) shadow ??= node.shadowRoots[0];
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
  };
  walk(root);
  if (!shadow) throw new Error('No MoodDJ panel on the page to watch.');
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId })) as {
    object: { objectId?: string };
  };
  if (!object.objectId) throw new Error("The panel's shadow root could not be resolved.");
  await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: `function () {
      const log = [];
      const read = () => this.querySelector('[data-testid="mood-badge"]')?.getAttribute('data-mood') ?? '';
      let last = read();
      log.push([Date.now(), last]);
      new MutationObserver(() => {
        const now = read();
        if (now !== last) { last = now; log.push([Date.now(), now]); }
      }).observe(this, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-mood'] });
      window.__mooddjMoodLog = log;
    }`,
  });
  return async () => {
    const { result } = (await cdp.send('Runtime.evaluate', {
      expression: 'window.__mooddjMoodLog ?? []',
      returnByValue: true,
    })) as { result: { value?: [number, string][] } };
    return result.value ?? [];
  };
}

/** Waits until the watched log shows a mood (not `''`) after `since`; returns when it did. */
export async function waitForLoggedMood(
  log: () => Promise<[number, string][]>,
  since: number,
  wait: (ms: number) => Promise<void>,
  timeoutMs = 30_000,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const shown = (await log()).find(([at, mood]) => at >= since && mood !== '');
    if (shown) return shown[0];
    await wait(50);
  }
  throw new Error(`no mood on the panel within ${timeoutMs / 1000} s`);
}

/** The JPEG frames of an MJPEG clip (a JPEG's data never holds FF D8 FF: an FF in it is followed by 00). */
export function mjpegFrames(bytes: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let i = bytes.indexOf(Buffer.from([0xff, 0xd8, 0xff])); i >= 0; ) {
    starts.push(i);
    i = bytes.indexOf(Buffer.from([0xff, 0xd8, 0xff]), i + 3);
  }
  return starts.map((start, k) => bytes.subarray(start, starts[k + 1] ?? bytes.length));
}

/**
 * A longer version of a two-halves clip (e.g. neutral-to-happy: 3 s of each at 30 fps): each half's frames
 * repeated to `halfSeconds`, written to a temporary file. Long enough halves let the loop slow down on the steady
 * face (the adaptive rate's hold is 4 s) before the expression changes.
 */
export function longerHalvesClip(source: string, halfSeconds: number, fps = 30): string {
  const frames = mjpegFrames(readFileSync(source));
  const half = Math.floor(frames.length / 2);
  if (half < 1) throw new Error(`${source} has no frames to repeat`);
  const stretch = (part: Buffer[]) => Array.from({ length: halfSeconds * fps }, (_, i) => part[i % part.length]);
  const out = [...stretch(frames.slice(0, half)), ...stretch(frames.slice(half))] as Buffer[];
  const path = join(tmpdir(), `mooddj-bench-${halfSeconds}s-halves-${process.pid}.mjpeg`);
  writeFileSync(path, Buffer.concat(out));
  return path;
}

/**
 * Reaction times from a mood log of a clip that turns from `from` to `to` every `halfMs` (first after one half),
 * counted from `clipStartedAt`: each `from`→`to` change on the panel, less the moment the clip changed before it.
 */
export function reactionsFromLog(
  log: readonly [number, string][],
  clipStartedAt: number,
  halfMs: number,
  from: string,
  to: string,
): number[] {
  const reactions: number[] = [];
  for (let i = 1; i < log.length; i++) {
    const [at, mood] = log[i] ?? [0, ''];
    if (mood !== to || log[i - 1]?.[1] !== from) continue;
    const sinceStart = at - clipStartedAt;
    const cycle = Math.floor((sinceStart - halfMs) / (2 * halfMs));
    reactions.push(sinceStart - (halfMs + cycle * 2 * halfMs));
  }
  return reactions;
}

/**
 * The clip's period as the panel saw it: the median time between two changes of the same direction. The reaction
 * times count from the clip's nominal schedule, so when this is off the nominal period (a busy machine makes
 * Chromium's fake camera fall behind its 30 fps, and the clip stretches) they drift with it: a figure to distrust.
 */
export function clipPeriod(
  moodLog: readonly [number, string][],
  nominalMs: number,
  log: (line: string) => void,
): number | null {
  const changes = moodLog.slice(1).filter(([, mood], i) => mood !== '' && moodLog[i]?.[1] !== '');
  const gaps: number[] = [];
  for (let i = 2; i < changes.length; i++) gaps.push((changes[i]?.[0] ?? 0) - (changes[i - 2]?.[0] ?? 0));
  if (gaps.length === 0) return null;
  const period = summarise(gaps).p50;
  if (Math.abs(period - nominalMs) > 0.02 * nominalMs) {
    log(`the clip ran at a period of ${period} ms, not ${nominalMs}: the reaction times drift with it (busy machine?)`);
  }
  return period;
}
