import { exportFileName, exportJson } from '@/lib/data/export-file';
import { importTooLarge, MAX_IMPORT_BYTES } from '@/lib/data/import-limit';
import { dataMessages } from '@/lib/data/messages';
import { historyMessages } from '@/lib/history/messages';
import { t } from '@/lib/i18n';
import { clientFor } from '@/lib/messaging/client';

const data = clientFor(dataMessages);
const history = clientFor(historyMessages);

/** A line under a button: what happened, or what went wrong (read out as an alert). */
export type Notice = { kind: 'status' | 'alert'; text: string };

/** The data action in progress; one at a time. */
export type DataAction = 'export' | 'import' | 'history' | 'all';

const failure = (error: unknown): Notice => ({
  kind: 'alert',
  text: error instanceof Error ? error.message : String(error),
});

/**
 * "Your data" on the options page. Everything goes through the background, which owns the data: it builds
 * the export object (this page only saves it as a file), imports and deletes with the sync stopped at a
 * safe point, and says how much storage is used.
 */
export class YourData {
  used = $state<number | null | 'unknown'>(null);
  busy = $state<DataAction | null>(null);
  exported = $state<Notice | null>(null);
  imported = $state<Notice | null>(null);
  deleted = $state<Notice | null>(null);
  /** Bumped after an import or a deletion, so the history chart reloads. */
  version = $state(0);

  async refreshStorage(): Promise<void> {
    try {
      this.used = await data.getStorageUsed();
    } catch {
      this.used = 'unknown';
    }
  }

  async exportAll(): Promise<void> {
    await this.#run('export', 'exported', async () => {
      const fileName = exportFileName();
      const json = exportJson(await data.exportData());
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The download has started from the URL by now; revoking later keeps slow browsers safe.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { kind: 'status', text: t('data_saved_to_downloads', fileName) };
    });
  }

  async importFile(file: File): Promise<void> {
    this.imported = null;
    // Refused before reading: a huge file would stall the page (and the background) for nothing.
    if (file.size > MAX_IMPORT_BYTES) {
      this.imported = { kind: 'alert', text: importTooLarge().message };
      return;
    }
    await this.#run('import', 'imported', async () => {
      const outcome = await data.importData({ text: await file.text() });
      if (outcome.ok) this.version++;
      return outcome.ok ? { kind: 'status', text: outcome.summary } : { kind: 'alert', text: outcome.message };
    });
  }

  async deleteHistory(): Promise<void> {
    await this.#run('history', 'deleted', async () => {
      await history.deleteMoodHistory();
      this.version++;
      return { kind: 'status', text: t('data_history_deleted') };
    });
  }

  async deleteAll(): Promise<void> {
    await this.#run('all', 'deleted', async () => {
      await data.deleteEverything();
      this.version++;
      return { kind: 'status', text: t('data_everything_deleted') };
    });
  }

  async #run(action: DataAction, notice: 'exported' | 'imported' | 'deleted', work: () => Promise<Notice>) {
    this.busy = action;
    this[notice] = null;
    try {
      this[notice] = await work();
    } catch (error) {
      this[notice] = failure(error);
    } finally {
      this.busy = null;
      if (action !== 'export') void this.refreshStorage();
    }
  }
}
