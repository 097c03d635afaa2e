import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { installFeatureFakes } from './fakes/feature-servers';
import { installSpotifyFake } from './fakes/spotify-server';
import { expect, OptionsPage, PanelPage, PopupPage, SCREENSHOT_DIR, test } from './fixtures';
import { OPTIONS_SECTIONS, type OptionsSection } from './pages/options';

const catalog = loadCatalog();
const CLIENT_ID = '0123456789abcdef0123456789abcdef';

/** Visits each control with Tab and returns the labels of those reached. */
async function tabThrough(page: Page, max = 200): Promise<Set<string>> {
  const reached = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el && el !== document.body
        ? `${el.tagName}:${el.getAttribute('data-testid') ?? ''}:${el.id}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`
        : '';
    });
    if (key) reached.add(key);
  }
  return reached;
}

/** Every interactive control of a page (open shadow roots included), described like `tabThrough` does. */
async function controls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll('button, input, select, textarea, a[href]'))) {
        const html = el as HTMLElement;
        if (html.hasAttribute('disabled') || html.closest('dialog:not([open])') || html.offsetParent === null) continue;
        // A radio group is one tab stop (arrow keys move inside it): only its checked radio counts.
        if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked) continue;
        if (
          el.getAttribute('role') === 'radio' &&
          el.getAttribute('aria-checked') !== 'true' &&
          el.getAttribute('tabindex') === '-1'
        )
          continue;
        out.push(
          `${el.tagName}:${el.getAttribute('data-testid') ?? ''}:${el.id}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`,
        );
      }
      for (const host of Array.from(root.querySelectorAll('*'))) if (host.shadowRoot) visit(host.shadowRoot);
    };
    visit(document);
    return out;
  });
}

/**
 * The controls once the page has stopped adding them (sections load their data after the first paint):
 * the same list twice in a row, polled.
 */
async function settled(read: () => Promise<string[]>): Promise<string[]> {
  let last = '';
  let controlsNow: string[] = [];
  await expect
    .poll(
      async () => {
        controlsNow = await read();
        const key = JSON.stringify(controlsNow);
        const same = controlsNow.length > 0 && key === last;
        last = key;
        return same;
      },
      { message: 'the controls to stop changing' },
    )
    .toBe(true);
  return controlsNow;
}

test.describe('your data', () => {
  test.skip(!catalog, 'shared/data is missing');

  test('export, delete everything, import: the same counts come back; a bad file changes nothing', async ({
    context,
    openExtensionPage,
  }) => {
    await installSpotifyFake(context, { tracks: catalog?.slice(0, 120) ?? [], clientId: CLIENT_ID });
    await installFeatureFakes(context, catalog ?? []);
    const options = await OptionsPage.open(openExtensionPage);
    await options.connectSpotify(CLIENT_ID);
    await expect(options.syncSummary).toHaveText('120 / 120 tracks analysed', { timeout: 60_000 });
    const popup = await PopupPage.open(openExtensionPage);
    for (const mood of ['happy', 'sad', 'angry'] as const) await popup.pickMood(mood);
    await popup.close();

    await options.reload();
    const file = await options.exportFile();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.library.tracks).toHaveLength(120);
    expect(exported.library.features).toHaveLength(120);
    expect(exported.moodHistory).toHaveLength(3);
    expect(readFileSync(file, 'utf8')).not.toMatch(/accessToken|refreshToken|rapidapi/i);

    await options.deleteEverything();
    await expect(options.spotifyConnection).toHaveAttribute('data-connected', 'false');
    await expect(options.historyTotal('happy')).toHaveCount(0);

    // A malformed file is refused and changes nothing.
    await options.importFile({
      name: 'not-mooddj.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello":"world"}'),
    });
    await expect(options.importResult).toContainText('This file is not a MoodDJ export');
    await options.importFile({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"mooddj-export",'),
    });
    await expect(options.importResult).toContainText('not valid JSON');

    await options.importFile(file);
    await expect(options.importResult).toContainText('Imported 120 tracks');
    const back = await options.page.evaluate(async () => {
      const open = indexedDB.open('mooddj');
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const count = (name: string) =>
        new Promise<number>((resolve) => {
          const request = db.transaction(name).objectStore(name).count();
          request.onsuccess = () => resolve(request.result);
        });
      return { tracks: await count('tracks'), features: await count('features'), moods: await count('moodEvents') };
    });
    expect(back).toEqual({ tracks: 120, features: 120, moods: 3 });
  });
});

