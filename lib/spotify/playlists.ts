import type { SpotifyClient } from './client';
import { SpotifyError } from './errors';
import type { Playlist } from './schemas';

/*
 * Writing a playlist once. A POST is not idempotent: after a 5xx or a timeout Spotify may have made the
 * playlist or added the tracks anyway ('maybe-applied'), and a worker restart can fall between the request and
 * the record of its answer. So the intent to create is stored before the POST, a later try looks for what that
 * intent may have made (by name, among the user's own playlists) before making another, and what a playlist
 * already holds is read before tracks go in.
 */

/** Playlist listings (`GET /me/playlists`, `GET /playlists/{id}/items`) take at most 50 a page. */
export const PLAYLISTS_MAX_LIMIT = 50;

/**
 * How many pages of the user's playlists a look-up reads at most (50 each). A playlist made moments ago is
 * listed first; a person with thousands of playlists must not cost a request for each 50 of them.
 * @default 10 (500 playlists)
 */
export const FIND_PLAYLIST_PAGES = 10;

/** A listing's `offset` and `limit`, checked before anything is sent. */
export function pageParams(offset: number, limit: number): { offset: number; limit: number } {
  if (!Number.isInteger(limit) || limit < 1 || limit > PLAYLISTS_MAX_LIMIT) {
    throw new RangeError(`limit must be 1–${PLAYLISTS_MAX_LIMIT}, got ${limit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be ≥ 0, got ${offset}`);
  return { offset, limit };
}

/**
 * The user's own playlist called `name`, not one of `exclude` (playlists MoodDJ knows are another's: an earlier
 * session's of the same day and moods, one the person unfollowed); null when there is none.
 */
export async function findOwnPlaylist(
  client: Pick<SpotifyClient, 'me' | 'myPlaylists'>,
  name: string,
  exclude: Iterable<string> = [],
): Promise<Playlist | null> {
  const skip = new Set(exclude);
  const { id: userId } = await client.me();
  for (let page = 0; page < FIND_PLAYLIST_PAGES; page++) {
    const { items, next } = await client.myPlaylists({ offset: page * PLAYLISTS_MAX_LIMIT });
    const found = items.find(
      (playlist) =>
        playlist !== null &&
        playlist.name === name &&
        !skip.has(playlist.id) &&
        // A followed playlist of someone else's with the same name is not ours to fill.
        (playlist.owner?.id ?? userId) === userId,
    );
    if (found) return found;
    if (next === null) return null;
  }
  return null;
}

/** The URIs a playlist holds (`GET /playlists/{id}/items`, 50 a page). */
export async function playlistUris(
  client: Pick<SpotifyClient, 'playlistItems'>,
  playlistId: string,
): Promise<Set<string>> {
  const uris = new Set<string>();
  for (let offset = 0; ; offset += PLAYLISTS_MAX_LIMIT) {
    const page = await client.playlistItems(playlistId, { offset });
    for (const uri of page.uris) if (uri) uris.add(uri);
    if (page.next === null || page.items.length === 0) return uris;
  }
}

/** Where the intent to create a playlist is kept, so the next try (or a restarted worker) knows to look first. */
export interface CreateIntent {
  /** Stores the intent (its name, the time); runs before the POST. */
  remember(): Promise<void>;
  /** Drops it: Spotify refused the request, so nothing was made. */
  forget(): Promise<void>;
}

/**
 * `POST /me/playlists`, asking Spotify to keep it off the profile (`public: false`, which Spotify may ignore: the
 * answer's `public` says what it did). The intent is stored first; it stays when the outcome is unknown.
 */
export async function createPlaylistOnce(
  client: Pick<SpotifyClient, 'createPlaylist'>,
  playlist: { name: string; description: string },
  intent: CreateIntent,
): Promise<Playlist> {
  await intent.remember();
  try {
    return await client.createPlaylist({ ...playlist, isPublic: false });
  } catch (error) {
    // Only an answer that refused the request proves nothing was made; a 5xx, a timeout or a lost connection
    // (and anything unexpected) may have come after Spotify made it.
    if (error instanceof SpotifyError && error.kind !== 'maybe-applied' && error.kind !== 'network') {
      await intent.forget();
    }
    throw error;
  }
}
