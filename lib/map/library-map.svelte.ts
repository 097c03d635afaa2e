import { latestOnly } from '@/lib/async/latest';
import { describeError, reportError } from '@/lib/errors/report';
import type { SyncProgress } from '@/lib/live-state/state';
import { clientFor } from '@/lib/messaging/client';
import { libraryMapMessages } from '@/lib/recommend/messages';
import type { LibraryMapData } from './points';

/** While features arrive in batches, the map is fetched again at most this often. */
export const MAP_REFRESH_DEBOUNCE_MS = 1500;

/** What in the sync progress means the map's tracks changed: the library, the analysis, a new sync. */
export function libraryKey(sync: SyncProgress | null | undefined): string {
  return sync ? `${sync.tracks}|${sync.analysed}|${sync.lastSyncAt ?? ''}` : '';
}

/**
 * The library map's data on the options page, asked of the background (`getLibraryMap`) when the page
 * opens, when the sync progress says the library or its features changed (debounced: an analysis
 * reports often), and when the page comes back into view (plays may have happened meanwhile).
 * Only the latest answer lands.
 */
export class LibraryMapLoader {
  data = $state.raw<LibraryMapData | null>(null);
  error = $state<string | null>(null);
  #latest = latestOnly();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #key: string | null = null;
  #onChange: () => void;

  /** `onChange` runs after each load: the counts beside the sliders are refreshed with the map. */
  constructor(onChange: () => void = () => {}) {
    this.#onChange = onChange;
  }

  load(): Promise<void> {
    return this.#latest.run(
      () => clientFor(libraryMapMessages).getLibraryMap(),
      (data) => {
        this.data = data;
        this.error = null;
        this.#onChange();
      },
      (error) => {
        this.error = describeError(error);
        reportError('options', error);
      },
    );
  }

  /** The sync progress moved: load again if the library changed (the first call loads at once). */
  syncChanged(sync: SyncProgress | null | undefined): void {
    const key = libraryKey(sync);
    if (key === this.#key) return;
    const first = this.#key === null;
    this.#key = key;
    clearTimeout(this.#timer);
    if (first) void this.load();
    else this.#timer = setTimeout(() => void this.load(), MAP_REFRESH_DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
