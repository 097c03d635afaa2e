import { mkdirSync } from 'node:fs';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { expect, OptionsPage, PanelPage, PopupPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibrary } from './library';

const catalog = loadCatalog();
/** A varied library: every 150th catalogue row (the catalogue is grouped by genre). */
const library: CatalogTrack[] = catalog ? catalog.filter((_, i) => i % 150 === 0).slice(0, 300) : [];
const byId = new Map(library.map((t) => [t.id, t]));
const SHOTS = process.env.MOODDJ_SHOTS ?? SCREENSHOT_DIR;

async function whys(panel: PanelPage): Promise<{ id: string; why: string }[]> {
  const ids = await panel.attrAll({ testid: 'suggestion' }, 'data-track-id');
  const lines = await panel.attrAll({ testid: 'suggestion-why' }, 'title');
  return ids.map((id, i) => ({ id: id ?? '', why: lines[i] ?? '' }));
}

const FIT = /^(Near the middle of|Inside|Just outside|A little outside|Far from) the Workout range/;

test.describe('what you are doing: focus, workout, wind down', () => {
  test.skip(!catalog, 'shared data is missing');

  test('picked in a second row of the picker, explained in their own words, matched even in Lift mode', async ({
    context,
    openWebPlayer,
    openExtensionPage,
  }) => {
    test.setTimeout(120_000);
    mkdirSync(SHOTS, { recursive: true });
    await syncLibrary(context, openExtensionPage, {
      tracks: library,
      settings: (options) => options.page.getByLabel('Lift toward').selectOption('calm'),
    });
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    // The activities sit in their own labelled group, after the five faces.
    expect(await panel.isVisible({ text: 'Or what you’re doing' })).toBe(true);
    await panel.pickMood('workout');
    await expect.poll(() => panel.attr({ testid: 'pick-workout' }, 'aria-pressed')).toBe('true');
    await expect.poll(() => panel.count({ testid: 'suggestion-why' }), { timeout: 10_000 }).toBeGreaterThan(4);
    const match = await whys(panel);
    for (const { id, why } of match) {
      expect(why).toMatch(FIT);
      // Loud tracks: the box asks for energy 0.7–1, and the model reaches one 0.1 step beyond it at most.
      expect(byId.get(id)?.energy ?? 0).toBeGreaterThanOrEqual(0.6);
    }
    expect(await panel.isVisible({ text: 'For what you’re doing: Workout' })).toBe(true);
    await panel.screenshot(`${SHOTS}/panel-activity-workout.png`);

    // Lift mode: an activity is a target itself, so the picks are matched, and the panel says so.
    await panel.click({ role: 'radio', name: 'Lift my mood' });
    await expect.poll(() => panel.isVisible({ testid: 'lift-activity-note' }), { timeout: 10_000 }).toBe(true);
    for (const { why } of await whys(panel)) expect(why).toMatch(FIT);
    await panel.screenshot(`${SHOTS}/panel-activity-lift.png`);
    await panel.click({ role: 'radio', name: 'Match my mood' });

    const popup = await PopupPage.open(openExtensionPage);
    await expect(popup.moodButton('workout')).toHaveAttribute('aria-pressed', 'true');
    await expect(popup.page.getByRole('group', { name: 'Or what you’re doing' })).toBeVisible();
    await popup.pickMood('winddown');
    await expect(popup.page.getByTestId('popup-suggestions').getByTestId('suggestion-why').first()).toHaveText(
      /the Wind down range/,
    );
    await popup.page.screenshot({ path: `${SHOTS}/popup-activity-winddown.png`, fullPage: true });

    const options = await OptionsPage.open(openExtensionPage);
    await options.page.setViewportSize({ width: 1100, height: 1000 });
    await options.section('moods').scrollIntoViewIfNeeded();
    await expect(options.libraryMap).toHaveAttribute('data-tracks', String(library.length), { timeout: 10_000 });
    for (const name of ['focus', 'workout', 'winddown']) await expect(options.moodCount(name)).toBeVisible();
    await options.page.getByTestId('map-choose-focus').click();
    await options.libraryMap.screenshot({ path: `${SHOTS}/map-activity-focus.png` });
    await options.section('moods').screenshot({ path: `${SHOTS}/options-moods-activities.png` });
    // The history records the activities picked, beside the five faces' totals.
    await options.historyTotal('happy').scrollIntoViewIfNeeded();
    await expect(options.historyTotal('workout')).toBeVisible({ timeout: 10_000 });
    await expect(options.historyTotal('winddown')).toBeVisible();
    await expect(options.historyTotal('focus')).toHaveCount(0);
  });
});
