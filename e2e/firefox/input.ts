import type { Page } from 'puppeteer-core';
import { until } from './launch';

/**
 * Trusted input on an extension page, found the way a person finds it: a field by its label's words, a button by its
 * own. (Puppeteer's ARIA selectors need the DevTools protocol; over BiDi the DOM is read with `evaluate`.)
 */
type Target = { label: string } | { button: string };

async function centreOf(page: Page, target: Target): Promise<{ x: number; y: number }> {
  const read = () =>
    page.evaluate((t: Target) => {
      const words = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      const el =
        'label' in t
          ? ([...document.querySelectorAll('label')].find((l) => words(l).startsWith(t.label))?.control ?? null)
          : ([...document.querySelectorAll('button')].find((b) => words(b) === t.button) ?? null);
      if (!el) return null;
      el.scrollIntoView({ block: 'center', behavior: 'instant' });
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
    }, target);
  // The page may still be settling (a status line appearing above moves everything): only a place that holds still
  // for a moment is clicked.
  let last = '';
  return until(
    async () => {
      const centre = await read();
      const same = centre !== null && JSON.stringify(centre) === last;
      last = JSON.stringify(centre);
      return same ? centre : null;
    },
    `${JSON.stringify(target)} on the page, holding still`,
  );
}

export async function click(page: Page, target: Target): Promise<void> {
  const { x, y } = await centreOf(page, target);
  await page.mouse.click(x, y);
}

/** Clicks into the field with this label and types `text`. */
export async function fill(page: Page, label: string, text: string): Promise<void> {
  await click(page, { label });
  await page.keyboard.type(text);
}
