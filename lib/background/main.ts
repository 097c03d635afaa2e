import { browser } from 'wxt/browser';
import { createWriters } from '@/lib/async/writers';
import { createOffscreenManager } from '@/lib/camera/offscreen-manager';
import { createTabHost } from '@/lib/camera/tab-host';
import { db } from '@/lib/db/schema';
import { type ErrorTag, reportError } from '@/lib/errors/report';
import { broadcastTo, createLiveStateStore } from '@/lib/live-state/store';
import { listenInBackground } from '@/lib/messaging/receive';
import { migrateSettings } from '@/lib/settings/migrations';
import { getSettings, saveSettings, watchSettings } from '@/lib/settings/store';
import { type BackgroundContext, serviceTables } from './context';
import { createEventBus } from './event-bus';
import { trackPanels } from './panel-presence';
import { rapidApiKeyStore, spotifyTokenStore } from './secrets';
import { createServices } from './services';
import { createSettingsAccess } from './settings-access';
import { createWorkerSpotify } from './spotify';
import { restrictStorageToTrustedContexts } from './storage-access';
import {
  browserAlarms,
  browserIdle,
  firefoxHostTabs,
  greetOnInstall,
  offscreenChannel,
  openPageInTab,
  realClock,
} from './worker-apis';

/**
 * The background's composition root: one context of the real things, handed to every service. Every
 * listener is registered synchronously here or in a service's factory, as MV3 requires.
 */
export function startBackground(): void {
  // Before anything else: content scripts must not read or write settings.
  void restrictStorageToTrustedContexts();
  browser.runtime.onInstalled.addListener(() => {
    migrateSettings().catch((error) => reportError('settings', error));
  });

  const report = (error: unknown, tag: ErrorTag = 'unhandled') => reportError(tag, error);
  // Registered at once, like every listener: a first install opens the welcome page (the setup, step by step).
  greetOnInstall(report);
  const events = createEventBus(report);
  const spotify = createWorkerSpotify();
  const panels = trackPanels((tabIds) => events.emit('panelsChanged', tabIds.size));
  const toSurfaces = broadcastTo(() => panels.tabIds());
  const ctx: BackgroundContext = {
    db: db(),
    live: createLiveStateStore({
      broadcast: (state) => {
        toSurfaces(state);
        events.emit('liveStateChanged', state);
      },
      report: (error) => report(error, 'live-state'),
    }),
    settings: createSettingsAccess({ read: getSettings, write: saveSettings, watch: watchSettings }, (change) =>
      events.emit('settingsChanged', change),
    ),
    secrets: { spotifyTokens: spotifyTokenStore, rapidApiKey: rapidApiKeyStore },
    spotify: spotify.client,
    spotifyGate: spotify.gate,
    spotifyRequests: spotify.requests,
    alarms: browserAlarms,
    clock: realClock,
    events,
    writers: createWriters(),
    report,
  };

  // The camera's host: Chrome's offscreen document; Firefox, which has none and refuses the camera to a background
  // page, a pinned MoodDJ tab (its `tabs.onRemoved` listener is registered here, at start, as MV3 requires).
  const cameraTab = import.meta.env.FIREFOX
    ? createTabHost(firefoxHostTabs(), () => openPageInTab({ page: 'web-player' }))
    : undefined;
  const services = createServices(ctx, {
    offscreen: createOffscreenManager(cameraTab),
    channel: offscreenChannel,
    idle: browserIdle(),
    host: cameraTab,
  });
  const { implementations, alarms } = serviceTables(services);
  listenInBackground(implementations);
  browser.alarms.onAlarm.addListener((alarm) => {
    alarms
      .get(alarm.name)?.()
      .catch((error) => report(error, 'unhandled'));
  });

  // One broken service must not take the others down: each starts on its own.
  for (const service of services) {
    service
      .start?.()
      .catch((error) => report(new Error(`The ${service.name} service did not start`, { cause: error })));
  }
  // The first read emits `settingsChanged` (previous: null), which services follow like any change.
  ctx.settings.get().catch((error) => report(error, 'settings'));
}
