import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { expect, OptionsPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibraryIn } from './library';

const catalog = loadCatalog();
/** A varied 2,000-track library: every 40th catalogue row (the catalogue is grouped by genre). */
const library: CatalogTrack[] = catalog ? catalog.filter((_, i) => i % 40 === 0).slice(0, 2000) : [];

const inside = (t: CatalogTrack, v: [number, number], e: [number, number], tempo: [number, number]) =>
  t.valence >= v[0] &&
  t.valence <= v[1] &&
  t.energy >= e[0] &&
  t.energy <= e[1] &&
  t.tempo >= tempo[0] &&
  t.tempo <= tempo[1];

test.describe('the library map in Options → Moods', () => {
  test('with no library it says what to do instead of showing a blank chart', async ({ openExtensionPage }) => {
    const options = await OptionsPage.open(openExtensionPage);
    await options.page.setViewportSize({ width: 1100, height: 900 });
    await options.section('moods').scrollIntoViewIfNeeded();
    await expect(options.page.getByTestId('map-empty')).toBeVisible();
    await expect(options.page.getByTestId('map-empty')).toContainText('No analysed tracks yet');
    await expect(
      options.page.getByTestId('map-empty').getByRole('link', { name: 'Open Spotify settings' }),
    ).toBeVisible();
    await expect(options.libraryMap).toHaveAttribute('data-tracks', '0');
    await options.libraryMap.screenshot({ path: `${SCREENSHOT_DIR}/map-empty.png` });
  });

  test('draws the analysed library; hovering shows a track; dragging a box moves the sliders and the count, and saves', async ({
    context,
    openExtensionPage,
  }) => {
    test.skip(!catalog, 'shared/data is missing');
    test.setTimeout(120_000);
    const options = await OptionsPage.open(openExtensionPage);
    await options.page.setViewportSize({ width: 1100, height: 1000 });
    await syncLibraryIn(context, options, { tracks: library });
    await options.section('moods').scrollIntoViewIfNeeded();
    await expect(options.libraryMap).toHaveAttribute('data-tracks', String(library.length), { timeout: 10_000 });
    const happy = library.filter((t) => inside(t, [0.6, 1], [0.5, 1], [100, 180])).length;
    await expect(options.moodCount('happy')).toHaveText(`${happy} tracks match`);
    await options.libraryMap.screenshot({ path: `${SCREENSHOT_DIR}/map-2000.png` });

    // Hover a track with no other within 12 px: the tooltip names it.
    const plot = await options.libraryMapPlot.boundingBox();
    if (!plot) throw new Error('no map on screen');
    const px = (t: CatalogTrack) => [t.valence * plot.width, (1 - t.energy) * plot.height] as const;
    const lonely = library.find((t) => {
      const [x, y] = px(t);
      return x > 20 && y > 20 && library.every((o) => o === t || Math.hypot(px(o)[0] - x, px(o)[1] - y) > 12);
    });
    if (!lonely) throw new Error('no isolated track to hover');
    const [lx, ly] = px(lonely);
    await options.page.mouse.move(plot.x + lx + 2, plot.y + ly + 1);
    await expect(options.mapTrack).toHaveAttribute('data-track-id', lonely.id);
    await expect(options.mapTrack).toContainText(lonely.name);
    // As the map writes it: Intl's rounding, in the browser's language (English here).
    const valence = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    await expect(options.mapTrack).toContainText(`Valence ${valence.format(lonely.valence)}`);
    await options.section('moods').screenshot({ path: `${SCREENSHOT_DIR}/map-hover-section.png` });

    // The keyboard reaches the tracks too (arrow keys from the middle), and Tab leaves the map.
    const map = options.libraryMap.getByRole('application');
    await map.focus();
    await options.page.keyboard.press('ArrowRight');
    const first = await options.mapTrack.getAttribute('data-track-id');
    expect(library.some((t) => t.id === first)).toBe(true);
    await options.page.keyboard.press('ArrowRight');
    await expect(options.mapTrack).not.toHaveAttribute('data-track-id', first ?? '');
    await options.page.keyboard.press('Tab');
    await expect(map).not.toBeFocused();
    await expect(options.mapTrack).toHaveCount(0);

    // Happy is chosen: drag its box (valence 0.6–1, energy 0.5–1) 0.2 to the left and 0.1 down.
    await options.dragOnMap(
      { valence: 0.8, energy: 0.75 },
      { valence: 0.6, energy: 0.65 },
      {
        during: async () => {
          await expect(options.rangeHandle('happy', 'Valence', 'from')).toHaveValue('0.4');
          await options.libraryMap.screenshot({ path: `${SCREENSHOT_DIR}/map-dragging.png` });
        },
      },
    );
    await expect(options.rangeHandle('happy', 'Valence', 'from')).toHaveValue('0.4');
    await expect(options.rangeHandle('happy', 'Valence', 'to')).toHaveValue('0.8');
    await expect(options.rangeHandle('happy', 'Energy', 'from')).toHaveValue('0.4');
    await expect(options.rangeHandle('happy', 'Energy', 'to')).toHaveValue('0.9');
    const moved = library.filter((t) => inside(t, [0.4, 0.8], [0.4, 0.9], [100, 180])).length;
    expect(moved).not.toBe(happy);
    await expect(options.moodCount('happy')).toHaveText(`${moved} tracks match`);

    // Resize: pull its right edge from 0.8 to 0.95.
    await options.dragOnMap({ valence: 0.8, energy: 0.6 }, { valence: 0.95, energy: 0.6 });
    await expect(options.rangeHandle('happy', 'Valence', 'to')).toHaveValue('0.95');
    const widened = library.filter((t) => inside(t, [0.4, 0.95], [0.4, 0.9], [100, 180])).length;
    await expect(options.moodCount('happy')).toHaveText(`${widened} tracks match`);

    // Clicking another box chooses it (sad: valence 0–0.4, energy 0.1–0.5; the happy box now reaches down to 0.4;
    // left of wind down's box, valence 0.1–0.6, which as the smaller box would win where they overlap).
    await options.dragOnMap({ valence: 0.05, energy: 0.2 }, { valence: 0.05, energy: 0.2 }, { steps: 1 });
    await expect(options.page.getByTestId('map-choose-sad')).toHaveAttribute('aria-pressed', 'true');
    await expect(options.rangeHandle('sad', 'Valence', 'from')).toHaveValue('0');

    // Saved: a reload shows the moved box.
    await options.reload();
    await expect(options.rangeHandle('happy', 'Valence', 'from')).toHaveValue('0.4');
    await expect(options.rangeHandle('happy', 'Valence', 'to')).toHaveValue('0.95');
    await expect(options.rangeHandle('happy', 'Energy', 'to')).toHaveValue('0.9');
    await expect(options.moodCount('happy')).toHaveText(`${widened} tracks match`);
  });
});
