/** "2 h 10 min", "45 min", "under 1 min", "0 min". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0 min';
  if (ms < 60_000) return 'under 1 min';
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "3 changes", "1 change", "no changes". */
export function countLabel(n: number, one: string, many: string): string {
  if (n === 0) return `no ${many}`;
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
