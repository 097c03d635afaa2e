import { browser } from 'wxt/browser';
import type { CommandSource } from './service';

/** The worker's keyboard commands (the manifest's `commands`). */
export const browserCommands: CommandSource = {
  onCommand: (listener) => browser.commands.onCommand.addListener((name) => listener(name)),
};
