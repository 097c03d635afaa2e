import type { MoodDjDb } from '@/lib/db/schema';
import type { Settings } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { lacksScopes, PLAYLIST_SOURCE_SCOPES } from '@/lib/spotify/pkce';
import type { PlaylistChoices } from './messages';
import { listPlaylists, type PlaylistSyncResult, playlistSourcesState, syncPlaylistSources } from './playlist-sources';

/** What the sync service hands the playlist pass: everything through the client, so through the gate. */
export interface SourcePassDeps {
  db: MoodDjDb;
  spotify: Pick<SpotifyClient, 'me' | 'myPlaylists' | 'playlistTracks'>;
  now(): number;
  /** The pause between two requests (the library's page gap). */
  gap(): Promise<void>;
  shouldStop?(): boolean;
}

/** The user's id, asked once and kept: every later pass costs only the `/me/playlists` pages. */
async function userId(deps: SourcePassDeps): Promise<string> {
  const stored = await playlistSourcesState.get(deps.db);
  if (stored.userId) return stored.userId;
  const { id } = await deps.spotify.me();
  await playlistSourcesState.update(deps.db, (state) => ({ ...state, userId: id }), deps.now());
  return id;
}

/** After a new sign-in (maybe another account): the user's id is asked again on the next pass. */
export async function forgetPlaylistOwner(db: MoodDjDb): Promise<true> {
  await playlistSourcesState.update(db, (state) => (state.userId === null ? state : { ...state, userId: null }));
  return true;
}

/** After the library listing: the chosen playlists in, what no source holds out. */
export async function playlistPass(deps: SourcePassDeps, sources: Settings['sources']): Promise<PlaylistSyncResult> {
  const id = sources.playlists.length > 0 ? await userId(deps) : null;
  return syncPlaylistSources(
    {
      db: deps.db,
      now: deps.now,
      userId: id,
      gap: deps.gap,
      shouldStop: deps.shouldStop,
      listPage: (offset) => deps.spotify.myPlaylists({ offset }),
      itemsPage: (playlistId, offset) => deps.spotify.playlistTracks(playlistId, { offset }),
    },
    sources,
  );
}

/** For Options: the playlists as last listed (or listed now, `refresh`), each with what its last read found. */
export async function playlistChoices(
  deps: SourcePassDeps,
  refresh: boolean,
  grantedScope: string | null,
): Promise<PlaylistChoices> {
  if (refresh) {
    const id = await userId(deps);
    const listed = await listPlaylists({
      userId: id,
      gap: deps.gap,
      listPage: (offset) => deps.spotify.myPlaylists({ offset }),
    });
    await playlistSourcesState.update(deps.db, (state) => ({ ...state, listed, listedAt: deps.now() }), deps.now());
  }
  const state = await playlistSourcesState.get(deps.db);
  return {
    listedAt: state.listedAt,
    reconnect: grantedScope !== null && lacksScopes(grantedScope, PLAYLIST_SOURCE_SCOPES),
    playlists: state.listed.map((playlist) => {
      const read = state.read[playlist.id];
      return { ...playlist, refusal: read?.refusal ?? null, read: read ? read.tracks : null };
    }),
  };
}
