import type { BackgroundContext, Service } from '@/lib/background/context';
import type { BackgroundHandlers } from '@/lib/protocol';
import { type CommandName, isCommandName, QUEUE_NEXT_COUNT } from './commands';

/** Where keyboard commands come from: `browser.commands.onCommand` in the worker, a fake in tests. */
export interface CommandSource {
  onCommand(listener: (name: string) => void): void;
}

export interface CommandsServiceDeps {
  commands: CommandSource;
  /**
   * The other services' message handlers: a shortcut takes exactly the path the panel's button does
   * (camera switch, "Queue 5", Match/Lift), so it obeys the same rules and shows in every surface the same way.
   */
  handlers: CommandHandlers;
}

/** The handlers a shortcut takes: the camera switch, "Queue 5" and Match/Lift. */
export type CommandHandlers = Pick<BackgroundHandlers, 'setCameraEnabled' | 'queueTracks' | 'updateDjSettings'>;

/**
 * Runs a shortcut. A shortcut is the person's own key press, reported by the browser itself (no page can
 * make one), so it acts as an extension page would.
 */
export async function runCommand(ctx: BackgroundContext, handlers: CommandHandlers, name: CommandName) {
  const from = 'extension-page';
  switch (name) {
    case 'toggle-camera': {
      const { camera } = await ctx.settings.get();
      await handlers.setCameraEnabled(!camera.enabled, from);
      return;
    }
    case 'queue-next':
      await handlers.queueTracks({ count: QUEUE_NEXT_COUNT }, from);
      return;
    case 'toggle-mode': {
      const { dj } = await ctx.settings.get();
      await handlers.updateDjSettings({ mode: dj.mode === 'match' ? 'lift' : 'match' }, from);
      return;
    }
  }
}

/**
 * Keyboard shortcuts: switch the camera, queue the next five, switch Match/Lift. The listener is
 * registered when the service is built, synchronously with the worker's start, as MV3 requires for an
 * event to wake the worker.
 */
export function createCommandsService(ctx: BackgroundContext, deps: CommandsServiceDeps): Service {
  deps.commands.onCommand((name) => {
    if (!isCommandName(name)) return;
    runCommand(ctx, deps.handlers, name).catch((error) => ctx.report(error, 'messaging'));
  });
  return { name: 'commands' };
}
