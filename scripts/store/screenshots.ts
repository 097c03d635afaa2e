/**
 * The store screenshots (1280×800), taken from the real built extension in headless Chromium with the e2e launch
 * helpers and fakes: a fake camera playing the shared happy clip, the fake Spotify serving a slice of the shared
 * catalogue, the fake feature servers. Nothing is drawn over MoodDJ's own pages; the popup, which a browser shows
 * dropped from its toolbar, is placed over the web player the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { CatalogTrack } from '../../e2e/fakes/catalog';
import { launchWithExtension, routeWebPlayer } from '../../e2e/launch';
import { syncLibraryIn } from '../../e2e/library';
import { OptionsPage } from '../../e2e/pages/options';
import { PanelPage } from '../../e2e/pages/panel';
import { PopupPage } from '../../e2e/pages/popup';
import { fakeCameraArgs } from '../../test/support/shared-data';
import { playerPage } from './player-page';

export const SHOT = { width: 1280, height: 800 } as const;

export interface ShotInputs {
  outDir: string;
  library: readonly CatalogTrack[];
  happyClip: string;
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // Let transitions and the panel's entrance finish before the picture.
  await page.waitForTimeout(800);
}

/** Shows a real page (the popup) as a browser would: dropped from the toolbar over the web player. */
async function popupOverPlayer(context: BrowserContext, player: string, popup: string, path: string): Promise<void> {
  const page = await context.newPage();
  await page.setViewportSize(SHOT);
  const img = (file: string) => `data:image/png;base64,${file}`;
  await page.setContent(`<!doctype html><html><body style="margin:0;width:${SHOT.width}px;height:${SHOT.height}px;overflow:hidden;background:#000">
    <img src="${img(player)}" style="position:absolute;inset:0;filter:brightness(.55)">
    <img src="${img(popup)}" style="position:absolute;top:12px;right:24px;border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.7),0 0 0 1px #3a3a3a">
  </body></html>`);
  await page.screenshot({ path });
  await page.close();
}

/** A plausible day of camera moods, a change every 6 to 20 minutes over the last 5 hours (or since midnight). */
export function dayOfMoods(now: number): { at: number; mood: string; confidence: number; source: 'camera' }[] {
  const cycle = ['neutral', 'focus', 'happy', 'neutral', 'surprised', 'happy', 'sad', 'neutral', 'happy', 'angry'];
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  const events = [];
  for (let at = Math.max(midnight, now - 5 * 3_600_000), i = 0; at < now - 120_000; i++) {
    events.push({
      at,
      mood: cycle[i % cycle.length] ?? 'neutral',
      confidence: 0.7 + (i % 4) * 0.07,
      source: 'camera' as const,
    });
    at += (6 + ((i * 7) % 15)) * 60_000;
  }
  return events;
}

/** Gives the fresh profile a day of mood history through Options' own export and import, as a person moving in would. */
async function seedHistory(options: OptionsPage): Promise<void> {
  const exported = JSON.parse(readFileSync(await options.exportFile(), 'utf8')) as { moodHistory: unknown[] };
  exported.moodHistory = dayOfMoods(Date.now());
  await options.importFile({
    name: 'history.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await expect(options.importResult).toContainText('Imported', { timeout: 30_000 });
}

/** Takes every screenshot into `outDir`; returns their file names. */
export async function takeScreenshots({ outDir, library, happyClip }: ShotInputs): Promise<string[]> {
  const launched = await launchWithExtension(fakeCameraArgs(happyClip));
  const { context, extensionId } = launched;
  const files: string[] = [];
  const shot = async (page: Page, name: string) => {
    await settle(page);
    await page.screenshot({ path: join(outDir, name) });
    files.push(name);
  };
  try {
    const open = async (path: string) => {
      const page = await context.newPage();
      await page.setViewportSize(SHOT);
      await page.goto(`chrome-extension://${extensionId}${path}`);
      return page;
    };
    const playing = library[7] ?? library[0];
    if (!playing) throw new Error('The store shots need a library of at least one track.');
    await routeWebPlayer(context, playerPage(library, playing));

    // The welcome page MoodDJ opens on install, before anything is set up.
    const welcome = context.pages().find((p) => p.url().endsWith('/welcome.html'));
    if (!welcome) throw new Error('The install did not open the welcome page.');
    await welcome.setViewportSize(SHOT);
    await shot(welcome, 'screenshot-4-welcome.png');

    const options = new OptionsPage(await open('/options.html'));
    await syncLibraryIn(context, options, {
      tracks: library,
      spotify: { nowPlaying: playing },
      // Auto-DJ acts on a mood after 2 s, so the panel has its picks by the time of the picture.
      settings: (o) => o.page.getByLabel('A new mood must hold for').fill('2'),
    });

    await seedHistory(options);

    const player = await context.newPage();
    await player.setViewportSize(SHOT);
    await player.goto('https://open.spotify.com/');
    const panel = new PanelPage(player);
    await panel.waitForVisible();
    await panel.toggleCamera();
    await expect.poll(() => panel.mood(), { timeout: 30_000 }).toBe('happy');
    await expect.poll(() => panel.isVisible({ testid: 'suggestion' }), { timeout: 20_000 }).toBe(true);
    await shot(player, 'screenshot-1-panel.png');

    const popup = await PopupPage.open(open);
    await expect(popup.cameraState).toHaveAttribute('data-status', 'running', { timeout: 10_000 });
    await settle(popup.page);
    const popupPng = (await popup.page.screenshot()).toString('base64');
    const playerPng = (await player.screenshot()).toString('base64');
    await popupOverPlayer(context, playerPng, popupPng, join(outDir, 'screenshot-2-popup.png'));
    files.push('screenshot-2-popup.png');

    await options.page.bringToFront();
    await options.page.goto(`chrome-extension://${extensionId}/options.html#moods`);
    await expect(options.libraryMap).toHaveAttribute('data-tracks', String(library.length), { timeout: 20_000 });
    await options.section('moods').scrollIntoViewIfNeeded();
    await options.section('moods').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(options.page, 'screenshot-3-map.png');
    return files;
  } finally {
    await launched.close();
  }
}
