import { createCameraBadgeService } from '@/lib/camera/badge-service';
import { createCameraService } from '@/lib/camera/service';
import { browserCommands } from '@/lib/commands/browser-commands';
import { type CommandSource, createCommandsService } from '@/lib/commands/service';
import { createDataService } from '@/lib/data/service';
import { createDjService } from '@/lib/dj/service';
import { createHistoryService } from '@/lib/history/service';
import { createSessionService } from '@/lib/history/session-service';
import { liveStateMessages } from '@/lib/live-state/messages';
import { implement } from '@/lib/messaging/contract';
import { createPersonalExampleService } from '@/lib/mood/personal-service';
import { createMoodService } from '@/lib/mood/service';
import { createNavigationService } from '@/lib/navigation/service';
import { createPanelViewService } from '@/lib/panel/panel-service';
import { createLibraryMapService } from '@/lib/recommend/map-service';
import { createMoodCountsService } from '@/lib/recommend/service';
import { storedSettings } from '@/lib/settings/store';
import { createSpotifyConnectionService } from '@/lib/spotify/connection-service';
import { createSyncService } from '@/lib/sync/service';
import type { HostAccess } from '@/lib/sync/soundnet-key';
import { type BackgroundContext, type Service, serviceTables } from './context';
import {
  browserActionBadge,
  browserSignIn,
  openPageInTab,
  panelCollapsedItem,
  personalChannel,
  soundnetHostAccess,
} from './worker-apis';

/** What only the worker can give the services (browser APIs no fake context has). */
export type WorkerDeps = Parameters<typeof createCameraService>[1];

/**
 * Every feature of the background, in one list: the root registers their handlers and alarms through
 * one table and starts them all. A new service adds its line here.
 */
export function createServices(
  ctx: BackgroundContext,
  worker: WorkerDeps,
  commands: CommandSource = browserCommands,
  soundnetAccess: HostAccess = soundnetHostAccess,
): Service[] {
  const sync = createSyncService(ctx, { access: soundnetAccess });
  const services: Service[] = [
    // A surface that has just opened asks once; after that the state comes by broadcast.
    { name: 'live-state', handles: [implement(liveStateMessages, { getLiveState: () => ctx.live.get() })] },
    createCameraService(ctx, worker),
    // The toolbar button shows the camera is on, whatever turned it on or off (it follows the live state).
    createCameraBadgeService(ctx, browserActionBadge),
    createMoodService(ctx),
    createPersonalExampleService(ctx, { offscreen: worker.offscreen, channel: personalChannel }),
    createPanelViewService(ctx, panelCollapsedItem()),
    createNavigationService(openPageInTab),
    sync,
    createSpotifyConnectionService(ctx, browserSignIn),
    createDjService(ctx),
    createHistoryService(ctx),
    createSessionService(ctx),
    // `exclusive` is the one direct call between services: an import or a deletion must wait for the sync's
    // safe point and get its result back, which an event cannot do.
    createDataService(ctx, {
      sync,
      disconnectSpotify: () => ctx.secrets.spotifyTokens.clear(),
      settingsStore: storedSettings,
    }),
    createMoodCountsService(ctx),
    createLibraryMapService(ctx),
  ];
  // Keyboard shortcuts take the same paths as the panel's buttons: the handlers of the services above.
  return [...services, createCommandsService(ctx, { commands, handlers: serviceTables(services).handlers })];
}
