import type { BackgroundContext, Service } from '@/lib/background/context';
import { INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import { currentMood, withoutMood } from '@/lib/mood/current';
import type { Settings } from '@/lib/settings/schema';
import { deleteEverything } from './delete';
import { exportEverything } from './export';
import { describeImport, importEverything, parseImport } from './import';
import { dataMessages } from './messages';
import { storageUsed } from './usage';

/** What an import or a deletion needs from the library sync (`SyncService.exclusive`). */
export interface SyncHold {
  /**
   * Runs `work` with the listing and the feature drain stopped at a safe point (a request in flight is
   * answered first), then resumes, doing `then` as well.
   */
  exclusive<T>(work: () => Promise<T>, then?: { list: boolean; full: boolean }): Promise<T>;
}

/** The stored settings as a whole: an import replaces them, a deletion removes them. */
export interface SettingsStore {
  write(settings: Settings): Promise<void>;
  /** Removes the stored settings, so every reader gets the defaults. */
  clear(): Promise<void>;
}

export interface DataServiceDeps {
  sync: SyncHold;
  /** Signs out of Spotify (forgets the session the client holds), before the tables are emptied. */
  disconnectSpotify(): Promise<void>;
  /** The settings in `storage.local` (`storedSettings` in the worker). */
  settingsStore: SettingsStore;
  /** @default navigator.storage.estimate */
  estimate?: () => Promise<StorageEstimate>;
}

/**
 * The person's data as a whole: export, import, "delete everything" and the storage used. The background
 * does these because it owns the data. An import or a deletion runs with the sync stopped at a safe point
 * (`SyncHold.exclusive`) and every other writer settled and held (`ctx.writers`: a queue call, a session save,
 * a calibration under way writes before, not after): the tables change in one transaction, the live state is
 * reset to match, and the sync and the writers resume. A page writing IndexedDB itself could interleave with
 * a running sync and bring deleted rows back or leave wrong counts. Afterwards `dataReset` tells the other
 * services (the DJ forgets its mood, the camera its baseline, the history what was being written).
 */
export function createDataService(ctx: BackgroundContext, deps: DataServiceDeps): Service {
  const { db, live, clock, events, writers } = ctx;
  const { sync, settingsStore } = deps;
  const mood = currentMood(ctx);

  /** The live fields the replaced data fed: mood, DJ suggestions, calibration (and Spotify after a deletion). */
  async function resetLive(what: 'import' | 'delete'): Promise<void> {
    const calibration = await db.calibration.get('baseline');
    await mood.write((state) => ({
      ...withoutMood(state),
      calibration: calibration
        ? { state: 'set', at: calibration.createdAt, message: null }
        : { state: 'none', at: null, message: null },
      // The DJ switches follow the settings (their watcher updates them); what the player plays stays true.
      dj: { ...INITIAL_LIVE_STATE.dj, nowPlaying: state.dj.nowPlaying, mode: state.dj.mode, autoDj: state.dj.autoDj },
      sync: { ...INITIAL_LIVE_STATE.sync, lastSyncAt: null },
      ...(what === 'delete' ? { spotify: INITIAL_LIVE_STATE.spotify, soundnet: INITIAL_LIVE_STATE.soundnet } : {}),
    }));
    events.emit('dataReset', what);
  }

  return {
    name: 'data',
    handles: [
      implement(dataMessages, {
        /**
         * Imports an export file's text. A refused file changes nothing and does not pause the sync; an
         * accepted one replaces the library, features and history, then a full listing reconciles the
         * library with Spotify (when connected).
         */
        importData: async ({ text }) => {
          const parsed = parseImport(text);
          if (!parsed.ok) return parsed;
          const connected = (await live.get()).spotify.connected;
          const counts = await sync.exclusive(
            () =>
              writers.exclusive(async () => {
                const imported = await importEverything(db, parsed.data, settingsStore.write, () => clock.now());
                await resetLive('import');
                return imported;
              }),
            { list: connected, full: true },
          );
          return { ok: true as const, summary: describeImport(counts) };
        },
        /** Empties every table (tokens, key and calibration included), disconnects Spotify and clears the settings. */
        deleteEverything: async () => {
          await sync.exclusive(() =>
            writers.exclusive(async () => {
              await deleteEverything(db, settingsStore.clear, deps.disconnectSpotify);
              await resetLive('delete');
            }),
          );
        },
        exportData: () =>
          exportEverything(
            db,
            () => ctx.settings.get(),
            () => new Date(clock.now()),
          ),
        getStorageUsed: () => storageUsed(deps.estimate),
      }),
    ],
  };
}
