// Test support for Firefox's camera tab: the browser's tabs as `lib/camera/tab-host.ts` sees them.
import type { HostTabs } from '@/lib/camera/tab-host';

export const CAMERA_TAB_URL = 'moz-extension://5d8a3c1e-2b7f-4e0a-9c61-0f3b2d4e6a70/offscreen.html';

/**
 * A browser window's tabs. `person` acts as the person would (switch tabs, close one, go elsewhere in one); `load`
 * makes a tab's camera page load, which is when `runtime.getContexts` (`find`) starts to list it.
 */
export function fakeHostTabs(options: { tabs?: number[]; active?: number } = {}) {
  const open = new Set<number>(options.tabs ?? [1]);
  const loaded = new Set<number>();
  let active: number | null = options.active ?? [...open][0] ?? null;
  let nextId = 100;
  const created: { url: string; active: boolean; pinned: boolean }[] = [];
  const removedByMoodDj: number[] = [];
  const opened: string[] = [];
  let removedListener: (tabId: number) => void = () => undefined;
  /** The host's `watchLoads` listener, while it watches. */
  let loadedListener: (tabId: number) => void = () => undefined;
  let watching = false;

  const drop = (tabId: number) => {
    open.delete(tabId);
    loaded.delete(tabId);
    // As the browser does: the neighbour takes the focus.
    if (active === tabId) active = [...open][0] ?? null;
    removedListener(tabId);
  };

  const tabs: HostTabs = {
    url: CAMERA_TAB_URL,
    find: async () => [...loaded],
    activeTab: async () => active,
    async create(init) {
      const id = nextId++;
      open.add(id);
      created.push(init);
      if (init.active) active = id;
      return id;
    },
    async activate(tabId) {
      if (!open.has(tabId)) throw new Error(`Invalid tab ID: ${tabId}`);
      active = tabId;
    },
    async remove(tabId) {
      if (!open.has(tabId)) throw new Error(`Invalid tab ID: ${tabId}`);
      removedByMoodDj.push(tabId);
      drop(tabId);
    },
    onRemoved(listener) {
      removedListener = listener;
    },
    watchLoads(listener) {
      loadedListener = listener;
      watching = true;
      return () => {
        loadedListener = () => undefined;
        watching = false;
      };
    },
  };

  return {
    tabs,
    created,
    removedByMoodDj,
    /** What `openWebPlayer` was asked to open. */
    opened,
    openWebPlayer: async () => void opened.push('web-player'),
    get active() {
      return active;
    },
    get open() {
      return [...open];
    },
    /** The camera tabs MoodDJ opened, newest last. */
    /** Whether the host listens to tabs loading (only while it has a camera tab). */
    get watchingLoads() {
      return watching;
    },
    get cameraTabs() {
      return [...open].filter((id) => id >= 100);
    },
    /** The camera page in `tabId` has loaded: `find` lists it, and the tab says it has finished loading. */
    load(tabId: number) {
      loaded.add(tabId);
      loadedListener(tabId);
    },
    /** A camera page in a tab the browser restored (or the person opened), loaded and running. */
    restore() {
      const id = nextId++;
      open.add(id);
      loaded.add(id);
      return id;
    },
    person: {
      switchTo(tabId: number) {
        active = tabId;
      },
      close: (tabId: number) => drop(tabId),
      /** Types another address into the tab: the camera page goes, the tab stays (now the person's). */
      navigate(tabId: number) {
        loaded.delete(tabId);
        loadedListener(tabId);
      },
      /** The tab's content process crashes: the page goes, and the tab says nothing. */
      crash(tabId: number) {
        loaded.delete(tabId);
      },
    },
  };
}
