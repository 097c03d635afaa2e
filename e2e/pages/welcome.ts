import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { PickableMood } from '../../lib/mood/types';
import type { StepStatus, WelcomeStep } from '../../lib/welcome/steps';

/** Each step's heading, as the welcome page shows it in English. */
export const WELCOME_TITLES: Record<WelcomeStep, string> = {
  about: 'What MoodDJ does',
  spotify: 'Connect your Spotify',
  library: 'Read your library',
  camera: 'The camera, or your own pick',
  player: 'Open the web player and press play',
  queue: 'Your first queued tracks',
};

const MOOD_LABEL: Record<PickableMood, string> = {
  happy: 'Happy',
  sad: 'Sad',
  angry: 'Angry',
  surprised: 'Surprised',
  neutral: 'Neutral',
  focus: 'Focus',
  workout: 'Workout',
  winddown: 'Wind down',
};

/**
 * The welcome page (welcome.html), opened by a first install, driven the way a person would: steps by their
 * headings (buttons that open them), controls by label and role. An ordinary extension page, so Playwright's
 * locators reach it.
 */
export class WelcomePage {
  constructor(readonly page: Page) {}

  static async open(openExtensionPage: (path: string) => Promise<Page>): Promise<WelcomePage> {
    return new WelcomePage(await openExtensionPage('/welcome.html'));
  }

  /** The welcome tab the install (or a link) opened: already open, or about to be. */
  static async opened(context: BrowserContext, besides: readonly Page[] = []): Promise<WelcomePage> {
    const page = await pageAt(context, (url) => url.endsWith('/welcome.html'), besides);
    await page.waitForLoadState();
    return new WelcomePage(page);
  }

  get root(): Locator {
    return this.page.getByTestId('welcome');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Welcome to MoodDJ', level: 1 });
  }

  /** "N of 6 done". */
  get progress(): Locator {
    return this.page.getByTestId('welcome-progress');
  }

  /** One step's item (carries `data-status`: done, todo or skipped). */
  step(step: WelcomeStep): Locator {
    return this.page.getByTestId(`welcome-step-${step}`);
  }

  /** The button that opens and closes a step (carries `aria-expanded`). */
  stepHead(step: WelcomeStep): Locator {
    return this.step(step).locator(`#welcome-${step}-head`);
  }

  async status(step: WelcomeStep): Promise<StepStatus> {
    return (await this.step(step).getAttribute('data-status')) as StepStatus;
  }

  /** Opens `step` unless it is open already. */
  async openStep(step: WelcomeStep): Promise<Locator> {
    if ((await this.stepHead(step).getAttribute('aria-expanded')) !== 'true') await this.stepHead(step).click();
    return this.step(step);
  }

  async skip(step: WelcomeStep): Promise<void> {
    await (await this.openStep(step)).getByRole('button', { name: 'Skip for now' }).click();
  }

  get clientId(): Locator {
    return this.step('spotify').getByLabel('Client ID');
  }

  /** What the page says of the Client ID's shape (carries `data-check`). */
  get clientIdCheck(): Locator {
    return this.page.getByTestId('client-id-check');
  }

  get connectButton(): Locator {
    return this.step('spotify').getByRole('button', { name: 'Connect Spotify' });
  }

  /** Why the last Connect failed, beside the button (carries `data-result`: the problem's kind). */
  get connectOutcome(): Locator {
    return this.step('spotify').getByTestId('connect-outcome');
  }

  /** Carries `data-connected`. */
  get spotifyConnection(): Locator {
    return this.step('spotify').getByTestId('spotify-connection');
  }

  get syncSummary(): Locator {
    return this.step('library').getByTestId('sync-summary');
  }

  async pickMood(mood: PickableMood): Promise<void> {
    await (await this.openStep('camera')).getByRole('button', { name: MOOD_LABEL[mood], exact: true }).click();
  }

  get openWebPlayerButton(): Locator {
    return this.step('player').getByRole('button', { name: 'Open the web player', exact: true });
  }

  get queueButton(): Locator {
    return this.step('queue').getByRole('button', { name: /^Queue \d+$/ });
  }

  /** Fills the Client ID and presses Connect Spotify. */
  async connect(clientId: string): Promise<void> {
    await this.openStep('spotify');
    await this.clientId.fill(clientId);
    await this.connectButton.click();
  }

  /** A screenshot of the page as it is (the whole page, so every step shows). */
  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true, animations: 'disabled' });
  }
}

/**
 * A page of `context` whose address `matches`, other than `besides`, as soon as there is one. Polls rather than
 * waiting for the `page` event: a tab the extension opens (`tabs.create`) or Chrome's sign-in window is still
 * `about:blank` when that event fires.
 */
export async function pageAt(
  context: BrowserContext,
  matches: (url: string) => boolean,
  besides: readonly Page[] = [],
  timeoutMs = 10_000,
): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = context.pages().find((each) => !besides.includes(each) && matches(each.url()));
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`No page opened whose address matches ${matches}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
