import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { ActionOutcome } from '@/lib/ui/action-outcome.svelte';
import { SHORTCUTS_PAGE, type ShortcutRow, shortcutRows } from './shortcuts';

/** The options page's list of shortcuts: read from the browser (the keys a person set), read again on focus. */
export class ShortcutsState {
  rows = $state<ShortcutRow[] | null>(null);
  failed = $state(false);
  /** How opening the browser's shortcut settings went, beside its button. */
  readonly opening = new ActionOutcome();

  async load(): Promise<void> {
    try {
      this.rows = shortcutRows(await browser.commands.getAll());
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  /** Opens the browser's shortcut settings in a tab (a web page could not; an extension page may). */
  openSettings(): Promise<unknown> {
    return this.opening.run(() => browser.tabs.create({ url: SHORTCUTS_PAGE }), { done: t('outcome_opened_tab') });
  }
}
