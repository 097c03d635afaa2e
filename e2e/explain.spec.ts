import { mkdirSync } from 'node:fs';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { expect, PanelPage, PopupPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibrary } from './library';

const catalog = loadCatalog();
/** A varied library: every 150th catalogue row (the catalogue is grouped by genre). */
const library: CatalogTrack[] = catalog ? catalog.filter((_, i) => i % 150 === 0).slice(0, 300) : [];
const byId = new Map(library.map((t) => [t.id, t]));
/** Screenshots to look at beside Spotify's own UI (outside the repository when MOODDJ_SHOTS is set). */
const SHOTS = process.env.MOODDJ_SHOTS ?? SCREENSHOT_DIR;

/** Each suggestion's track id with its why line (the whole line, from the tooltip). */
async function reasons(panel: PanelPage): Promise<{ id: string; why: string }[]> {
  const ids = await panel.attrAll({ testid: 'suggestion' }, 'data-track-id');
  const whys = await panel.attrAll({ testid: 'suggestion-why' }, 'title');
  return ids.map((id, i) => ({ id: id ?? '', why: whys[i] ?? '' }));
}

/**
 * The numbers as the panel writes them (Intl rounds the decimal a value prints as: 0.725 → 0.73, where
 * `toFixed` rounds the binary double, 0.72499…, to 0.72). The browser's locale here is en-US.
 */
const two = (x: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);
const bpm = (x: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(x);

test.describe('explained suggestions', () => {
  test.skip(!catalog, 'shared data is missing');

  test('each suggestion says why, from its own numbers, in Match and in Lift mode', async ({
    context,
    openWebPlayer,
    openExtensionPage,
  }) => {
    mkdirSync(SHOTS, { recursive: true });
    const spotify = await syncLibrary(context, openExtensionPage, {
      tracks: library,
      settings: (options) => options.page.getByLabel('Lift toward').selectOption('calm'),
    });
    const page = await openWebPlayer();
    const panel = new PanelPage(page);
    await panel.pickMood('happy');
    await expect.poll(() => panel.count({ testid: 'suggestion-why' }), { timeout: 10_000 }).toBeGreaterThan(4);

    const match = await reasons(panel);
    expect(match.length).toBe(await panel.count({ testid: 'suggestion' }));
    for (const { id, why } of match) {
      const track = byId.get(id) as CatalogTrack;
      expect(why).toContain(`(valence ${two(track.valence)})`);
      expect(why).toContain(`(energy ${two(track.energy)})`);
      expect(why).toContain(`${bpm(track.tempo)} BPM`);
      expect(why).toMatch(/^(Near the middle of|Inside|Just outside|A little outside|Far from) the Happy range/);
      // The whole library is Liked Songs here: the line says where the track comes from.
      expect(why).toMatch(/; from your Liked Songs$/);
    }
    // A screen reader hears the line with the row's Queue button.
    const describedBy = await panel.attr({ css: '[data-testid="suggestion"] button' }, 'aria-describedby');
    expect(describedBy).toBe(await panel.attr({ testid: 'suggestion-why' }, 'id'));
    await panel.screenshot(`${SHOTS}/panel-explain-match.png`);

    // Queued tracks keep their line.
    await panel.click({ role: 'button', name: /^Queue /, within: 'suggestions' });
    await expect.poll(() => spotify.recorded.queue.length).toBe(1);
    await expect.poll(() => panel.isVisible({ text: 'Queued', within: 'suggestions' })).toBe(true);
    expect((await reasons(panel)).every(({ why }) => why.length > 0)).toBe(true);

    await panel.click({ role: 'radio', name: 'Lift my mood' });
    await expect.poll(async () => (await reasons(panel))[0]?.why ?? '', { timeout: 10_000 }).toMatch(/^Step 1 of /);
    const lift = await reasons(panel);
    // A lift may end early (nothing left that moves on toward the target): the steps are numbered out of the plan.
    const steps = Number(/^Step 1 of (\d+)/.exec(lift[0]?.why ?? '')?.[1]);
    expect(steps).toBeGreaterThanOrEqual(lift.length);
    lift.forEach(({ why }, i) => {
      expect(why).toMatch(new RegExp(`^Step ${i + 1} of ${steps}[ ,]`));
    });
    expect(lift[0]?.why).toMatch(/^Step 1 of \d+, starting from Happy[ ,]/);
    expect(lift[1]?.why).toMatch(/^Step 2 of \d+, from Happy toward Calm[ ,]/);
    await panel.screenshot(`${SHOTS}/panel-explain-lift.png`);

    await panel.click({ role: 'radio', name: 'Match my mood' });
    await expect
      .poll(async () => (await reasons(panel))[0]?.why ?? '', { timeout: 10_000 })
      .toMatch(/^(Near the middle of|Inside|Just outside|A little outside|Far from) the Happy range/);
    const popup = await PopupPage.open(openExtensionPage);
    await expect(popup.page.getByTestId('popup-suggestions').getByTestId('suggestion-why').first()).toHaveText(
      /^(Near the middle of|Inside|Just outside|A little outside|Far from) the Happy range/,
    );
    await popup.page.screenshot({ path: `${SHOTS}/popup-explain.png`, fullPage: true });
  });
});
