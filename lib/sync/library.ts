import { z } from 'zod';
import { LIKED_SOURCE, type MoodDjDb, trackSources } from '@/lib/db/schema';
import type { LiveState } from '@/lib/live-state/state';
import { type SavedTrackRow, savedTrackRows } from '@/lib/spotify/client';
import type { SavedTracksPage } from '@/lib/spotify/schemas';
import { storedValue } from '../db/stored';
import { dropFrom, putFromSource } from './track-sources';

/** A saved track as the Spotify layer hands it over (local files and null ids already dropped). */
export type LibraryTrack = SavedTrackRow;

/** One page of `GET /me/tracks`. `itemCount` counts every item, skipped ones included, for the offset. */
export interface LibraryPage {
  tracks: LibraryTrack[];
  itemCount: number;
  /** Items of `itemCount` that could not be read (malformed), skipped like local files and counted apart. */
  unreadable: number;
  total: number;
  hasNext: boolean;
}

/** A parsed `GET /me/tracks` page as the listing takes it: unreadable items still move the offset on. */
export function toLibraryPage(page: SavedTracksPage): LibraryPage {
  return {
    tracks: savedTrackRows(page),
    itemCount: page.items.length + page.unreadable,
    unreadable: page.unreadable,
    total: page.total,
    hasNext: page.next !== null,
  };
}

export interface LibrarySyncDeps {
  db: MoodDjDb;
  fetchPage(offset: number, limit: number): Promise<LibraryPage>;
  now(): number;
  /** Called after each stored page, for live progress. */
  onProgress?(cursor: LibraryCursor): void;
  /**
   * True when the listing must stop at the next safe point (between pages), e.g. for an import. The cursor
   * stays in its listing phase, so the next run resumes at the stored offset.
   */
  shouldStop?(): boolean;
}

export const PAGE_SIZE = 50;
/** A full reconcile (which notices removed tracks) runs at least this often. */
export const FULL_RECONCILE_MS = 7 * 24 * 60 * 60 * 1000;

const cursorSchema = z.object({
  phase: z.enum(['idle', 'listing']),
  mode: z.enum(['full', 'incremental']),
  runId: z.number().int().min(0),
  offset: z.number().int().min(0),
  /** The newest `added_at` known before this run; an incremental run stops there. */
  newestAddedAt: z.string().nullable(),
  /** Items the last full run skipped (local files, null ids, unreadable items), so counts can be compared. */
  skipped: z.number().int().min(0),
  runSkipped: z.number().int().min(0),
  /**
   * Of those, items that could not be read (malformed), which the person is told about; `runUnreadable` counts
   * the run under way. Defaults: cursors stored before these existed must not be reset (and the offset lost).
   */
  unreadable: z.number().int().min(0).default(0),
  runUnreadable: z.number().int().min(0).default(0),
  total: z.number().int().min(0).nullable(),
  requests: z.number().int().min(0),
  lastFullAt: z.number().nullable(),
  lastSyncAt: z.number().nullable(),
});

export type LibraryCursor = z.infer<typeof cursorSchema>;

export const libraryCursor = storedValue(
  'library',
  cursorSchema,
  (): LibraryCursor => ({
    phase: 'idle',
    mode: 'full',
    runId: 0,
    offset: 0,
    newestAddedAt: null,
    skipped: 0,
    runSkipped: 0,
    unreadable: 0,
    runUnreadable: 0,
    total: null,
    requests: 0,
    lastFullAt: null,
    lastSyncAt: null,
  }),
);

/**
 * Brings the saved library into IndexedDB, 50 tracks a request. The first run and a
 * weekly reconcile list everything (and drop tracks no longer saved); other runs stop at
 * the first track already known. Progress is stored with each page, so a worker stopped
 * mid-run resumes at the same offset. New tracks without features join the feature queue.
 */
