import type { z } from 'zod';
import { LIKED_SOURCE, type MoodDjDb } from '@/lib/db/schema';
import { t, tPlural } from '@/lib/i18n';
import { parseSettings, type Settings } from '@/lib/settings/schema';
import { enqueueMissingFeatures, libraryCursor } from '@/lib/sync/library';
import { playlistSourcesState } from '@/lib/sync/playlist-sources';
import { EXPORT_FORMAT, EXPORT_VERSION, exportFileSchema, type ImportData, READABLE_VERSIONS } from './format';
import { importTooLarge, MAX_IMPORT_BYTES } from './import-limit';

export type ParsedImport = { ok: true; data: ImportData } | { ok: false; message: string };

export { importTooLarge, MAX_IMPORT_BYTES };

/** Whether `text` takes more than `MAX_IMPORT_BYTES` as UTF-8, without encoding it when its length decides. */
export function importTextTooLarge(text: string): boolean {
  // UTF-8 takes 1 to 3 bytes per UTF-16 code unit.
  if (text.length > MAX_IMPORT_BYTES) return true;
  if (text.length * 3 <= MAX_IMPORT_BYTES) return false;
  return new TextEncoder().encode(text).length > MAX_IMPORT_BYTES;
}

/** What each part of the file is called in a message. */
function sectionName(key: string): string {
  switch (key) {
    case 'settings':
      return t('data_section_settings');
    case 'library.tracks':
      return t('data_section_tracks');
    case 'library.features':
      return t('data_section_features');
    case 'library':
      return t('data_section_library');
    case 'moodHistory':
      return t('data_section_mood_history');
    case 'playHistory':
      return t('data_section_play_history');
    case 'exportedAt':
      return t('data_section_exported_at');
    default:
      return key;
  }
}

/**
 * Reads the text of a chosen file. Never throws: a file over `MAX_IMPORT_BYTES`, not JSON, not a MoodDJ export,
 * from a newer MoodDJ, or with one bad row is refused with a sentence that says which, and where.
 */
export function parseImport(text: string): ParsedImport {
  if (importTextTooLarge(text)) return importTooLarge();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refuse(t('data_import_not_json'));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('format' in raw)) {
    return refuse(t('data_import_not_export'));
  }
  const file = raw as Record<string, unknown>;
  if (file.format !== EXPORT_FORMAT) return refuse(t('data_import_not_export'));
  if (typeof file.version === 'number' && file.version > EXPORT_VERSION) {
    return refuse(t('data_import_newer', file.version));
  }
  if (typeof file.version !== 'number' || !READABLE_VERSIONS.includes(file.version)) {
    return refuse(t('data_import_unknown_version', String(JSON.stringify(file.version))));
  }
  const parsed = exportFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return refuse(describeIssue(parsed.error.issues[0]));
}

/** A refusal always ends by saying nothing changed. */
function refuse(message: string): { ok: false; message: string } {
  return { ok: false, message: `${message} ${t('data_nothing_imported')}` };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return t('data_import_damaged');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return issue.path.length
      ? t('data_import_unknown_parts_in', formatPath(issue.path), keys)
      : t('data_import_unknown_parts', keys);
  }
  const [top, second] = issue.path;
  const sectionKey = top === 'library' && typeof second === 'string' ? `library.${second}` : String(top);
  const section = sectionName(sectionKey);
  const where = formatPath(issue.path);
  if (issue.path.some((part) => typeof part === 'number')) {
    return t('data_import_bad_entry', section, where, issue.message);
  }
  return t('data_import_unreadable', section, where, issue.message);
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
        // The playlists' snapshots too: the next sync reads the chosen ones again and gives back their sources.
        db.syncState.delete(playlistSourcesState.key),
      ]);
      // seenInSync 0: older than any sync run, so a full reconcile drops tracks no longer saved; that sync
      // also marks the tracks Spotify says are not playable.
      await db.tracks.bulkAdd(
        tracks.map((track) => ({ ...track, seenInSync: 0, playable: true, sources: [LIKED_SOURCE] })),
      );
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
  let text = t(
    'data_imported',
    tPlural('data_count_track', counts.tracks),
    tPlural('data_count_feature', counts.features),
    tPlural('data_count_mood_change', counts.moodChanges),
    tPlural('data_count_play', counts.plays),
  );
  if (counts.queued > 0) text += ` ${tPlural('data_imported_queued', counts.queued)}`;
  const repaired = counts.repairedSettings.length;
  if (repaired > 0) text += ` ${tPlural('data_imported_repaired', repaired)}`;
  return text;
}
