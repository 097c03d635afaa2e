import type { OffscreenApi } from './offscreen-manager';

/**
 * The slice of `tabs` and `runtime` the camera tab needs (the worker's adapter: `firefoxHostTabs` in
 * `lib/background/worker-apis.ts`; a fake in tests). None of it needs the `tabs` permission: MoodDJ never reads
 * another tab's address.
 */
export interface HostTabs {
  /** The camera page's URL (`moz-extension://<uuid>/offscreen.html`). */
  readonly url: string;
  /** Tabs whose document is the camera page (`runtime.getContexts`: a worker that has just started finds them). */
  find(): Promise<number[]>;
  /** The tab the person is on in the window they last used, or null. */
  activeTab(): Promise<number | null>;
  create(options: { url: string; active: boolean; pinned: boolean }): Promise<number>;
  activate(tabId: number): Promise<void>;
  remove(tabId: number): Promise<void>;
  /** Registered when the host is built (MV3: listeners at the background's start). */
  onRemoved(listener: (tabId: number) => void): void;
}

/** What the camera service hears from and asks of the camera tab, beyond opening and closing it. */
export interface CameraHostSignals {
  /** The camera answered (it runs, or the person answered the prompt): back to the tab the person was on. */
  answered(): Promise<void>;
  /** The person asked to go back to the web player from the camera tab. */
  back(): Promise<void>;
  /** Calls back when the person closed the camera tab (never for a tab MoodDJ closed itself). */
  onClosedByPerson(listener: () => void): void;
}

export type CameraTabHost = OffscreenApi & CameraHostSignals;

/**
 * Firefox's camera host. Firefox has no offscreen API and always refuses the camera to a background page, so the
 * camera page runs in a pinned MoodDJ tab. The tab opens active, once: a remembered "Allow" for MoodDJ's origin
 * applies only where the page could show the prompt, and a first-time prompt needs the person to see it. Once the
 * camera has answered, the person goes back to the tab they were on, and the camera keeps running in the hidden tab.
 * `openWebPlayer` is the way back when that tab has gone.
 */
export function createTabHost(tabs: HostTabs, openWebPlayer: () => Promise<void>): CameraTabHost {
  /** The camera tab MoodDJ knows of; null until it is opened or found again after a restart. */
  let tabId: number | null = null;
  /** The tab the person was on when the camera tab opened. */
  let home: number | null = null;
  /** Whether the person still waits to be taken back there (until the camera first answers). */
  let returnPending = false;
  /** Tabs MoodDJ is closing itself: their removal is not the person's doing. */
  const closing = new Set<number>();
  const closedByPerson: (() => void)[] = [];

  tabs.onRemoved((removed) => {
    if (removed === home) home = null;
    if (closing.delete(removed) || removed !== tabId) return;
    tabId = null;
    returnPending = false;
    for (const listener of closedByPerson) listener();
  });

  const remove = async (ids: readonly number[]) => {
    for (const id of ids) closing.add(id);
    await Promise.all(ids.map((id) => tabs.remove(id).catch(() => closing.delete(id))));
  };

  /** Back to `home` if the person is still looking at the camera tab; they may have gone elsewhere already. */
  const goHome = async (): Promise<boolean> => {
    if (home === null) return false;
    try {
      await tabs.activate(home);
      return true;
    } catch {
      return false;
    }
  };

  return {
    async hasDocument() {
      // A tab just created has no document yet for `find`, so the one MoodDJ opened counts as well.
      const found = await tabs.find();
      if (tabId === null) tabId = found[0] ?? null;
      // One camera only: a second copy (a pinned tab the browser restored, the page opened by hand) goes.
      await remove(found.filter((id) => id !== tabId));
      return tabId !== null;
    },
    async create() {
      const before = await tabs.activeTab();
      const created = await tabs.create({ url: tabs.url, active: true, pinned: true });
      tabId = created;
      home = before !== created ? before : null;
      returnPending = home !== null;
    },
    async close() {
      const ids = new Set(await tabs.find());
      if (tabId !== null) ids.add(tabId);
      tabId = null;
      returnPending = false;
      await remove([...ids]);
    },
    async answered() {
      if (!returnPending) return;
      returnPending = false;
      // Only while the camera tab is in front: a person who moved on by themselves stays where they are.
      if (tabId !== null && (await tabs.activeTab()) === tabId) await goHome();
    },
    async back() {
      if (!(await goHome())) await openWebPlayer();
    },
    onClosedByPerson(listener) {
      closedByPerson.push(listener);
    },
  };
}
