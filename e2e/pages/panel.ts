import type { CDPSession, Page } from '@playwright/test';
import type { PickableMood } from '../../lib/mood/types';

/**
 * What to find inside the panel:
 * - `{ testid }`: by `data-testid`;
 * - `{ name, role? }`: a control by its accessible name (aria-label, else its text without
 *   `aria-hidden` parts), optionally of one role (`button`, `switch`, `radio`, `link`, `meter`…);
 * - `{ text }`: the innermost element whose text contains this string (or matches this pattern);
 * - `{ css }`: a CSS selector.
 * `within` narrows any of them to the element with that `data-testid`.
 */
export type PanelQuery = (
  | { testid: string }
  | { name: string | RegExp; role?: string }
  | { text: string | RegExp }
  | { css: string }
) & { within?: string };

/** A plain string is a `data-testid` when one exists, else an accessible name. */
export type PanelTarget = string | PanelQuery;

const MOOD_LABEL: Record<PickableMood, string> = {
  happy: 'Happy',
  sad: 'Sad',
  angry: 'Angry',
  surprised: 'Surprised',
  neutral: 'Neutral',
  focus: 'Focus',
  workout: 'Workout',
  winddown: 'Wind down',
};

interface DomNode {
  backendNodeId: number;
  nodeName: string;
  shadowRootType?: 'open' | 'closed' | 'user-agent';
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** A query as it crosses into the page: regular expressions travel as source and flags. */
type WireQuery = Record<string, unknown>;

/**
 * Runs in the page, with `this` bound to the panel's shadow root. Returns the elements a
 * query matches. Written as a string so it crosses CDP unchanged.
 */
const FIND = `function find(root, q) {
  const pattern = (v) => (v && typeof v === 'object' ? new RegExp(v.source, v.flags) : null);
  const matches = (v, s) => { const re = pattern(v); return re ? re.test(s) : v === s; };
  const norm = (s) => s.replace(/\\s+/g, ' ').trim();
  const spoken = (el) => {
    let out = '';
    for (const n of el.childNodes) {
      if (n.nodeType === 3) out += n.textContent;
      else if (n.nodeType === 1 && n.getAttribute('aria-hidden') !== 'true') out += ' ' + spoken(n) + ' ';
    }
    return out;
  };
  const nameOf = (el) => norm(el.getAttribute('aria-label') ?? spoken(el));
  const roleOf = (el) => el.getAttribute('role') ?? ({ BUTTON: 'button', A: 'link', INPUT: 'textbox' })[el.tagName] ?? null;
  let scope = root;
  if (q.within) scope = root.querySelector('[data-testid="' + q.within + '"]');
  if (!scope) return [];
  if (q.testid !== undefined) return [...scope.querySelectorAll('[data-testid="' + q.testid + '"]')];
  if (q.css !== undefined) return [...scope.querySelectorAll(q.css)];
  if (q.name !== undefined) {
    return [...scope.querySelectorAll('button, a[href], input, [role]')].filter(
      (el) => (!q.role || roleOf(el) === q.role) && matches(q.name, nameOf(el)),
    );
  }
  const has = (s) => (typeof q.text === 'string' ? s.includes(q.text) : pattern(q.text).test(s));
  const all = [...scope.querySelectorAll('*')].filter((el) => has(norm(spoken(el))));
  return all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
}`;

function toWire(target: PanelTarget): WireQuery {
  const query: Record<string, unknown> = typeof target === 'string' ? { any: target } : { ...target };
  for (const key of ['name', 'text'] as const) {
    const value = query[key];
    if (value instanceof RegExp) query[key] = { source: value.source, flags: value.flags };
  }
  return query;
}

function describe(target: PanelTarget): string {
  return typeof target === 'string' ? `"${target}"` : JSON.stringify(toWire(target));
}

/**
 * The MoodDJ panel on the web player, driven the way a person would.
 *
 * Its shadow root is closed (so the page cannot reach it), which also hides it from
 * Playwright's locators. This page object reaches it through the DevTools protocol, which
 * sees closed roots: `DOM.getDocument({ pierce: true })` finds the root, `DOM.resolveNode`
 * gives a handle to read it, `DOM.getBoxModel` gives a control's box, and `page.mouse` /
 * `page.keyboard` give trusted input. Nothing in the shipped build exists for tests.
 */
export class PanelPage {
  #cdp: Promise<CDPSession> | null = null;

  constructor(readonly page: Page) {}

  /** Waits until the panel is mounted and has a box on screen. */
  async waitForVisible(timeout = 10_000): Promise<void> {
    await this.#until(async () => (await this.box(undefined, false)) !== null, timeout, 'the panel to be visible');
  }

