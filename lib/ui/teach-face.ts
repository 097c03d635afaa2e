import { clientFor } from '@/lib/messaging/client';
import { type KeepFaceOutcome, personalExampleMessages } from '@/lib/mood/messages';
import type { Mood } from '@/lib/mood/types';
import { type CommandStatus, commandStatus } from './commands.svelte';

/**
 * "Not how I feel: I'm `mood`" from a surface (the panel, the popup): asks the background to keep the latest
 * face as a personal example and answers what happened. A failed request (the extension reloaded, the worker
 * gone) shows in the surface's command status and answers null.
 */
export async function keepFaceAs(mood: Mood, status: CommandStatus = commandStatus()): Promise<KeepFaceOutcome | null> {
  try {
    return await clientFor(personalExampleMessages).keepFaceAsExample({ mood });
  } catch (error) {
    status.fail(error);
    return null;
  }
}
