import type { Locator, Page } from '@playwright/test';
import type { PickableMood } from '../../lib/mood/types';

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
 * The toolbar popup (popup.html), driven the way a person would. It is an ordinary extension page, so
 * Playwright's locators reach it; specs assert on these locators with web-first `expect`.
 */
export class PopupPage {
  constructor(readonly page: Page) {}

  /** Opens the popup in a tab at the popup's size. */
  static async open(openExtensionPage: (path: string) => Promise<Page>): Promise<PopupPage> {
    const page = await openExtensionPage('/popup.html');
    await page.setViewportSize({ width: 352, height: 480 });
    return new PopupPage(page);
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'MoodDJ' });
  }

  get cameraSwitch(): Locator {
    return this.page.getByTestId('camera-switch');
  }

  /** Carries `data-status` (`off`, `starting`, `on`, …). */
  get cameraState(): Locator {
    return this.page.getByTestId('camera-state');
  }

  /** Carries `data-mood`. */
  get moodBadge(): Locator {
    return this.page.getByTestId('mood-badge');
  }

  get openSpotifyButton(): Locator {
    return this.page.getByRole('button', { name: 'Open Spotify' });
  }

  moodButton(mood: PickableMood): Locator {
    return this.page.getByRole('button', { name: MOOD_LABEL[mood], exact: true });
  }

  /** Picks a mood by hand. */
  async pickMood(mood: PickableMood): Promise<void> {
    await this.moodButton(mood).click();
  }

  async toggleCamera(): Promise<void> {
    await this.cameraSwitch.click();
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