  /** The panel's shadow root mode as the browser reports it, or null when there is no panel. */
  async shadowRootMode(): Promise<string | null> {
    return (await this.#shadowRoot())?.mode ?? null;
  }

  /** How many panel hosts the page has. */
  async hostCount(): Promise<number> {
    return (await this.#hosts()).length;
  }

  /** The visible text of the panel, or of one element in it. */
  async text(target?: PanelTarget): Promise<string> {
    return (await this.#onElement(target, (el) => (el as HTMLElement).innerText ?? '', '')) as string;
  }

  /** The mood the badge shows (`''` for none). */
  async mood(): Promise<string> {
    return (await this.attr({ testid: 'mood-badge' }, 'data-mood')) ?? '';
  }

  /** The words the badge shows for the mood ("Happy", "No mood yet"…). */
  async moodLabel(): Promise<string> {
    return this.text({ css: '[data-testid="mood-badge"] .label' });
  }

  async attr(target: PanelTarget, name: string): Promise<string | null> {
    return (await this.#onElement(target, (el, n) => el.getAttribute(n as string), null, name)) as string | null;
  }

  /** One attribute of every match, in document order. */
  async attrAll(target: PanelTarget, name: string): Promise<(string | null)[]> {
    return (await this.#call(
      `function (q, name) { const find = ${FIND}; return find(this, q).map((el) => el.getAttribute(name)); }`,
      toWire(target),
      name,
    )) as (string | null)[];
  }

  async isChecked(target: PanelTarget): Promise<boolean> {
    return (await this.attr(target, 'aria-checked')) === 'true';
  }

  async count(target: PanelTarget): Promise<number> {
    return (await this.attrAll(target, 'data-none')).length;
  }

  /** Whether the target exists and has a box on screen. */
  async isVisible(target: PanelTarget): Promise<boolean> {
    return (await this.box(target, false)) !== null;
  }

  /** One computed style property of an element. */
  async style(target: PanelTarget, property: string): Promise<string> {
    return (await this.#onElement(
      target,
      (el, p) => getComputedStyle(el).getPropertyValue(p as string),
      '',
      property,
    )) as string;
  }

  /** The element's box on the page (the whole panel without a target), or null when absent or hidden. */
  async box(
    target?: PanelTarget,
    required = true,
  ): Promise<{ x: number; y: number; width: number; height: number } | null> {
    const element = await this.#element(target);
    if (!element) {
      if (required) throw new Error(`Panel: nothing matches ${describe(target ?? 'mooddj-panel')}`);
      return null;
    }
    const cdp = await this.#session();
    try {
      const { model } = (await cdp.send('DOM.getBoxModel', { objectId: element })) as {
        model: { border: number[]; width: number; height: number };
      };
      const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.border;
      if (model.width === 0 || model.height === 0) return null;
      return { x: Math.min(x1, x3), y: Math.min(y1, y3), width: Math.abs(x3 - x1), height: Math.abs(y3 - y1) };
    } catch {
      // "Could not compute box model": the element is not rendered (display: none).
      if (required) throw new Error(`Panel: ${describe(target ?? 'mooddj-panel')} has no box`);
      return null;
    }
  }

  /** Clicks the middle of a control with the real mouse (a trusted click), waiting for it first. */
  async click(target: PanelTarget, timeout = 10_000): Promise<void> {
    const cdp = await this.#session();
    // The panel re-renders from every live-state broadcast: an element found a moment ago may have been replaced.
    // Find it again (once) rather than failing on "Node is detached".
    for (let attempt = 0; ; attempt++) {
      const element = await this.#waitForElement(target, timeout);
      try {
        await cdp.send('DOM.scrollIntoViewIfNeeded', { objectId: element });
        break;
      } catch (error) {
        if (attempt > 0 || !/detached/i.test(String(error))) throw error;
      }
    }
    const box = await this.box(target);
    if (!box) throw new Error(`Panel: ${describe(target)} has no box to click`);
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Focuses a control, as Tab would, so `page.keyboard` acts on it. */
  async focus(target: PanelTarget, timeout = 10_000): Promise<void> {
    const element = await this.#waitForElement(target, timeout);
    await (await this.#session()).send('DOM.focus', { objectId: element });
  }

  async cameraSwitch(): Promise<boolean> {
    return this.isChecked({ testid: 'camera-switch' });
  }

  async toggleCamera(): Promise<void> {
    await this.click({ testid: 'camera-switch' });
  }

  /** Picks a mood by hand in the panel's mood picker. */
  async pickMood(mood: PickableMood): Promise<void> {
    await this.click({ name: MOOD_LABEL[mood], role: 'button' });
  }

  /**
   * The focused element inside the panel, described as `TAG:testid:id:name`, or '' when the
   * focus is elsewhere.
   */
  async focused(): Promise<string> {
    const root = await this.#shadowRoot();
    if (!root) return '';
    return (await this.#callOn(
      root.objectId,
      `function () {
        const el = this.activeElement;
        if (!el) return '';
        return el.tagName + ':' + (el.getAttribute('data-testid') ?? '') + ':' + el.id + ':' +
          (el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 40));
      }`,
    )) as string;
  }

  /**
   * Every control a person can reach with Tab, described like `focused()`: enabled and
   * rendered, and only the checked radio of a roving-focus group.
   */
  async controls(): Promise<string[]> {
    const root = await this.#shadowRoot();
    if (!root) return [];
    return (await this.#callOn(
      root.objectId,
      `function () {
        return [...this.querySelectorAll('button, input, select, textarea, a[href]')]
          .filter((el) => !el.hasAttribute('disabled') && el.offsetParent !== null)
          .filter((el) => !(el.getAttribute('role') === 'radio' && el.getAttribute('aria-checked') !== 'true' && el.getAttribute('tabindex') === '-1'))
          .map((el) => el.tagName + ':' + (el.getAttribute('data-testid') ?? '') + ':' + el.id + ':' +
            (el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 40)));
      }`,
    )) as string[];
  }

  /** A screenshot of the panel alone (its box plus a margin for the shadow). */
  async screenshot(path: string): Promise<void> {
    await this.waitForVisible();
    const box = await this.box({ testid: 'mooddj-panel' });
    if (!box) throw new Error('Panel: no box to photograph');
    const view = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const margin = 12;
    const x = Math.max(0, box.x - margin);
    const y = Math.max(0, box.y - margin);
    await this.page.screenshot({
      path,
      clip: {
        x,
        y,
        width: Math.min(view.width - x, box.width + 2 * margin),
        height: Math.min(view.height - y, box.height + 2 * margin),
      },
    });
  }

  async #session(): Promise<CDPSession> {
    this.#cdp ??= this.page.context().newCDPSession(this.page);
    return this.#cdp;
  }

  /** Every `mooddj-panel` host in the document, closed shadow roots included. */
  async #hosts(): Promise<DomNode[]> {
    const cdp = await this.#session();
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const found: DomNode[] = [];
    const walk = (node: DomNode) => {
      if (node.nodeName === 'MOODDJ-PANEL' && node.shadowRoots?.length) found.push(node);
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
      if (node.contentDocument) walk(node.contentDocument);
    };
    walk(root);
    return found;
  }

