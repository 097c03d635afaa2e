import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/schema';
import { SpotifyError } from '@/lib/spotify/errors';
import type { PlaylistTracksPage } from '@/lib/spotify/playlist-reads';
import type { Playlist, PlaylistsPage } from '@/lib/spotify/schemas';
import { fakeLibraryApi, makeLibrary } from '@/test/support/sync-fixtures';
import { syncLibrary } from './library';
import { type PlaylistSyncDeps, playlistSourcesState, syncPlaylistSources } from './playlist-sources';

const database = db();
const now = () => Date.UTC(2026, 5, 1);
const tracks = makeLibrary(200);

interface FakePlaylist {
  id: string;
  name: string;
  owner: string;
  snapshot: number;
  trackIds: string[];
  /** Items answer this. */
  refuse?: 'forbidden' | 'not-found';
}

/** `/me/playlists` and `/playlists/{id}/items` over `playlists`, counting requests. */
function fakeSpotify(playlists: FakePlaylist[]) {
  const byId = new Map(tracks.map((track) => [track.id, track]));
  const api = {
    requests: [] as string[],
    deps(): PlaylistSyncDeps {
      return {
        db: database,
        now,
        userId: 'me',
        gap: async () => {},
        async listPage(offset): Promise<PlaylistsPage> {
          api.requests.push(`list ${offset}`);
          const page = playlists.slice(offset, offset + 50).map(
            (p): Playlist => ({
              id: p.id,
              uri: `spotify:playlist:${p.id}`,
              name: p.name,
              snapshot_id: `snap-${p.snapshot}`,
              owner: { id: p.owner, display_name: p.owner },
              items: { total: p.trackIds.length },
            }),
          );
          return { items: page, next: offset + 50 < playlists.length ? 'more' : null, total: playlists.length };
        },
        async itemsPage(id, offset): Promise<PlaylistTracksPage> {
          api.requests.push(`items ${id} ${offset}`);
          const playlist = playlists.find((p) => p.id === id);
          if (!playlist) throw new SpotifyError('not-found', 'gone', { status: 404 });
          if (playlist.refuse === 'forbidden') throw new SpotifyError('forbidden', 'Forbidden', { status: 403 });
          if (playlist.refuse === 'not-found') throw new SpotifyError('not-found', 'Not found', { status: 404 });
          const ids = playlist.trackIds.slice(offset, offset + 50);
          return {
            tracks: ids.flatMap((trackId) => {
              const track = byId.get(trackId);
              return track ? [track] : [];
            }),
            itemCount: ids.length,
            next: offset + 50 < playlist.trackIds.length ? 'more' : null,
            total: playlist.trackIds.length,
          };
        },
      };
    },
  };
  return api;
}

const tid = (i: number) => tracks[i]?.id ?? '';
const ids = (from: number, to: number) => tracks.slice(from, to).map((t) => t.id);
const sourcesOf = async (id: string) => (await database.tracks.get(id))?.sources;

beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
});