/** Row counts of MoodDJ's tables, read from an extension page (the test looks; the page itself never writes). */
async function tableCounts(page: Page, names: readonly string[]): Promise<Record<string, number>> {
  return page.evaluate(async (tables) => {
    const open = indexedDB.open('mooddj');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const counts: Record<string, number> = {};
    for (const name of tables) {
      counts[name] = await new Promise<number>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).count();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return counts;
  }, names);
}

/** An export file as MoodDJ writes it: `tracks`, the first `withFeatures` of them analysed. */
function exportFileOf(tracks: readonly CatalogTrack[], withFeatures: number): Buffer {
  const file = {
    format: 'mooddj-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    settings: {
      spotify: { clientId: CLIENT_ID },
      features: { dailyBudget: 500, perMinute: 600 },
    },
    library: {
      tracks: tracks.map((t, n) => ({
        id: t.id,
        uri: `spotify:track:${t.id}`,
        name: t.name,
        artists: t.artists,
        artistIds: t.artists.map((_, i) => `artist${n}x${i}`),
        album: t.album,
        durationMs: t.durationMs,
        addedAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString(),
      })),
      features: tracks.slice(0, withFeatures).map((t) => ({
        trackId: t.id,
        provider: 'reccobeats',
        fetchedAt: Date.UTC(2026, 0, 2),
        valence: t.valence,
        energy: t.energy,
        tempo: t.tempo,
        danceability: t.danceability,
        acousticness: t.acousticness,
        instrumentalness: t.instrumentalness,
        liveness: t.liveness,
        speechiness: t.speechiness,
        loudness: t.loudness,
      })),
    },
    moodHistory: [{ id: 1, at: Date.UTC(2026, 0, 3), mood: 'happy', confidence: 0.9, source: 'manual' }],
    playHistory: [],
  };
  return Buffer.from(JSON.stringify(file));
}

