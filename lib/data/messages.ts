import { z } from 'zod';
import { answers, defineContract, noData } from '@/lib/messaging/contract';
import type { MoodDjExport } from './format';

/**
 * The longest import text accepted, in UTF-16 code units: 50 MiB. A file of at most
 * 50 MB has at most that many characters, so this never refuses a file the page accepted.
 */
export const IMPORT_MAX_CHARS = 50 * 1024 * 1024;

/** The outcome of an import, as the options page shows it. */
export type ImportOutcome = { ok: true; summary: string } | { ok: false; message: string };

// Everything a person keeps: extension pages only, never the panel in a web page.
export const dataMessages = defineContract('background', {
  /**
   * Import a MoodDJ export (the file's text). The background pauses the sync, writes it in one
   * transaction, resets the live state and resumes.
   */
  importData: {
    data: z.strictObject({ text: z.string().max(IMPORT_MAX_CHARS) }),
    from: ['extension-page'],
    answer: answers<ImportOutcome>(),
  },
  /** Delete everything MoodDJ keeps and disconnect Spotify. */
  deleteEverything: { data: noData, from: ['extension-page'], answer: answers() },
  /** Everything a person can take elsewhere, as one export object; the page turns it into a file. */
  exportData: { data: noData, from: ['extension-page'], answer: answers<MoodDjExport>() },
  /** Bytes MoodDJ uses on this device. */
  getStorageUsed: { data: noData, from: ['extension-page'], answer: answers<number>() },
});
