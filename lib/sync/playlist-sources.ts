import { z } from 'zod';
import { LIKED_SOURCE, type MoodDjDb, playlistSource, type TrackRow, trackSources } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import { SpotifyError } from '@/lib/spotify/errors';
import type { PlaylistTracksPage } from '@/lib/spotify/playlist-reads';
import type { Playlist, PlaylistsPage } from '@/lib/spotify/schemas';
import { enqueueMissingFeatures } from './library';
import { dropFrom, putFromSource } from './track-sources';

/*
 * Playlists as sources. Each sync lists the user's playlists (`GET /me/playlists`, 50 a page) and reads
 * a chosen playlist's items again only when its `snapshot_id` changed, so a daily check of 50 unchanged playlists
 * costs one request. Tracks are stored once, with their sources; a track no chosen source holds leaves.
 *
 * What a development-mode app may read (Spotify, November 2024 and the February 2026 migration guide): since
 * November 2024 new and development-mode apps get no Spotify-owned editorial or algorithmic playlists (their items
 * answer 404), and since March 2026 `GET /playlists/{id}/items` answers 403 for a playlist the user neither owns
 * nor collaborates on, though `/me/playlists` lists the ones they follow. Such a playlist is shown as refused,
 * with the reason, never as empty.
 */

/** Why Spotify does not let MoodDJ read a chosen playlist. */
export type PlaylistRefusal = 'spotify-owned' | 'not-yours' | 'not-found' | 'unfollowed';

const summarySchema = z.object({
  id: z.string().max(64),
  name: z.string().max(200),
  /** The owner's display name (or id). */
  owner: z.string().max(200),
  mine: z.boolean(),
  spotifyOwned: z.boolean(),
  /** Entries Spotify counts, episodes included; null when not said. */
  tracks: z.number().int().min(0).nullable(),
  snapshotId: z.string().max(200).nullable(),
});
/** A playlist as Options lists it. */
export type PlaylistSummary = z.infer<typeof summarySchema>;

const readSchema = z.object({
  /** The snapshot last read; null after a refusal, so the next pass asks again only if the snapshot moves. */
  snapshotId: z.string().max(200).nullable(),
  refusal: z.enum(['spotify-owned', 'not-yours', 'not-found', 'unfollowed']).nullable(),
  /** Tracks it brought into the library. */
  tracks: z.number().int().min(0),
  at: z.number(),
});
export type PlaylistRead = z.infer<typeof readSchema>;

/** The user's playlists as last listed, and what each chosen one gave. At most this many are kept. */
export const MAX_LISTED_PLAYLISTS = 1000;

export const playlistSourcesState = storedValue(
  'playlist-sources',
  z.object({
    listed: z.array(summarySchema).max(MAX_LISTED_PLAYLISTS),
    listedAt: z.number().nullable(),
    read: z.record(z.string().max(64), readSchema),
    /** The user's id, asked once (`GET /me`), to tell own playlists from followed ones. */
    userId: z.string().max(200).nullable().default(null),
  }),
  () => ({
    listed: [] as PlaylistSummary[],
    listedAt: null as number | null,
    read: {} as Record<string, PlaylistRead>,
    userId: null as string | null,
  }),
);

/** A `/me/playlists` entry as Options shows it. */
export function playlistSummary(playlist: Playlist, userId: string | null): PlaylistSummary {
  const ownerId = playlist.owner?.id ?? null;
  return {
    id: playlist.id.slice(0, 64),
    name: playlist.name.slice(0, 200),
    owner: (playlist.owner?.display_name ?? ownerId ?? '').slice(0, 200),
    mine: ownerId !== null && ownerId === userId,
    spotifyOwned: ownerId === 'spotify',
    tracks: playlist.items?.total ?? playlist.tracks?.total ?? null,
    snapshotId: playlist.snapshot_id?.slice(0, 200) ?? null,
  };
}

