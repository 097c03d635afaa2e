import type { Browser, Page } from 'puppeteer-core';
import { until } from './launch';

/** The slice of puppeteer's BiDi connection used here: raw WebDriver BiDi commands. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: BidiResult }>;
}

interface BidiResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown; sharedId?: string } & Record<string, unknown>;
  exceptionDetails?: { text: string };
}

/**
 * The MoodDJ panel on the fixture web player in Firefox. Its shadow root is closed, so the page's own scripts (and
 * `page.evaluate`) cannot reach it; WebDriver BiDi can: serialising the host with `includeShadowTree: 'all'` hands
 * back a reference to the closed root, and `script.callFunction` runs in it with that root as `this`. Clicks are
 * trusted mouse input at the control's box. Nothing in the shipped build exists for tests.
 */
export class FirefoxPanel {
  constructor(
    readonly browser: Browser,
    readonly page: Page,
  ) {}

  get #bidi(): BidiConnection {
    return (this.browser as unknown as { connection: BidiConnection }).connection;
  }

  get #context(): string {
    return (this.page.mainFrame() as unknown as { _id: string })._id;
  }

  /** The closed shadow root's BiDi reference, or null when there is no panel yet. */
  async #root(): Promise<string | null> {
    const { result } = await this.#bidi.send('script.evaluate', {
      expression: 'document.querySelector("mooddj-panel")',
      target: { context: this.#context },
      awaitPromise: false,
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
    });
    const value = result.result?.value as { shadowRoot?: { sharedId?: string } | null } | undefined;
    return value?.shadowRoot?.sharedId ?? null;
  }

  /** Runs `fn` (a function's source, `this` = the shadow root) in the page and returns its JSON result. */
  async run<T>(fn: string, ...args: (string | number | boolean)[]): Promise<T> {
    const root = await this.#root();
    if (!root) throw new Error('No MoodDJ panel (mooddj-panel with a shadow root) on the page');
    const { result } = await this.#bidi.send('script.callFunction', {
      functionDeclaration: `function (...args) { return JSON.stringify((${fn}).apply(this, args) ?? null); }`,
      this: { sharedId: root },
      arguments: args.map((value) => ({ type: typeof value, value })),
      target: { context: this.#context },
      awaitPromise: false,
    });
    if (result.type === 'exception') throw new Error(`In the panel: ${result.exceptionDetails?.text}`);
    return JSON.parse(String(result.result?.value)) as T;
  }

  async waitForVisible(timeout = 15_000): Promise<void> {
    await until(() => this.box('camera-switch'), 'the panel (its camera switch) to be on screen', timeout);
  }

  /** An attribute of the element with `data-testid`, or null (no element, no attribute). */
  async attr(testid: string, name: string): Promise<string | null> {
    return this.run(
      "function (id, name) { return this.querySelector('[data-testid=\"' + id + '\"]')?.getAttribute(name) ?? null; }",
      testid,
      name,
    );
  }

  /** The panel's visible text. */
  async text(): Promise<string> {
    return this.run('function () { return [...this.children].map((el) => el.innerText ?? "").join("\\n"); }');
  }

  /** The mood the badge shows (`''` for none). */
  async mood(): Promise<string> {
    return (await this.attr('mood-badge', 'data-mood')) ?? '';
  }

  /** The box of the element with `data-testid` in page coordinates, or null when it has none. */
  async box(testid: string): Promise<{ x: number; y: number; width: number; height: number } | null> {
    return this.run(
      `function (id) {
        const el = this.querySelector('[data-testid="' + id + '"]');
        if (!el) return null;
        el.scrollIntoView({ block: 'nearest' });
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
      }`,
      testid,
    );
  }

  /** A trusted click in the middle of the element with `data-testid`. */
  async click(testid: string): Promise<void> {
    // Only a box that holds still for a moment: the panel re-renders from every live-state broadcast.
    let last = '';
    const box = await until(async () => {
      const now = await this.box(testid);
      const same = now !== null && JSON.stringify(now) === last;
      last = JSON.stringify(now);
      return same ? now : null;
    }, `panel control "${testid}" to have a box that holds still`);
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  async toggleCamera(): Promise<void> {
    await this.click('camera-switch');
  }
}
