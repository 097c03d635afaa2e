import { formatNumber, t } from '@/lib/i18n';

/**
 * Bytes this extension's origin uses (IndexedDB and caches), per `navigator.storage.estimate()`.
 * Settings in `storage.local` are a few kilobytes and not counted.
 */
export async function storageUsed(
  estimate: () => Promise<StorageEstimate> = () => navigator.storage.estimate(),
): Promise<number> {
  const { usage } = await estimate();
  return usage ?? 0;
}

const UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** Each unit has its own message (some languages write them differently), named in full so the key check sees it. */
function withUnit(n: number, unit: (typeof UNITS)[number]): string {
  const value = formatNumber(n);
  switch (unit) {
    case 'kB':
      return t('data_size_kb', value);
    case 'MB':
      return t('data_size_mb', value);
    case 'GB':
      return t('data_size_gb', value);
    case 'TB':
      return t('data_size_tb', value);
  }
}

/** "0 bytes", "850 bytes", "12 kB", "3.4 MB" ("3,4 MB" in Spanish): decimal units, one decimal below 10. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000)
    return t('data_size_bytes', formatNumber(Number.isFinite(bytes) ? Math.max(0, Math.round(bytes)) : 0));
  let value = bytes;
  let unit: (typeof UNITS)[number] = 'kB';
  for (const next of UNITS) {
    value /= 1000;
    unit = next;
    if (value < 1000) break;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  // 999.96 kB rounds to "1000 kB"; say "1 MB" instead.
  if (rounded >= 1000 && unit !== 'TB') return formatBytes(1000 ** (UNITS.indexOf(unit) + 2));
  return withUnit(rounded, unit);
}