export interface PlaylistSyncDeps {
  db: MoodDjDb;
  now(): number;
  /** One page of `GET /me/playlists`. */
  listPage(offset: number): Promise<PlaylistsPage>;
  /** One page of a playlist's tracks. */
  itemsPage(playlistId: string, offset: number): Promise<PlaylistTracksPage>;
  /** The current user's id, to tell own playlists from followed ones. */
  userId: string | null;
  /** Waits between two requests, as the library's pages are spaced. */
  gap(): Promise<void>;
  shouldStop?(): boolean;
}

/** How many pages of `/me/playlists` a listing reads at most (50 each). @default 20 */
export const MAX_PLAYLIST_PAGES = 20;

/** Every playlist the user owns or follows, 50 a page. */
export async function listPlaylists(
  deps: Pick<PlaylistSyncDeps, 'listPage' | 'gap' | 'userId'>,
): Promise<PlaylistSummary[]> {
  const listed: PlaylistSummary[] = [];
  for (let page = 0; page < MAX_PLAYLIST_PAGES; page++) {
    if (page > 0) await deps.gap();
    const { items, next } = await deps.listPage(listed.length === 0 && page === 0 ? 0 : page * 50);
    for (const playlist of items) if (playlist) listed.push(playlistSummary(playlist, deps.userId));
    if (next === null || items.length === 0) break;
  }
  return listed.slice(0, MAX_LISTED_PLAYLISTS);
}

/** What a pass did, for tests and the request count. */
export interface PlaylistSyncResult {
  /** Playlists whose items were read (their snapshot moved, or never read). */
  read: string[];
  refused: string[];
}

/**
 * Brings the chosen playlists' tracks into the library and takes out what no chosen source holds any more.
 * Liked Songs off: its tracks keep only their playlist sources. Spotify's refusal of one playlist is kept as
 * that playlist's state; any other failure (the gate, the network) ends the pass and is thrown.
 */
export async function syncPlaylistSources(
  deps: PlaylistSyncDeps,
  chosen: { likedSongs: boolean; playlists: readonly string[] },
): Promise<PlaylistSyncResult> {
  const { db } = deps;
  const result: PlaylistSyncResult = { read: [], refused: [] };
  await dropUnchosen(db, chosen);
  // What an un-chosen playlist gave is forgotten: chosen again, it is read again, whatever its snapshot.
  const forget = (read: Record<string, PlaylistRead>) =>
    Object.fromEntries(Object.entries(read).filter(([id]) => chosen.playlists.includes(id)));
  if (chosen.playlists.length === 0) {
    await playlistSourcesState.update(db, (state) => ({ ...state, read: {} }), deps.now());
    return result;
  }

  const listed = await listPlaylists(deps);
  let state = await playlistSourcesState.get(db);
  state = { ...state, listed, listedAt: deps.now(), read: forget(state.read) };
  await playlistSourcesState.set(db, state, deps.now());

  for (const id of chosen.playlists) {
    if (deps.shouldStop?.()) break;
    const summary = listed.find((playlist) => playlist.id === id);
    const before = state.read[id];
    let read: PlaylistRead;
    if (!summary) {
      // No longer among the user's playlists: unfollowed (or deleted), so it feeds nothing.
      await db.transaction('rw', [db.tracks, db.featureQueue], () => dropAll(db, playlistSource(id)));
      read = { snapshotId: null, refusal: 'unfollowed', tracks: 0, at: deps.now() };
    } else if (
      before &&
      before.refusal === null &&
      before.snapshotId !== null &&
      before.snapshotId === summary.snapshotId
    ) {
      continue; // Unchanged since it was read: no request.
    } else if (
      before?.refusal &&
      before.refusal !== 'unfollowed' &&
      before.snapshotId === summary.snapshotId &&
      summary.snapshotId !== null
    ) {
      continue; // Refused at this snapshot: asking again would only be refused again.
    } else {
      await deps.gap();
      read = await readPlaylist(deps, summary);
      (read.refusal ? result.refused : result.read).push(id);
    }
    state = { ...state, read: { ...state.read, [id]: read } };
    await playlistSourcesState.set(db, state, deps.now());
  }
  return result;
}

