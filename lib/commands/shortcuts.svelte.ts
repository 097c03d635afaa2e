import { browser } from 'wxt/browser';
import { describeError } from '@/lib/errors/report';
import { SHORTCUTS_PAGE, type ShortcutRow, shortcutRows } from './shortcuts';

/** The options page's list of shortcuts: read from the browser (the keys a person set), read again on focus. */
export class ShortcutsState {
  rows = $state<ShortcutRow[] | null>(null);
  failed = $state(false);

  async load(): Promise<void> {
    try {
      this.rows = shortcutRows(await browser.commands.getAll());
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  /** Opens the browser's shortcut settings in a tab (a web page could not; an extension page may). */
  async openSettings(): Promise<string | null> {
    try {
      await browser.tabs.create({ url: SHORTCUTS_PAGE });
      return null;
    } catch (error) {
      return describeError(error);
    }
  }
}
