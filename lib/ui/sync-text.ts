import type { SyncProgress } from '@/lib/state/live-state';

const number = new Intl.NumberFormat('en');

/** "1,240 / 2,000 tracks analysed, 3 unknown, next batch in 28 s" and friends. */
export function syncSummary(sync: SyncProgress, now: number): string {
  if (sync.phase === 'listing') {
    return sync.listTotal
      ? `Reading your library: ${number.format(sync.listed ?? 0)} / ${number.format(sync.listTotal)} tracks`
      : 'Reading your library…';
  }
  if (sync.tracks === 0)
    return sync.lastSyncAt ? 'Your library has no saved tracks.' : 'Your library is not synced yet.';
  const parts = [`${number.format(sync.analysed)} / ${number.format(sync.tracks)} tracks analysed`];
  if (sync.unknown > 0) parts.push(`${number.format(sync.unknown)} unknown`);
  if (sync.failed > 0) parts.push(`${number.format(sync.failed)} failed`);
  if (sync.phase === 'paused') parts.push('paused');
  else if (sync.nextBatchAt !== null && sync.analysed + sync.unknown < sync.tracks) {
    const seconds = Math.max(0, Math.ceil((sync.nextBatchAt - now) / 1000));
    parts.push(seconds > 0 ? `next batch in ${formatWait(seconds)}` : 'analysing…');
  }
  return parts.join(', ');
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** 0–1 for a progress bar. */
export function syncFraction(sync: SyncProgress): number {
  if (sync.phase === 'listing') return sync.listTotal ? Math.min(1, (sync.listed ?? 0) / sync.listTotal) : 0;
  return sync.tracks ? (sync.analysed + sync.unknown) / sync.tracks : 0;
}