async function readPlaylist(deps: PlaylistSyncDeps, summary: PlaylistSummary): Promise<PlaylistRead> {
  const { db } = deps;
  const source = playlistSource(summary.id);
  const rows: PlaylistTracksPage['tracks'] = [];
  try {
    for (let offset = 0; ; ) {
      if (offset > 0) await deps.gap();
      const page = await deps.itemsPage(summary.id, offset);
      rows.push(...page.tracks);
      offset += page.itemCount;
      if (page.next === null || page.itemCount === 0) break;
    }
  } catch (error) {
    const refusal = refusalOf(error, summary);
    if (!refusal) throw error;
    await db.transaction('rw', [db.tracks, db.featureQueue], () => dropAll(db, source));
    // The snapshot is kept: the same playlist unchanged is not asked for again.
    return { snapshotId: summary.snapshotId, refusal, tracks: 0, at: deps.now() };
  }
  const ids = new Set(rows.map((row) => row.id));
  await db.transaction('rw', [db.tracks, db.featureQueue, db.features], async () => {
    await putFromSource(db, source, rows);
    const left = await db.tracks.where('sources').equals(source).toArray();
    await dropFrom(
      db,
      source,
      left.filter((row) => !ids.has(row.id)),
    );
    await enqueueMissingFeatures(db, [...ids], deps.now());
  });
  return { snapshotId: summary.snapshotId, refusal: null, tracks: ids.size, at: deps.now() };
}

/** Spotify's "you may not read this playlist", in the words Options shows; null for any other failure. */
export function refusalOf(error: unknown, summary: Pick<PlaylistSummary, 'spotifyOwned'>): PlaylistRefusal | null {
  if (!(error instanceof SpotifyError)) return null;
  if (error.kind !== 'forbidden' && error.kind !== 'not-found') return null;
  if (summary.spotifyOwned) return 'spotify-owned';
  return error.kind === 'forbidden' ? 'not-yours' : 'not-found';
}

/** Playlist names a suggestion's explanation names at most. */
export const MAX_SOURCE_NAMES = 3;

/** The chosen playlists each track comes from, by name (as last listed), for "why this track". */
export async function sourceNames(
  db: MoodDjDb,
  tracks: readonly Pick<TrackRow, 'id' | 'sources'>[],
): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (!tracks.some((track) => trackSources(track).some((source) => source !== LIKED_SOURCE))) return names;
  const { listed } = await playlistSourcesState.get(db);
  const byKey = new Map(listed.map((playlist) => [playlistSource(playlist.id), playlist.name]));
  for (const track of tracks) {
    const from = trackSources(track).flatMap((source) => byKey.get(source) ?? []);
    if (from.length > 0) names.set(track.id, from.slice(0, MAX_SOURCE_NAMES));
  }
  return names;
}

async function dropAll(db: MoodDjDb, source: string): Promise<void> {
  await dropFrom(db, source, await db.tracks.where('sources').equals(source).toArray());
}

/** Takes off every source no longer chosen (Liked Songs when unticked), so their tracks leave unless kept. */
async function dropUnchosen(
  db: MoodDjDb,
  chosen: { likedSongs: boolean; playlists: readonly string[] },
): Promise<void> {
  const keep = new Set(chosen.playlists.map(playlistSource));
  if (chosen.likedSongs) keep.add(LIKED_SOURCE);
  await db.transaction('rw', [db.tracks, db.featureQueue], async () => {
    const rows = await db.tracks
      .where('sources')
      .startsWith('playlist:')
      .or('sources')
      .equals(LIKED_SOURCE)
      .distinct()
      .toArray();
    const gone: string[] = [];
    const changed: { key: string; changes: { sources: string[] } }[] = [];
    for (const row of rows) {
      const sources = trackSources(row);
      const kept = sources.filter((source) => keep.has(source));
      if (kept.length === sources.length) continue;
      if (kept.length === 0) gone.push(row.id);
      else changed.push({ key: row.id, changes: { sources: kept } });
    }
    await db.tracks.bulkUpdate(changed);
    await db.tracks.bulkDelete(gone);
    await db.featureQueue.bulkDelete(gone);
  });
}
