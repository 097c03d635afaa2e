import type { MessageKey } from '@/lib/i18n';

/**
 * MoodDJ's keyboard shortcuts, declared in the manifest's `commands` (`wxt.config.ts`). Each has a
 * suggested key; the person can change or clear them at chrome://extensions/shortcuts. Chrome takes at most
 * four suggested keys per extension. Alt+Shift with these letters is free in Chrome and in the web player.
 */
export const COMMANDS = {
  'toggle-camera': { key: 'Alt+Shift+M', description: 'command_toggle_camera' },
  'queue-next': { key: 'Alt+Shift+Q', description: 'command_queue_next' },
  'toggle-mode': { key: 'Alt+Shift+L', description: 'command_toggle_mode' },
} as const satisfies Record<string, { key: string; description: MessageKey }>;

export type CommandName = keyof typeof COMMANDS;

/** How many tracks "queue the next" queues: the panel's "Queue 5" button. */
export const QUEUE_NEXT_COUNT = 5;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The manifest's `commands`: a suggested key and a description (in the person's language) for each. */
export function manifestCommands(): Record<CommandName, { suggested_key: { default: string }; description: string }> {
  const entries = Object.entries(COMMANDS).map(([name, command]) => [
    name,
    { suggested_key: { default: command.key }, description: `__MSG_${command.description}__` },
  ]);
  return Object.fromEntries(entries);
}