describe('playlists as sources', () => {
  it('brings two playlists in, each track once with both its sources, and queues them for features', async () => {
    const playlists: FakePlaylist[] = [
      { id: 'road', name: 'Road trip', owner: 'me', snapshot: 1, trackIds: ids(0, 60) },
      { id: 'chill', name: 'Chill', owner: 'me', snapshot: 1, trackIds: ids(40, 80) },
    ];
    const spotify = fakeSpotify(playlists);
    const result = await syncPlaylistSources(spotify.deps(), { likedSongs: false, playlists: ['road', 'chill'] });
    expect(result).toEqual({ read: ['road', 'chill'], refused: [] });
    expect(await database.tracks.count()).toBe(80);
    expect(await database.featureQueue.count()).toBe(80);
    expect(await sourcesOf(tid(50))).toEqual(['playlist:road', 'playlist:chill']);
    expect(await sourcesOf(tid(0))).toEqual(['playlist:road']);
    // One listing page, two pages of Road trip, one of Chill.
    expect(spotify.requests).toEqual(['list 0', 'items road 0', 'items road 50', 'items chill 0']);
  });

  it('reads a playlist again only when its snapshot changed: 50 unchanged playlists cost one request', async () => {
    const playlists: FakePlaylist[] = Array.from({ length: 50 }, (_, i) => ({
      id: `p${i}`,
      name: `List ${i}`,
      owner: 'me',
      snapshot: 1,
      trackIds: ids(i, i + 2),
    }));
    const chosen = { likedSongs: false, playlists: playlists.map((p) => p.id) };
    const spotify = fakeSpotify(playlists);
    await syncPlaylistSources(spotify.deps(), chosen);
    expect(spotify.requests).toHaveLength(51);
    spotify.requests.length = 0;
    await syncPlaylistSources(spotify.deps(), chosen);
    expect(spotify.requests).toEqual(['list 0']);

    // One changes: only it is read, and a track that left it leaves the library unless another holds it.
    playlists[0] = { id: 'p0', name: 'List 0', owner: 'me', snapshot: 2, trackIds: [tid(1), tid(199)] };
    spotify.requests.length = 0;
    await syncPlaylistSources(spotify.deps(), chosen);
    expect(spotify.requests).toEqual(['list 0', 'items p0 0']);
    expect(await database.tracks.get(tid(0))).toBeUndefined();
    expect(await sourcesOf(tid(1))).toEqual(['playlist:p0', 'playlist:p1']);
    expect(await sourcesOf(tid(199))).toEqual(['playlist:p0']);
  });

  it('keeps a refused playlist as refused with its reason, never as empty, and does not ask again unchanged', async () => {
    const playlists: FakePlaylist[] = [
      { id: 'mine', name: 'Mine', owner: 'me', snapshot: 1, trackIds: ids(0, 3) },
      { id: 'daily', name: 'Daily Mix', owner: 'spotify', snapshot: 1, trackIds: ids(3, 6), refuse: 'not-found' },
      { id: 'friend', name: "A friend's", owner: 'ana', snapshot: 1, trackIds: ids(6, 9), refuse: 'forbidden' },
    ];
    const spotify = fakeSpotify(playlists);
    const chosen = { likedSongs: true, playlists: ['mine', 'daily', 'friend'] };
    const result = await syncPlaylistSources(spotify.deps(), chosen);
    expect(result).toEqual({ read: ['mine'], refused: ['daily', 'friend'] });
    const state = await playlistSourcesState.get(database);
    expect(state.read.daily?.refusal).toBe('spotify-owned');
    expect(state.read.friend?.refusal).toBe('not-yours');
    expect(state.read.mine).toMatchObject({ refusal: null, tracks: 3 });
    spotify.requests.length = 0;
    await syncPlaylistSources(spotify.deps(), chosen);
    expect(spotify.requests).toEqual(['list 0']);
  });

  it('un-choosing a playlist removes its tracks unless Liked Songs has them; unticking Liked Songs keeps playlists’', async () => {
    const library = makeLibrary(10);
    await syncLibrary({ db: database, fetchPage: fakeLibraryApi(() => library).fetchPage, now });
    const playlists: FakePlaylist[] = [
      { id: 'road', name: 'Road trip', owner: 'me', snapshot: 1, trackIds: ids(5, 15) },
    ];
    const spotify = fakeSpotify(playlists);
    await syncPlaylistSources(spotify.deps(), { likedSongs: true, playlists: ['road'] });
    expect(await database.tracks.count()).toBe(15);
    expect(await sourcesOf(tid(5))).toEqual(['liked', 'playlist:road']);

    await syncPlaylistSources(spotify.deps(), { likedSongs: true, playlists: [] });
    expect(await database.tracks.count()).toBe(10);
    expect(await sourcesOf(tid(5))).toEqual(['liked']);
    expect(await database.featureQueue.get(tid(12))).toBeUndefined();

    await syncPlaylistSources(spotify.deps(), { likedSongs: false, playlists: ['road'] });
    expect(await database.tracks.count()).toBe(10);
    expect((await database.tracks.toArray()).every((t) => t.sources?.join() === 'playlist:road')).toBe(true);
  });

  it('a full pass of Liked Songs drops an unsaved track only from Liked Songs: a playlist keeps it', async () => {
    let library = makeLibrary(10);
    const api = fakeLibraryApi(() => library);
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    const spotify = fakeSpotify([{ id: 'road', name: 'Road trip', owner: 'me', snapshot: 1, trackIds: ids(0, 2) }]);
    await syncPlaylistSources(spotify.deps(), { likedSongs: true, playlists: ['road'] });
    library = library.filter((t) => t.id !== tid(1) && t.id !== tid(2));
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now }, { full: true });
    expect(await sourcesOf(tid(1))).toEqual(['playlist:road']);
    expect(await database.tracks.get(tid(2))).toBeUndefined();
    expect(await sourcesOf(tid(0))).toEqual(['liked', 'playlist:road']);
  });

  it('a playlist the user no longer follows feeds nothing', async () => {
    const playlists: FakePlaylist[] = [
      { id: 'road', name: 'Road trip', owner: 'me', snapshot: 1, trackIds: ids(0, 4) },
    ];
    const spotify = fakeSpotify(playlists);
    await syncPlaylistSources(spotify.deps(), { likedSongs: false, playlists: ['road'] });
    playlists.length = 0;
    await syncPlaylistSources(spotify.deps(), { likedSongs: false, playlists: ['road'] });
    expect(await database.tracks.count()).toBe(0);
    expect((await playlistSourcesState.get(database)).read.road?.refusal).toBe('unfollowed');
  });
});
