import type { MoodDjExport } from './format';

// The page's half of an export: the background builds the object (`exportEverything`), the page saves it.

/** `mooddj-export-2026-11-24.json`, dated in the person's local time zone. */
export function exportFileName(now: Date = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `mooddj-export-${day}.json`;
}

/** The export as the text of a file: indented, so a person can read what it holds. */
export function exportJson(data: MoodDjExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
