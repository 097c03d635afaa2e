import { formatNumber as number, t, tPlural } from '@/lib/i18n';
import type { SyncProgress } from '@/lib/live-state/state';

/** "1,240 / 2,000 tracks analysed, 3 unknown, next batch in 28 s" and friends. */
export function syncSummary(sync: SyncProgress, now: number): string {
  if (sync.phase === 'listing') {
    return sync.listTotal
      ? t('sync_listing_progress', number(sync.listed ?? 0), number(sync.listTotal))
      : t('sync_listing');
  }
  if (sync.tracks === 0) return sync.lastSyncAt ? t('sync_no_tracks') : t('sync_not_synced');
  const parts = [tPlural('sync_analysed', sync.tracks, number(sync.analysed), number(sync.tracks))];
  if (sync.unknown > 0) parts.push(tPlural('sync_unknown', sync.unknown));
  if (sync.failed > 0) parts.push(tPlural('sync_failed', sync.failed));
  if (sync.phase === 'paused') parts.push(t('sync_paused'));
  else if (sync.nextBatchAt !== null && sync.analysed + sync.unknown < sync.tracks) {
    const seconds = Math.max(0, Math.ceil((sync.nextBatchAt - now) / 1000));
    parts.push(seconds > 0 ? t('sync_next_batch', formatWait(seconds)) : t('sync_analysing'));
  }
  return parts.join(', ');
}

/** "2 saved items could not be read and were skipped.", or null when every item was read. */
export function unreadableText(sync: SyncProgress): string | null {
  if (sync.unreadable === 0) return null;
  return tPlural('sync_unreadable', sync.unreadable);
}

function formatWait(seconds: number): string {
  if (seconds < 90) return t('sync_wait_seconds', seconds);
  if (seconds < 90 * 60) return t('sync_wait_minutes', Math.round(seconds / 60));
  return t('sync_wait_hours', Math.round(seconds / 3600));
}

/** 0–1 for a progress bar. */
export function syncFraction(sync: SyncProgress): number {
  if (sync.phase === 'listing') return sync.listTotal ? Math.min(1, (sync.listed ?? 0) / sync.listTotal) : 0;
  return sync.tracks ? (sync.analysed + sync.unknown) / sync.tracks : 0;
}
