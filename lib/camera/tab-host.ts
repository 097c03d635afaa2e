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
  /**
   * Hears tabs finish loading a document (`tabs.onUpdated`, status "complete": no permission needed, unlike its
   * URL) until the returned function is called. For the camera tab that is its page loading, or the person having
   * gone elsewhere in it. Added only while there is a camera tab, which keeps the background awake anyway: a
   * listener registered at start would wake Firefox's event page for every page any tab loads.
   */
  watchLoads(listener: (tabId: number) => void): () => void;
}

/**
 * How long a camera tab MoodDJ has just opened counts as open before `find` lists its page. Past that, a tab without
 * the camera page is no longer the camera's: the person went elsewhere in it before the page loaded.
 */
export const HOST_LOAD_MS = 30_000;

/** What the camera service hears from and asks of the camera tab, beyond opening and closing it. */
export interface CameraHostSignals {
  /** The camera answered (it runs, or the person answered the prompt): back to the tab the person was on. */
  answered(): Promise<void>;
  /** The person asked to go back to the web player from the camera tab. */
  back(): Promise<void>;
  /**
   * Calls back when the person closed the camera tab (never for a tab MoodDJ closed itself), or when its page went
   * (the person went to another address in it, or it crashed): the tab is theirs then, and the camera gone.
   */
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
export function createTabHost(
  tabs: HostTabs,
  openWebPlayer: () => Promise<void>,
  now: () => number = Date.now,
): CameraTabHost {
  /** The camera tab MoodDJ knows of; null until it is opened or found again after a restart. */
  let tabId: number | null = null;
  /**
   * When MoodDJ opened `tabId`, while its page has not loaded yet (`find` does not list it until then); null once
   * `find` has listed it. Only then does a tab `find` does not list count as the camera's.
   */
  let openedAt: number | null = null;
  /** The tab the person was on when the camera tab opened. */
  let home: number | null = null;
  /** Whether the person still waits to be taken back there (until the camera first answers). */
  let returnPending = false;
  /** Tabs MoodDJ is closing itself: their removal is not the person's doing. */
  const closing = new Set<number>();
  const closedByPerson: (() => void)[] = [];

  let stopWatching: (() => void) | null = null;

  /** Follows `id` as the camera tab, or with null no tab. */
  const track = (id: number | null) => {
    tabId = id;
    if (id === null) {
      openedAt = null;
      stopWatching?.();
      stopWatching = null;
    } else {
      stopWatching ??= tabs.watchLoads(checkLoaded);
    }
  };

  /** The camera tab is no longer the camera's (closed, or its page gone): the person's doing. */
  const lost = () => {
    track(null);
    returnPending = false;
    for (const listener of closedByPerson) listener();
  };

  // Without the `tabs` permission MoodDJ cannot read the tab's new address, but it can see that its page has gone.
  function checkLoaded(loaded: number) {
    if (loaded !== tabId) return;
    tabs
      .find()
      .then((found) => {
        if (loaded !== tabId) return;
        if (found.includes(loaded)) openedAt = null;
        // A page that has loaded after the camera page had is another page. (A tab still opening may first finish
        // a blank page: for that one, the while of `HOST_LOAD_MS` decides.)
        else if (openedAt === null) lost();
      })
      .catch(() => undefined);
  }

  /** Whether `tabId` still holds the camera page, given what `find` lists; a lost tab is let go. */
  const stillHeld = (found: readonly number[]): boolean => {
    if (tabId === null) return false;
    if (found.includes(tabId)) {
      openedAt = null;
      return true;
    }
    if (openedAt !== null && now() - openedAt < HOST_LOAD_MS) return true;
    lost();
    return false;
  };

  tabs.onRemoved((removed) => {
    if (removed === home) home = null;
    if (closing.delete(removed) || removed !== tabId) return;
    lost();
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
      // A tab just created has no document yet for `find`, so the one MoodDJ opened counts as well, for a while.
      const found = await tabs.find();
      if (!stillHeld(found)) track(found[0] ?? null);
      // One camera only: a second copy (a pinned tab the browser restored, the page opened by hand) goes.
      await remove(found.filter((id) => id !== tabId));
      return tabId !== null;
    },
    async create() {
      const before = await tabs.activeTab();
      const created = await tabs.create({ url: tabs.url, active: true, pinned: true });
      track(created);
      openedAt = now();
      home = before !== created ? before : null;
      returnPending = home !== null;
    },
    async close() {
      // Only tabs that hold the camera page, and the one MoodDJ opened while its page loads: a tab whose page has gone
      // is the person's now, whatever it shows.
      const found = await tabs.find();
      const ids = new Set(found);
      if (tabId !== null && openedAt !== null && now() - openedAt < HOST_LOAD_MS) ids.add(tabId);
      track(null);
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
