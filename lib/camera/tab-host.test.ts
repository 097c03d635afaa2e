import { describe, expect, it } from 'vitest';
import { CAMERA_TAB_URL, fakeHostTabs } from '@/test/support/host-tabs';
import { createOffscreenManager } from './offscreen-manager';
import { createTabHost, HOST_LOAD_MS } from './tab-host';

function setup(options: { tabs?: number[]; active?: number } = { tabs: [1, 2], active: 1 }) {
  const browser = fakeHostTabs(options);
  const clock = { now: 0 };
  const host = createTabHost(browser.tabs, browser.openWebPlayer, () => clock.now);
  const closedByPerson: number[] = [];
  host.onClosedByPerson(() => closedByPerson.push(1));
  return { browser, clock, host, manager: createOffscreenManager(host), closedByPerson };
}

describe('the camera tab (Firefox)', () => {
  it('opens the camera page pinned and in front, then takes the person back once the camera answers', async () => {
    const { browser, host, manager } = setup();
    expect(await manager.open()).toBe(true);
    expect(browser.created).toEqual([{ url: CAMERA_TAB_URL, active: true, pinned: true }]);
    const [camera] = browser.cameraTabs;
    expect(browser.active).toBe(camera);
    await host.answered();
    expect(browser.active).toBe(1);
  });

  it('takes the person back only once, and leaves alone a person who has moved on', async () => {
    const { browser, host, manager } = setup();
    await manager.open();
    browser.person.switchTo(2);
    await host.answered();
    expect(browser.active).toBe(2);
    // Later reports (every reading answers) never move the person.
    const [camera] = browser.cameraTabs;
    browser.person.switchTo(camera as number);
    await host.answered();
    expect(browser.active).toBe(camera);
  });

  it('counts a tab it has just created as open before its page has loaded, so it never opens a second', async () => {
    const { browser, manager } = setup();
    await manager.open();
    expect(await manager.isOpen()).toBe(true);
    expect(await manager.open()).toBe(false);
    expect(browser.cameraTabs).toHaveLength(1);
  });

  it('finds its tab again after the background restarts, and closes it without calling it the person’s doing', async () => {
    const first = setup();
    await first.manager.open();
    const [camera] = first.browser.cameraTabs;
    first.browser.load(camera as number);
    // A new background: a new host over the same browser.
    const host = createTabHost(first.browser.tabs, first.browser.openWebPlayer);
    const closedByPerson: number[] = [];
    host.onClosedByPerson(() => closedByPerson.push(1));
    const manager = createOffscreenManager(host);
    expect(await manager.isOpen()).toBe(true);
    expect(await manager.open()).toBe(false);
    expect(await manager.close()).toBe(true);
    expect(first.browser.cameraTabs).toEqual([]);
    expect(first.browser.removedByMoodDj).toEqual([camera]);
    expect(closedByPerson).toEqual([]);
  });

  it('hears the person close the camera tab, and is no longer open', async () => {
    const { browser, manager, closedByPerson } = setup();
    await manager.open();
    browser.person.close(browser.cameraTabs[0] as number);
    expect(closedByPerson).toHaveLength(1);
    expect(await manager.isOpen()).toBe(false);
    // Opening again is a new tab, in front again.
    expect(await manager.open()).toBe(true);
    expect(browser.created).toHaveLength(2);
    expect(browser.active).toBe(browser.cameraTabs[0]);
  });

  it('ignores other tabs closing, and the tab MoodDJ closes itself', async () => {
    const { browser, manager, closedByPerson } = setup();
    await manager.open();
    browser.person.close(2);
    await manager.close();
    expect(closedByPerson).toEqual([]);
  });

  it('keeps one camera: a second copy of the page (a tab the browser restored) is closed', async () => {
    const { browser, manager, closedByPerson } = setup();
    await manager.open();
    const [ours] = browser.cameraTabs;
    const restored = browser.restore();
    expect(await manager.isOpen()).toBe(true);
    expect(browser.cameraTabs).toEqual([ours]);
    expect(browser.removedByMoodDj).toEqual([restored]);
    expect(closedByPerson).toEqual([]);
  });

  it('a camera tab the person sent elsewhere is theirs now: not open, lost like a closed one, never closed by MoodDJ', async () => {
    const { browser, manager, closedByPerson } = setup();
    await manager.open();
    const [camera] = browser.cameraTabs as [number];
    browser.load(camera);
    expect(await manager.isOpen()).toBe(true);
    expect(browser.watchingLoads).toBe(true);
    browser.person.navigate(camera);
    // The host checks what the finished load holds (`find`) on its own time.
    await new Promise((resolve) => setImmediate(resolve));
    expect(closedByPerson).toHaveLength(1);
    expect(await manager.isOpen()).toBe(false);
    expect(await manager.close()).toBe(false);
    expect(browser.open).toContain(camera);
    expect(browser.removedByMoodDj).toEqual([]);
    expect(closedByPerson).toHaveLength(1);
    // No camera tab, no ear on every tab's loads.
    expect(browser.watchingLoads).toBe(false);
  });

  it('takes no early "finished loading" of a tab still opening (its first blank page) for the camera page gone', async () => {
    const { browser, manager, closedByPerson } = setup();
    await manager.open();
    const [camera] = browser.cameraTabs as [number];
    browser.person.navigate(camera);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closedByPerson).toEqual([]);
    expect(await manager.isOpen()).toBe(true);
  });

  it('a camera tab whose page has gone without a word (a crash) is found lost at the next check', async () => {
    const { browser, manager, closedByPerson } = setup();
    await manager.open();
    const [camera] = browser.cameraTabs as [number];
    browser.load(camera);
    browser.person.crash(camera);
    expect(await manager.isOpen()).toBe(false);
    expect(closedByPerson).toHaveLength(1);
    await manager.close();
    expect(browser.removedByMoodDj).toEqual([]);
  });

  it('trusts a tab whose page has not loaded only for a while, and closes it only during that while', async () => {
    const first = setup();
    await first.manager.open();
    expect(await first.manager.close()).toBe(true);
    expect(first.browser.cameraTabs).toEqual([]);

    const { browser, clock, manager, closedByPerson } = setup();
    await manager.open();
    const [camera] = browser.cameraTabs as [number];
    clock.now = HOST_LOAD_MS - 1;
    expect(await manager.isOpen()).toBe(true);
    // Never loaded (the person went elsewhere first): after the while, not ours any more.
    clock.now = HOST_LOAD_MS;
    expect(await manager.isOpen()).toBe(false);
    expect(closedByPerson).toHaveLength(1);
    await manager.close();
    expect(browser.open).toContain(camera);
  });

  it('"Back to the web player" goes to the tab the person came from, or opens the web player when it has gone', async () => {
    const { browser, host, manager } = setup();
    await manager.open();
    await host.answered();
    browser.person.switchTo(browser.cameraTabs[0] as number);
    await host.back();
    expect(browser.active).toBe(1);
    expect(browser.opened).toEqual([]);
    browser.person.switchTo(browser.cameraTabs[0] as number);
    browser.person.close(1);
    await host.back();
    expect(browser.opened).toEqual(['web-player']);
  });
});