  /** A handle on the panel's shadow root, found fresh each time (the page may re-render). */
  async #shadowRoot(): Promise<{ objectId: string; mode: string } | null> {
    const [host] = await this.#hosts();
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return null;
    const cdp = await this.#session();
    const { object } = (await cdp.send('DOM.resolveNode', {
      backendNodeId: shadow.backendNodeId,
      objectGroup: 'mooddj-panel',
    })) as { object: { objectId?: string } };
    if (!object.objectId) return null;
    return { objectId: object.objectId, mode: shadow.shadowRootType ?? 'unknown' };
  }

  /** A handle on the first visible match (else the first match), or null. */
  async #element(target?: PanelTarget): Promise<string | null> {
    const root = await this.#shadowRoot();
    if (!root) return null;
    const query = target === undefined ? { testid: 'mooddj-panel' } : toWire(target);
    const cdp = await this.#session();
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: root.objectId,
      functionDeclaration: `function (q) {
        const find = ${FIND};
        let found = [];
        if (q.any !== undefined) {
          found = find(this, { testid: q.any });
          if (!found.length) found = find(this, { name: q.any });
        } else found = find(this, q);
        return found.find((el) => el.getClientRects().length > 0) ?? found[0] ?? null;
      }`,
      arguments: [{ value: query }],
      objectGroup: 'mooddj-panel',
    })) as { result: { objectId?: string; subtype?: string } };
    return result.objectId ?? null;
  }

  async #waitForElement(target: PanelTarget, timeout: number): Promise<string> {
    let element: string | null = null;
    await this.#until(
      async () => {
        element = await this.#element(target);
        return element !== null;
      },
      timeout,
      describe(target),
    );
    return element as unknown as string;
  }

  /** Runs `fn(element, arg)` on the target's element in the page; `fallback` when absent. */
  async #onElement(
    target: PanelTarget | undefined,
    fn: (el: Element, arg?: unknown) => unknown,
    fallback: unknown,
    arg?: unknown,
  ): Promise<unknown> {
    const element = await this.#element(target);
    if (!element) return fallback;
    return this.#callOn(element, `function (arg) { return (${fn.toString()})(this, arg); }`, arg);
  }

  async #call(functionDeclaration: string, ...args: unknown[]): Promise<unknown> {
    const root = await this.#shadowRoot();
    if (!root) return [];
    return this.#callOn(root.objectId, functionDeclaration, ...args);
  }

  async #callOn(objectId: string, functionDeclaration: string, ...args: unknown[]): Promise<unknown> {
    const cdp = await this.#session();
    const { result, exceptionDetails } = (await cdp.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };
    if (exceptionDetails) {
      throw new Error(`Panel: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }
    // Handles from this call are not needed again; free them so a long test stays small.
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'mooddj-panel' }).catch(() => undefined);
    return result.value;
  }

  async #until(check: () => Promise<boolean>, timeout: number, what: string): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`Panel: timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