export async function syncLibrary(deps: LibrarySyncDeps, options: { full?: boolean } = {}): Promise<LibraryCursor> {
  const { db } = deps;
  let cursor = await libraryCursor.get(db);
  if (cursor.phase === 'idle') cursor = await beginRun(deps, cursor, options.full ?? false);
  let switchedToFull = false;

  for (;;) {
    if (deps.shouldStop?.()) return cursor;
    const page = await deps.fetchPage(cursor.offset, PAGE_SIZE);
    const reachedKnown = await db.transaction(
      'rw',
      [db.tracks, db.features, db.featureQueue, db.syncState],
      async () => {
        let fresh = page.tracks;
        let stop = false;
        if (cursor.mode === 'incremental') {
          const stored = await db.tracks.bulkGet(fresh.map((t) => t.id));
          // Known tracks this page shows turned (un)playable are updated, though the listing stops at them.
          await db.tracks.bulkUpdate(
            fresh.flatMap((t, i) =>
              stored[i] && stored[i].playable !== t.playable ? [{ key: t.id, changes: { playable: t.playable } }] : [],
            ),
          );
          // Known as a saved track: one a playlist brought in is new to Liked Songs.
          const firstKnown = fresh.findIndex((t, i) => {
            const row = stored[i];
            return (
              row !== undefined &&
              trackSources(row).includes(LIKED_SOURCE) &&
              cursor.newestAddedAt !== null &&
              t.addedAt <= cursor.newestAddedAt
            );
          });
          if (firstKnown >= 0) {
            fresh = fresh.slice(0, firstKnown);
            stop = true;
          }
        }
        await putFromSource(db, LIKED_SOURCE, fresh, cursor.runId);
        await enqueueMissingFeatures(
          db,
          fresh.map((t) => t.id),
          deps.now(),
        );
        cursor = {
          ...cursor,
          offset: cursor.offset + page.itemCount,
          total: page.total,
          requests: cursor.requests + 1,
          runSkipped: cursor.runSkipped + (page.itemCount - page.tracks.length),
          runUnreadable: cursor.runUnreadable + page.unreadable,
        };
        await libraryCursor.set(db, cursor, deps.now());
        return stop;
      },
    );
    deps.onProgress?.(cursor);
    if (!reachedKnown && page.hasNext && page.itemCount > 0) continue;

    if (cursor.mode === 'incremental') {
      // Counts that disagree mean tracks were removed (or missed): reconcile in full, once.
      const count = await db.tracks.where('sources').equals(LIKED_SOURCE).count();
      if (!switchedToFull && cursor.total !== null && count + cursor.skipped !== cursor.total) {
        switchedToFull = true;
        cursor = await beginRun(deps, { ...cursor, phase: 'idle' }, true, cursor.requests);
        continue;
      }
      return finish(deps, cursor, false);
    }
    return finish(deps, cursor, true);
  }
}

async function beginRun(
  deps: LibrarySyncDeps,
  previous: LibraryCursor,
  forceFull: boolean,
  requestsSoFar = 0,
): Promise<LibraryCursor> {
  const { db } = deps;
  // The newest saved track (a playlist's tracks carry the time they were added there, which says nothing here).
  const newest = await db.tracks
    .orderBy('addedAt')
    .reverse()
    .filter((row) => trackSources(row).includes(LIKED_SOURCE))
    .first();
  const stale = previous.lastFullAt === null || deps.now() - previous.lastFullAt > FULL_RECONCILE_MS;
  const cursor: LibraryCursor = {
    ...previous,
    phase: 'listing',
    mode: forceFull || stale || !newest ? 'full' : 'incremental',
    runId: previous.runId + 1,
    offset: 0,
    newestAddedAt: newest?.addedAt ?? null,
    runSkipped: 0,
    runUnreadable: 0,
    total: null,
    requests: requestsSoFar,
  };
  await libraryCursor.set(db, cursor, deps.now());
  return cursor;
}

async function finish(deps: LibrarySyncDeps, cursor: LibraryCursor, full: boolean): Promise<LibraryCursor> {
  const { db } = deps;
  const now = deps.now();
  return db.transaction('rw', [db.tracks, db.featureQueue, db.syncState], async () => {
    if (full) {
      // Tracks this full run did not see are no longer saved: they leave Liked Songs, and the library unless a
      // chosen playlist holds them. Their features stay cached: re-saving a track must not cost another request.
      const unseen = await db.tracks.where('seenInSync').below(cursor.runId).toArray();
      await dropFrom(
        db,
        LIKED_SOURCE,
        unseen.filter((row) => trackSources(row).includes(LIKED_SOURCE)),
      );
    }
    const done: LibraryCursor = {
      ...cursor,
      phase: 'idle',
      lastSyncAt: now,
      ...(full ? { lastFullAt: now, skipped: cursor.runSkipped, unreadable: cursor.runUnreadable } : {}),
    };
    await libraryCursor.set(db, done, now);
    deps.onProgress?.(done);
    return done;
  });
}

/**
 * Saved items that could not be read, for the person: those of the full listing under way, else of the last
 * full one (an incremental run reads only the newest items, and a mismatch in counts makes it list in full).
 */
export function unreadableItems(cursor: LibraryCursor): number {
  return cursor.phase === 'listing' && cursor.mode === 'full' ? cursor.runUnreadable : cursor.unreadable;
}

/** The live state with a listing's progress (after each stored page). */
export function withListing(state: LiveState, cursor: LibraryCursor): LiveState {
  return {
    ...state,
    sync: {
      ...state.sync,
      phase: cursor.phase === 'listing' ? 'listing' : state.sync.phase,
      listed: cursor.offset,
      listTotal: cursor.total,
      unreadable: unreadableItems(cursor),
      problem: null,
    },
  };
}

/** Queues the tracks that have no features and are not queued yet; never re-queues a fetched one. */
export async function enqueueMissingFeatures(db: MoodDjDb, ids: readonly string[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const have = new Set(await db.features.where('trackId').anyOf(ids).primaryKeys());
  const queued = new Set(await db.featureQueue.where('trackId').anyOf(ids).primaryKeys());
  const add = ids.filter((id) => !have.has(id) && !queued.has(id));
  await db.featureQueue.bulkAdd(
    add.map((trackId) => ({
      trackId,
      status: 'pending',
      nextAttemptAt: now,
      attempts: 0,
      lastError: null,
      unknownTo: [],
    })),
  );
  return add.length;
}
