import type { z } from 'zod';
import type { MoodDjDb } from '@/lib/db/schema';
import { parseSettings, type Settings } from '@/lib/settings/schema';
import { enqueueMissingFeatures, libraryCursor } from '@/lib/sync/library';
import { EXPORT_FORMAT, EXPORT_VERSION, exportFileSchema, type ImportData } from './format';

export type ParsedImport = { ok: true; data: ImportData } | { ok: false; message: string };

const NOTHING_CHANGED = 'Nothing was imported.';

/** What each part of the file is called in a message. */
const SECTION_NAMES: Record<string, string> = {
  settings: 'settings',
  'library.tracks': 'saved tracks',
  'library.features': 'audio features',
  library: 'library',
  moodHistory: 'mood history',
  playHistory: 'play history',
  exportedAt: 'export date',
};

/**
 * Reads the text of a chosen file. Never throws: a file that is not JSON, not a MoodDJ export, from a
 * newer MoodDJ, or with one bad row is refused with a sentence that says which, and where.
 */
export function parseImport(text: string): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refuse(`This file is not valid JSON, so it is not a MoodDJ export. ${NOTHING_CHANGED}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('format' in raw)) {
    return refuse(`This file is not a MoodDJ export. ${NOTHING_CHANGED}`);
  }
  const file = raw as Record<string, unknown>;
  if (file.format !== EXPORT_FORMAT) return refuse(`This file is not a MoodDJ export. ${NOTHING_CHANGED}`);
  if (typeof file.version === 'number' && file.version > EXPORT_VERSION) {
    return refuse(
      `This file was made by a newer MoodDJ (export version ${file.version}). Update MoodDJ, then import it again. ${NOTHING_CHANGED}`,
    );
  }
  if (file.version !== EXPORT_VERSION) {
    return refuse(`This MoodDJ export has an unknown version (${JSON.stringify(file.version)}). ${NOTHING_CHANGED}`);
  }
  const parsed = exportFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return refuse(`${describeIssue(parsed.error.issues[0])} ${NOTHING_CHANGED}`);
}

function refuse(message: string): ParsedImport {
  return { ok: false, message };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'This MoodDJ export is damaged.';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? ` in ${formatPath(issue.path)}` : '';
    return `This file has parts MoodDJ does not know${where} (${issue.keys.join(', ')}), so it may not be a MoodDJ export.`;
  }
  const [top, second] = issue.path;
  const sectionKey = top === 'library' && typeof second === 'string' ? `library.${second}` : String(top);
  const section = SECTION_NAMES[sectionKey] ?? sectionKey;
  const where = formatPath(issue.path);
  if (issue.path.some((part) => typeof part === 'number')) {
    return `This file has a bad entry in its ${section} (at ${where}): ${issue.message}.`;
  }
  return `This file’s ${section} could not be read (at ${where}): ${issue.message}.`;
}

/** `['moodHistory', 3, 'confidence']` → `moodHistory[3].confidence`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text ? `${text}.${String(part)}` : String(part);
  }, '');
}

/** What an import wrote, for the person to read (see `describeImport`). */
export interface ImportCounts {
  tracks: number;
  features: number;
  moodChanges: number;
  plays: number;
  /** Imported tracks without features, queued so analysis resumes. */
  queued: number;
  /** Settings fields that were invalid in the file and got their defaults. */
  repairedSettings: string[];
}

/**
 * Replaces the library, its features, the mood and play history with the file's, then writes its settings.
 *
 * The tables change in one transaction: if any write fails, none happened. The feature queue is rebuilt
 * (imported tracks without features become pending) and the library sync cursor is reset, so the next
 * sync reconciles the imported library with Spotify in full. Secrets and the calibration are untouched.
 *
 * Settings go through `parseSettings` first, so their write comes after the commit and can only fail on
 * storage itself. An import never switches the camera on: the person does that on this device.
 */
export async function importEverything(
  db: MoodDjDb,
  data: ImportData,
  writeSettings: (settings: Settings) => Promise<void>,
  now: () => number = Date.now,
): Promise<ImportCounts> {
  const { settings, repaired } = parseSettings(data.settings);
  const { tracks, features } = data.library;
  const queued = await db.transaction(
    'rw',
    [db.tracks, db.features, db.featureQueue, db.syncState, db.moodEvents, db.playEvents],
    async () => {
      await Promise.all([
        db.tracks.clear(),
        db.features.clear(),
        db.featureQueue.clear(),
        db.moodEvents.clear(),
        db.playEvents.clear(),
        db.syncState.delete(libraryCursor.key),
      ]);
      // seenInSync 0: older than any sync run, so a full reconcile drops tracks no longer saved.
      await db.tracks.bulkAdd(tracks.map((track) => ({ ...track, seenInSync: 0 })));
      await db.features.bulkAdd(features);
      await db.moodEvents.bulkAdd(data.moodHistory);
      await db.playEvents.bulkAdd(data.playHistory);
      return enqueueMissingFeatures(
        db,
        tracks.map((t) => t.id),
        now(),
      );
    },
  );
  await writeSettings({ ...settings, camera: { ...settings.camera, enabled: false } });
  return {
    tracks: tracks.length,
    features: features.length,
    moodChanges: data.moodHistory.length,
    plays: data.playHistory.length,
    queued,
    repairedSettings: repaired,
  };
}

/** "Imported 2,000 tracks, 1,950 audio features, 312 mood changes and 80 plays. …" */
export function describeImport(counts: ImportCounts): string {
  const parts = [
    count(counts.tracks, 'track'),
    count(counts.features, 'audio feature set', 'audio feature sets'),
    count(counts.moodChanges, 'mood change'),
    count(counts.plays, 'play'),
  ];
  let text = `Imported ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}.`;
  if (counts.queued > 0) text += ` ${count(counts.queued, 'track')} will get audio features as MoodDJ analyses them.`;
  if (counts.repairedSettings.length > 0) {
    text += ` ${count(counts.repairedSettings.length, 'setting')} in the file ${counts.repairedSettings.length === 1 ? 'was' : 'were'} invalid and got the default.`;
  }
  return text;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
