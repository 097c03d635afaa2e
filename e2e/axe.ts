import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, Result, RunOptions } from 'axe-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every WCAG 2.0/2.1 A and AA rule, and axe's best practices. */
const RUN_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations', 'incomplete'],
};

/** `MOODDJ_AXE_REVIEW=1` also prints what axe could not decide alone (e.g. text over a canvas), to check by hand. */
const REVIEW = process.env.MOODDJ_AXE_REVIEW === '1';

/** One violation in a line each per element: `rule (impact): help — target: what failed`. */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (node) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${JSON.stringify(node.target)}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`,
    ),
  );
}

function report(where: string, results: AxeResults): string[] {
  if (REVIEW && results.incomplete.length) {
    console.log(`axe, to review by hand on ${where}:\n  ${describeViolations(results.incomplete).join('\n  ')}`);
  }
  return describeViolations(results.violations);
}

/** Runs axe on a whole extension page (an ordinary page: axe goes in through Playwright's evaluate, which CSP does not stop). */
export async function axeOnPage(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    (options) =>
      (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe.run(document, options),
    RUN_OPTIONS as unknown as Record<string, unknown>,
  )) as AxeResults;
  return report(page.url(), results);
}

interface DomNode {
  backendNodeId: number;
  nodeName: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/**
 * Runs axe on the panel inside its closed shadow root.
 *
 * axe walks into a shadow root through `host.shadowRoot`, which is null for a closed root in every
 * JavaScript world. The DevTools protocol sees closed roots, so this makes a fresh isolated world of
 * its own (`Page.createIsolatedWorld`: neither the page's world nor the content script's), loads axe
 * there, resolves the host and its root into that world (`DOM.resolveNode`) and gives that world's
 * host wrapper a `shadowRoot` getter. DOM wrappers are per world, so the page still gets null and the
 * shipped build holds nothing for tests; axe sees the real panel with its real styles and layout
 * (contrast included), as the content script rendered it.
 */
export async function axeOnPanel(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'mooddj-axe',
    })) as { executionContextId: number };
    const evaluate = async (expression: string) => {
      const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
        expression,
        contextId: executionContextId,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    };
    await evaluate(AXE_SOURCE);

    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    let host: DomNode | undefined;
    const walk = (node: DomNode) => {
      if (node.nodeName === 'MOODDJ-PANEL' && node.shadowRoots?.length) host = node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    const shadow = host?.shadowRoots?.[0];
    if (!host || !shadow) throw new Error('axe: the page has no MoodDJ panel');
    const resolve = async (backendNodeId: number) => {
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId, executionContextId })) as {
        object: { objectId?: string };
      };
      if (!object.objectId) throw new Error('axe: could not resolve the panel into the isolated world');
      return object.objectId;
    };
    const [hostId, rootId] = [await resolve(host.backendNodeId), await resolve(shadow.backendNodeId)];
    await cdp.send('Runtime.callFunctionOn', {
      objectId: hostId,
      functionDeclaration: `function (root) {
        Object.defineProperty(this, 'shadowRoot', { get: () => root, configurable: true });
        window.__mooddjPanelHost = this;
      }`,
      arguments: [{ objectId: rootId }],
    });
    const results = (await evaluate(
      `axe.run(window.__mooddjPanelHost, ${JSON.stringify(RUN_OPTIONS)}).then((r) => JSON.parse(JSON.stringify(r)))`,
    )) as AxeResults;
    return report('the panel', results);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
