import { exportFileName, exportJson } from '@/lib/data/export-file';
import { importTooLarge, MAX_IMPORT_BYTES } from '@/lib/data/import-limit';
import { dataMessages } from '@/lib/data/messages';
import { historyMessages } from '@/lib/history/messages';
import { t, tPlural } from '@/lib/i18n';
import { clientFor } from '@/lib/messaging/client';
import { ActionOutcome } from '@/lib/ui/action-outcome.svelte';

const data = clientFor(dataMessages);
const history = clientFor(historyMessages);

/** The data action in progress; one at a time. */
export type DataAction = 'export' | 'import' | 'history' | 'all';

/**
 * "Your data" on the options page. Everything goes through the background, which owns the data: it builds
 * the export object (this page only saves it as a file), imports and deletes with the sync stopped at a
 * safe point, and says how much storage is used.
 */
export class YourData {
  used = $state<number | null | 'unknown'>(null);
  busy = $state<DataAction | null>(null);
  // What each action did, beside its button: the file saved, the import's summary, what was deleted.
  readonly exported = new ActionOutcome({ keepDone: true });
  readonly imported = new ActionOutcome({ keepDone: true });
  readonly historyDeleted = new ActionOutcome();
  readonly allDeleted = new ActionOutcome({ keepDone: true });
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
    await this.#run('export', this.exported, async () => {
      const fileName = exportFileName();
      const json = exportJson(await data.exportData());
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The download has started from the URL by now; revoking later keeps slow browsers safe.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return t('data_saved_to_downloads', fileName);
    });
  }

  async importFile(file: File): Promise<void> {
    // Refused before reading: a huge file would stall the page (and the background) for nothing.
    if (file.size > MAX_IMPORT_BYTES) {
      this.imported.fail(importTooLarge().message);
      return;
    }
    await this.#run('import', this.imported, async () => {
      const outcome = await data.importData({ text: await file.text() });
      if (!outcome.ok) throw new Error(outcome.message);
      this.version++;
      return outcome.summary;
    });
  }

  async deleteHistory(): Promise<void> {
    await this.#run('history', this.historyDeleted, async () => {
      const deleted = await history.deleteMoodHistory();
      this.version++;
      return deleted === 0 ? t('data_history_deleted_none') : tPlural('data_history_deleted', deleted);
    });
  }

  async deleteAll(): Promise<void> {
    await this.#run('all', this.allDeleted, async () => {
      await data.deleteEverything();
      this.version++;
      return t('data_everything_deleted');
    });
  }

  /** One action at a time; its outcome shows beside its button. */
  async #run(action: DataAction, outcome: ActionOutcome, work: () => Promise<string>): Promise<void> {
    this.busy = action;
    try {
      await outcome.run(work, { done: (text) => text });
    } finally {
      this.busy = null;
      if (action !== 'export') void this.refreshStorage();
    }
  }
}
