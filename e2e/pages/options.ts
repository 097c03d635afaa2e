import type { Locator, Page } from '@playwright/test';

/** The options page's sections by their anchor id, with the heading each shows. */
export const OPTIONS_SECTIONS = {
  camera: 'Camera & detection',
  dj: 'DJ',
  spotify: 'Spotify',
  features: 'Audio features',
  moods: 'Moods',
  data: 'Your data',
} as const;
export type OptionsSection = keyof typeof OPTIONS_SECTIONS;

/**
 * The options page (options.html), driven the way a person would: by labels, roles and the
 * `data-testid`s the sections keep. An ordinary extension page, so Playwright's locators reach it.
 */
export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(openExtensionPage: (path: string) => Promise<Page>): Promise<OptionsPage> {
    return new OptionsPage(await openExtensionPage('/options.html'));
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'MoodDJ settings' });
  }

  section(id: OptionsSection): Locator {
    return this.page.locator(`#${id}`);
  }

  /** The sections' ids in page order (Spotify comes first until it is connected), and the nav's links. */
  async sectionOrder(): Promise<{ sections: string[]; nav: string[] }> {
    return {
      sections: await this.page
        .locator('[data-testid="options"] > section[id]')
        .evaluateAll((els) => els.map((el) => el.id)),
      nav: await this.page
        .getByRole('navigation')
        .getByRole('link')
        .evaluateAll((els) => els.map((el) => el.getAttribute('href')?.slice(1) ?? '')),
    };
  }

  /**
   * An action's outcome beside its button (`components/ActionStatus.svelte`), found by its test id once it shows:
   * carries `data-outcome` (`done` or `failed`).
   */
  outcome(testid: string): Locator {
    return this.page.getByTestId(testid);
  }

  /**
   * The outcome `button` points at with `aria-describedby`, as assistive technology finds it. Read before the
   * click: some buttons go once they have done their job (the outcome stays).
   */
  async outcomeOf(button: Locator): Promise<Locator> {
    const ids = ((await button.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    return this.page.locator(
      ids.map((id) => `[id="${id}"][data-outcome]`).join(', ') || '[data-outcome="none-described"]',
    );
  }

  sectionHeading(id: OptionsSection): Locator {
    return this.section(id).getByRole('heading', { name: OPTIONS_SECTIONS[id], exact: true });
  }

  /**
   * The controls that show a section is really there (not an empty box): what its screenshot must
   * contain.
   */
  keyControls(id: OptionsSection): Locator[] {
    const section = this.section(id);
    switch (id) {
      case 'camera':
        return [section.getByTestId('options-camera-switch'), section.getByLabel('Frames per second')];
      case 'dj':
        return [section.getByLabel('A new mood must hold for'), section.getByLabel('Tracks to keep queued ahead')];
      case 'spotify':
        return [section.getByTestId('redirect-uri'), section.getByLabel('Client ID')];
      case 'features':
        return [
          section.getByLabel('Requests per day, at most', { exact: true }),
          section.getByLabel('Requests per minute, at most'),
        ];
      case 'moods':
        return [section.getByTestId('mood-ranges-happy'), section.getByTestId('mood-ranges-sad')];
      case 'data':
        return [section.getByTestId('export-button'), section.getByTestId('delete-everything')];
    }
  }

  get framesPerSecond(): Locator {
    return this.page.getByLabel('Frames per second');
  }

  get clientId(): Locator {
    return this.page.getByLabel('Client ID');
  }

  get requestsPerMinute(): Locator {
    return this.page.getByLabel('Requests per minute, at most');
  }

  get redirectUri(): Locator {
    return this.page.getByTestId('redirect-uri');
  }

  /** Carries `data-connected`. */
  get spotifyConnection(): Locator {
    return this.page.getByTestId('spotify-connection');
  }

  get syncSummary(): Locator {
    return this.page.getByTestId('sync-summary');
  }

  get importInput(): Locator {
    return this.page.getByTestId('import-input');
  }

  get importResult(): Locator {
    return this.page.getByTestId('import-result');
  }

  /** "N tracks match" beside a mood's sliders. */
  moodCount(mood: string): Locator {
    return this.page.getByTestId(`mood-count-${mood}`);
  }

  /** One handle of a mood's range slider, e.g. `rangeHandle('happy', 'Valence', 'from')`. */
  rangeHandle(mood: string, axis: 'Valence' | 'Energy' | 'Tempo', end: 'from' | 'to'): Locator {
    return this.page.getByTestId(`mood-ranges-${mood}`).getByLabel(`${axis} ${end}`);
  }

  /** The library map (carries `data-tracks`); its plot area is where the pointer drags boxes. */
  get libraryMap(): Locator {
    return this.page.getByTestId('library-map');
  }

  get libraryMapPlot(): Locator {
    return this.libraryMap.locator('.u-over');
  }

  /** The map's tooltip: the track under the pointer or keyboard focus (carries `data-track-id`). */
  get mapTrack(): Locator {
    return this.page.getByTestId('map-track');
  }

  /**
   * Drags on the map from one (valence, energy) point to another, in `steps` pointer moves, with
   * `during` run before letting go (e.g. a screenshot of the drag).
   */
  async dragOnMap(
    from: { valence: number; energy: number },
    to: { valence: number; energy: number },
    { steps = 12, during }: { steps?: number; during?: () => Promise<void> } = {},
  ): Promise<void> {
    const box = await this.libraryMapPlot.boundingBox();
    if (!box) throw new Error('the library map is not on screen');
    const at = (p: { valence: number; energy: number }) => ({
      x: box.x + p.valence * box.width,
      y: box.y + (1 - p.energy) * box.height,
    });
    const a = at(from);
    const b = at(to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x, b.y, { steps });
    await during?.();
    await this.page.mouse.up();
  }

  historyTotal(mood: string): Locator {
    return this.page.getByTestId(`history-total-${mood}`);
  }

  /**
   * Connects Spotify with a Client ID (the fake Spotify server answers the sign-in), first raising the
   * feature providers' rate so an analysis does not crawl.
   */
  async connectSpotify(clientId: string, requestsPerMinute = 600): Promise<void> {
    await this.requestsPerMinute.fill(String(requestsPerMinute));
    await this.clientId.fill(clientId);
    await this.page.getByRole('button', { name: 'Connect Spotify' }).click();
  }

  /** Exports everything and returns the downloaded file's path. */
  async exportFile(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('export-button').click();
    return (await download).path();
  }

  /** "Delete everything", confirmed. */
  async deleteEverything(): Promise<void> {
    await this.page.getByTestId('delete-everything').click();
    await this.page.getByTestId('confirm-delete').click();
  }

  async importFile(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.importInput.setInputFiles(file);
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }
}
