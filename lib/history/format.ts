import { t, tPlural } from '@/lib/i18n';

/** "2 h 10 min", "45 min", "under 1 min", "0 min". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return t('history_duration_zero');
  if (ms < 60_000) return t('history_duration_under_minute');
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('history_duration_minutes', m);
  return m === 0 ? t('history_duration_hours', h) : t('history_duration_hours_minutes', h, m);
}

/** "3 changes", "1 change", "no changes". */
export function changesLabel(n: number): string {
  if (n === 0) return t('history_changes_none');
  return tPlural('history_changes', n);
}