test.describe('import and delete while a sync runs', () => {
  test.skip(!catalog, 'shared/data is missing');
  const library = catalog?.slice(0, 200) ?? [];

  async function syncSlowly(context: BrowserContext, openExtensionPage: (path: string) => Promise<Page>) {
    const spotify = await installSpotifyFake(context, { tracks: library, clientId: CLIENT_ID });
    const features = await installFeatureFakes(context, catalog ?? []);
    // Each ReccoBeats answer takes 1.5 s, so the import or deletion lands while one is in flight.
    features.slowMs = 1500;
    const options = await openExtensionPage('/options.html');
    await options.getByLabel('Requests per minute, at most').fill('600');
    await options.getByLabel('Client ID').fill(CLIENT_ID);
    await options.getByRole('button', { name: 'Connect Spotify' }).click();
    await expect.poll(() => features.requests.reccobeats, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    return { spotify, features, options };
  }

  test('an import during the analysis: the counts come out right, imported features are not asked for', async ({
    context,
    openExtensionPage,
  }) => {
    const { features, options } = await syncSlowly(context, openExtensionPage);
    const before = features.log.length;
    await options.getByTestId('import-input').setInputFiles({
      name: 'mooddj-export.json',
      mimeType: 'application/json',
      buffer: exportFileOf(library, 150),
    });
    await expect(options.getByTestId('import-result')).toContainText('Imported 200 tracks, 150 audio feature sets', {
      timeout: 30_000,
    });
    await expect(options.getByTestId('sync-summary')).toHaveText('200 / 200 tracks analysed', { timeout: 60_000 });
    expect(await tableCounts(options, ['tracks', 'features', 'featureQueue', 'moodEvents'])).toEqual({
      tracks: 200,
      features: 200,
      featureQueue: 0,
      moodEvents: 1,
    });
    // After the import only the 50 tracks the file had no features for were asked for, once each.
    const importedWithFeatures = new Set(library.slice(0, 150).map((t) => t.id));
    const after = features.log.slice(before).flatMap((entry) => entry.ids);
    expect(after.filter((id) => importedWithFeatures.has(id))).toEqual([]);
    expect(new Set(after).size).toBe(after.length);
  });

  test('delete everything during the analysis: nothing from before comes back', async ({
    context,
    openExtensionPage,
  }) => {
    const { features, options } = await syncSlowly(context, openExtensionPage);
    await options.getByTestId('delete-everything').click();
    await options.getByTestId('confirm-delete').click();
    await expect(options.getByText('Everything was deleted')).toBeVisible({ timeout: 30_000 });
    await expect(options.getByTestId('spotify-connection')).toHaveAttribute('data-connected', 'false');
    const sent = features.requests.reccobeats;
    // Longer than an answer in flight takes: a late answer must not bring rows back. A fixed wait on
    // purpose: the test proves that nothing happens during it, which no poll can.
    await options.waitForTimeout(4000);
    expect(features.requests.reccobeats).toBe(sent);
    expect(
      await tableCounts(options, ['tracks', 'features', 'featureQueue', 'syncState', 'secrets', 'moodEvents']),
    ).toEqual({ tracks: 0, features: 0, featureQueue: 0, syncState: 0, secrets: 0, moodEvents: 0 });
    await options.reload();
    await expect(options.getByTestId('spotify-connection')).toHaveAttribute('data-connected', 'false');
    await expect(options.getByLabel('Client ID')).toHaveValue('');
  });

  test('an import file over 50 MB is refused before it is read', async ({ openExtensionPage }, testInfo) => {
    const options = await openExtensionPage('/options.html');
    // Playwright takes buffers only up to 50 MB; a file on disk has no such limit.
    const huge = testInfo.outputPath('huge.json');
    writeFileSync(huge, Buffer.alloc(50_000_001, 0x20));
    await options.getByTestId('import-input').setInputFiles(huge);
    await expect(options.getByTestId('import-result')).toHaveText(
      'This file is larger than 50 MB, too large for a MoodDJ export. Choose the file MoodDJ saved. Nothing was imported.',
    );
  });
});

test('the keyboard reaches every control of the popup and the options page', async ({ openExtensionPage }) => {
  for (const path of ['/popup.html', '/options.html']) {
    const page = await openExtensionPage(path);
    await page.getByRole('heading').first().waitFor();
    const all = await settled(() => controls(page));
    const reached = await tabThrough(page, all.length + 20);
    expect(all.filter((c) => !reached.has(c))).toEqual([]);
  }
});

test('the keyboard reaches every control of the panel', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  // The panel's root is closed: its controls and focus are read through CDP (e2e/pages/panel.ts).
  const panel = new PanelPage(page);
  await expect.poll(() => panel.isVisible({ name: 'Collapse the MoodDJ panel' })).toBe(true);
  const all = await settled(() => panel.controls());
  expect(all.length).toBeGreaterThanOrEqual(8);
  const reached = new Set<string>();
  for (let i = 0; i < all.length + 20; i++) {
    await page.keyboard.press('Tab');
    const key = await panel.focused();
    if (key) reached.add(key);
  }
  expect(all.filter((c) => !reached.has(c))).toEqual([]);
});

test('screenshots of each options section', async ({ openExtensionPage }) => {
  const options = await OptionsPage.open(openExtensionPage);
  for (const id of Object.keys(OPTIONS_SECTIONS) as OptionsSection[]) {
    const section = options.section(id);
    await section.scrollIntoViewIfNeeded();
    // The picture shows the section as it should be: its heading and the controls it exists for.
    await expect(options.sectionHeading(id)).toBeVisible();
    for (const control of options.keyControls(id)) await expect(control).toBeVisible();
    await section.screenshot({ path: `${SCREENSHOT_DIR}/options-${id}.png` });
  }
});
