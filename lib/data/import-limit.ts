import { t } from '@/lib/i18n';
import { formatBytes } from './usage';

/**
 * The largest file an import reads: a library of 10,000 tracks with features and years of history exports to
 * well under 20 MB, and reading a much larger file would stall the page and the background for nothing.
 * The options page refuses a larger file before reading it; the background checks the text again.
 */
export const MAX_IMPORT_BYTES = 50_000_000;

/** The refusal for a file over `MAX_IMPORT_BYTES`, e.g. "This file is larger than 50 MB, …". */
export function importTooLarge(): { ok: false; message: string } {
  return {
    ok: false,
    message: `${t('data_import_too_large', formatBytes(MAX_IMPORT_BYTES))} ${t('data_nothing_imported')}`,
  };
}
