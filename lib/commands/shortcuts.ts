import { t } from '@/lib/i18n';
import { COMMANDS, type CommandName, isCommandName } from './commands';

/** What `browser.commands.getAll()` answers, as far as the list needs it. */
export interface BrowserCommand {
  name?: string;
  shortcut?: string;
}

export interface ShortcutRow {
  name: CommandName;
  /** What the shortcut does, in the person's language. */
  description: string;
  /** The key the browser assigned, or null when none is (taken by another extension, or cleared). */
  shortcut: string | null;
}

/** The browser's page where a person changes extension shortcuts (extension pages may open it). */
export const SHORTCUTS_PAGE = 'chrome://extensions/shortcuts';

/** MoodDJ's shortcuts in their fixed order, with the keys the browser actually assigned. */
export function shortcutRows(assigned: readonly BrowserCommand[]): ShortcutRow[] {
  const keys = new Map<CommandName, string>();
  for (const command of assigned) {
    if (command.name && isCommandName(command.name) && command.shortcut) keys.set(command.name, command.shortcut);
  }
  return (Object.keys(COMMANDS) as CommandName[]).map((name) => ({
    name,
    description: describe(name),
    shortcut: keys.get(name) ?? null,
  }));
}

function describe(name: CommandName): string {
  // Written-out keys, so the i18n test sees each one used.
  switch (name) {
    case 'toggle-camera':
      return t('command_toggle_camera');
    case 'queue-next':
      return t('command_queue_next');
    case 'toggle-mode':
      return t('command_toggle_mode');
  }
}
