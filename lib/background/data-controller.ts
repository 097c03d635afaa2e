import { storage } from 'wxt/utils/storage';
import { deleteEverything } from '@/lib/data/delete';
import { describeImport, importEverything, parseImport } from '@/lib/data/import';
import type { MoodDjDb } from '@/lib/db/schema';
import { INITIAL_LIVE_STATE } from '@/lib/live-state/state';
import type { ImportOutcome } from '@/lib/messaging/protocol';
import type { Settings } from '@/lib/settings/schema';
import { SETTINGS_KEY } from '@/lib/settings/store';
import type { LiveStateStore } from '../live-state/store';
import type { SyncController } from './sync-controller';

export interface DataControllerDeps {
  db: MoodDjDb;
  live: LiveStateStore;
  sync: Pick<SyncController, 'exclusive' | 'disconnect'>;
  /** Replaces the stored settings (an import's, already validated). */
  writeSettings(settings: Settings): Promise<void>;
  /** Removes the stored settings, so every reader gets the defaults. */
  clearSettings(): Promise<void>;
  /**
   * The live mood, the DJ's suggestions and the calibration were reset: the DJ forgets its mood and the
   * offscreen document its baseline (after a deletion).
   */
  onReset(what: 'import' | 'delete'): Promise<void> | void;
}

/** The settings as stored (the background is trusted to write them whole). */
export const settingsStorage: Pick<DataControllerDeps, 'writeSettings' | 'clearSettings'> = {
  writeSettings: (settings) => storage.setItem(SETTINGS_KEY, settings),
  clearSettings: () => storage.removeItem(SETTINGS_KEY),
};

/**
 * Import and Delete everything, done by the background because it owns the data: the library listing and the
 * feature drain stop at a safe point first (see `SyncController.exclusive`), the tables change in one
 * transaction, the live state is reset to match, and the sync resumes. A page that wrote IndexedDB itself
 * could interleave with a running sync and bring deleted rows back or leave wrong counts.
 */
export function createDataController(deps: DataControllerDeps) {
  const { db, live, sync } = deps;

  /** The live fields the replaced data fed: mood, DJ suggestions, calibration (and Spotify after a deletion). */
  async function resetLive(what: 'import' | 'delete'): Promise<void> {
    const calibration = await db.calibration.get('baseline');
    await live.update((state) => ({
      ...state,
      mood: null,
      manualMood: null,
      calibration: calibration
        ? { state: 'set', at: calibration.createdAt, message: null }
        : { state: 'none', at: null, message: null },
      // The DJ switches follow the settings (their watcher updates them); what the player plays stays true.
      dj: { ...INITIAL_LIVE_STATE.dj, nowPlaying: state.dj.nowPlaying, mode: state.dj.mode, autoDj: state.dj.autoDj },
      sync: { ...INITIAL_LIVE_STATE.sync, lastSyncAt: null },
      ...(what === 'delete' ? { spotify: INITIAL_LIVE_STATE.spotify, soundnet: INITIAL_LIVE_STATE.soundnet } : {}),
    }));
    await deps.onReset(what);
  }

  return {
    /**
     * Imports an export file's text. A refused file changes nothing; an accepted one replaces the library,
     * features and history, then a full listing reconciles the library with Spotify (when connected).
     */
    async importData(text: string): Promise<ImportOutcome> {
      const parsed = parseImport(text);
      if (!parsed.ok) return parsed;
      const connected = (await live.get()).spotify.connected;
      const counts = await sync.exclusive(
        async () => {
          const imported = await importEverything(db, parsed.data, deps.writeSettings);
          await resetLive('import');
          return imported;
        },
        { list: connected, full: true },
      );
      return { ok: true, summary: describeImport(counts) };
    },

    /** Empties every table (tokens, key and calibration included), disconnects Spotify and clears the settings. */
    async deleteEverything(): Promise<void> {
      await sync.exclusive(async () => {
        await deleteEverything(db, deps.clearSettings, () => sync.disconnect());
        await resetLive('delete');
      });
    },
  };
}
