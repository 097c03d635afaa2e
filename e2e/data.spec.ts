import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { loadCatalog } from './fakes/catalog';
import { installFeatureFakes } from './fakes/feature-servers';
import { installSpotifyFake } from './fakes/spotify-server';
import { expect, SCREENSHOT_DIR, test } from './fixtures';

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

test.describe('your data', () => {
  test.skip(!catalog, 'shared/data is missing');

  test('export, delete everything, import: the same counts come back; a bad file changes nothing', async ({
    context,
    openExtensionPage,
  }) => {
    await installSpotifyFake(context, { tracks: catalog?.slice(0, 120) ?? [], clientId: CLIENT_ID });
    await installFeatureFakes(context, catalog ?? []);
    const options = await openExtensionPage('/options.html');
    await options.getByLabel('Requests per minute, at most').fill('600');
    await options.getByLabel('Client ID').fill(CLIENT_ID);
    await options.getByRole('button', { name: 'Connect Spotify' }).click();
    await expect(options.getByTestId('sync-summary')).toHaveText('120 / 120 tracks analysed', { timeout: 60_000 });
    const popup = await openExtensionPage('/popup.html');
    for (const mood of ['Happy', 'Sad', 'Angry']) await popup.getByRole('button', { name: mood, exact: true }).click();
    await popup.close();

    await options.reload();
    const download = options.waitForEvent('download');
    await options.getByTestId('export-button').click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.library.tracks).toHaveLength(120);
    expect(exported.library.features).toHaveLength(120);
    expect(exported.moodHistory).toHaveLength(3);
    expect(readFileSync(file, 'utf8')).not.toMatch(/accessToken|refreshToken|rapidapi/i);

    await options.getByTestId('delete-everything').click();
    await options.getByTestId('confirm-delete').click();
    await expect(options.getByTestId('spotify-connection')).toHaveAttribute('data-connected', 'false');
    await expect(options.getByTestId('history-total-happy')).toHaveCount(0);

    // A malformed file is refused and changes nothing.
    await options.getByTestId('import-input').setInputFiles({
      name: 'not-mooddj.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello":"world"}'),
    });
    await expect(options.getByTestId('import-result')).toContainText('This file is not a MoodDJ export');
    await options.getByTestId('import-input').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"mooddj-export",'),
    });
    await expect(options.getByTestId('import-result')).toContainText('not valid JSON');

    await options.getByTestId('import-input').setInputFiles(file);
    await expect(options.getByTestId('import-result')).toContainText('Imported 120 tracks');
    const back = await options.evaluate(async () => {
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

test('the keyboard reaches every control of the popup and the options page', async ({ openExtensionPage }) => {
  for (const path of ['/popup.html', '/options.html']) {
    const page = await openExtensionPage(path);
    await page.getByRole('heading').first().waitFor();
    await page.waitForTimeout(300);
    const all = await controls(page);
    const reached = await tabThrough(page, all.length + 20);
    expect(all.filter((c) => !reached.has(c))).toEqual([]);
  }
});

test('the keyboard reaches every control of the panel', async ({ openWebPlayer }) => {
  const page = await openWebPlayer();
  await page.getByRole('button', { name: 'Collapse the MoodDJ panel' }).waitFor();
  const all = (await controls(page)).filter((c) => !c.startsWith('BUTTON::') || !c.endsWith('≡'));
  const reached = await tabThrough(page, all.length + 20);
  expect(all.filter((c) => !reached.has(c))).toEqual([]);
});

test('screenshots of each options section', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('/options.html');
  for (const id of ['camera', 'dj', 'spotify', 'features', 'moods', 'data']) {
    await options.locator(`#${id}`).scrollIntoViewIfNeeded();
    await options.locator(`#${id}`).screenshot({ path: `${SCREENSHOT_DIR}/options-${id}.png` });
  }
});
