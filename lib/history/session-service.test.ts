import { describe, expect, it } from 'vitest';
import type { SpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { fakeClock, fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createSessionService } from './session-service';

const NOW = Date.UTC(2026, 10, 29, 21, 0);
const MIN = 60_000;

function playlistFake(fail: () => Error | null = () => null) {
  const calls: string[] = [];
  const client = {
    async createPlaylist({ name }: { name: string }) {
      const error = fail();
      if (error) throw error;
      calls.push(`create ${name}`);
      return { id: 'pl1', uri: 'spotify:playlist:pl1', name };
    },
    async addPlaylistItems(_id: string, uris: readonly string[]) {
      calls.push(`add ${uris.join(',')}`);
      return 'snap';
    },
    async followsPlaylist() {
      return true;
    },
  };
  return { client: client as unknown as SpotifyClient, calls };
}

async function setup(fail?: () => Error | null) {
  const spotify = playlistFake(fail);
  const ctx = fakeContext({ clock: fakeClock(NOW), spotify: spotify.client });
  const service = createSessionService(ctx, { locale: 'en-GB' });
  return { ctx, service, calls: spotify.calls };
}

describe('the session service', () => {
  it('has nothing to save before MoodDJ queued anything', async () => {
    const { ctx, service, calls } = await setup();
    expect(await handlersOf(service).readSession(undefined, 'spotify-tab')).toBeNull();
    await ctx.db.moodEvents.add({ at: NOW - 5 * MIN, mood: 'happy', confidence: 0.9, source: 'camera' });
    expect(await handlersOf(service).readSession(undefined, 'spotify-tab')).toMatchObject({ tracks: 0, saved: null });
    const outcome = await handlersOf(service).saveSession(undefined, 'spotify-tab');
    expect(outcome).toEqual({ ok: false, problem: { kind: 'nothing-to-save' } });
    expect(calls).toEqual([]);
  });

  it('saves the session from the database and then shows it saved', async () => {
    const { ctx, service, calls } = await setup();
    await ctx.db.moodEvents.add({ at: NOW - 20 * MIN, mood: 'happy', confidence: 0.9, source: 'camera' });
    await ctx.db.moodEvents.add({ at: NOW - 10 * MIN, mood: 'sad', confidence: 0.9, source: 'camera' });
    await ctx.db.playEvents.bulkAdd([
      { at: NOW - 90 * MIN, trackId: 'old', kind: 'queued', mood: 'happy' },
      { at: NOW - 19 * MIN, trackId: 'a', kind: 'queued', mood: 'happy' },
      { at: NOW - 18 * MIN, trackId: 'b', kind: 'queued', mood: 'happy' },
      { at: NOW - 9 * MIN, trackId: 'b', kind: 'skipped', mood: 'happy' },
      { at: NOW - 8 * MIN, trackId: 'c', kind: 'queued', mood: 'sad' },
    ]);
    const outcome = await handlersOf(service).saveSession(undefined, 'spotify-tab');
    expect(calls).toEqual(['create MoodDJ · happy → sad · 29 Nov 2026', 'add spotify:track:a,spotify:track:c']);
    expect(outcome).toMatchObject({ ok: true, added: 2, view: { tracks: 2, unsaved: 0 } });
    expect(await handlersOf(service).readSession(undefined, 'extension-page')).toMatchObject({
      tracks: 2,
      unsaved: 0,
      saved: { url: 'https://open.spotify.com/playlist/pl1', tracks: 2 },
    });
  });

  it('keeps the session saveable after a failure, and says what to do', async () => {
    let offline = true;
    const { ctx, service, calls } = await setup(() => (offline ? new SpotifyError('network', 'offline') : null));
    await ctx.db.playEvents.add({ at: NOW - MIN, trackId: 'a', kind: 'queued', mood: 'happy' });
    const failed = await handlersOf(service).saveSession(undefined, 'spotify-tab');
    expect(failed).toEqual({ ok: false, problem: { kind: 'offline', detail: 'offline' } });
    expect(ctx.reported).toEqual([]);
    expect(await handlersOf(service).readSession(undefined, 'spotify-tab')).toMatchObject({ unsaved: 1, saved: null });
    offline = false;
    expect(await handlersOf(service).saveSession(undefined, 'spotify-tab')).toMatchObject({ ok: true, added: 1 });
    expect(calls).toHaveLength(2);
  });

  it('a sign-in Spotify refused answers the typed problem and tells the connection', async () => {
    const { ctx, service } = await setup(() => new SpotifyError('permissions-missing', '401 Permissions missing'));
    let signedOut = 0;
    ctx.events.on('spotifySignedOut', () => signedOut++);
    await ctx.db.playEvents.add({ at: NOW - MIN, trackId: 'a', kind: 'queued', mood: 'happy' });
    const failed = await handlersOf(service).saveSession(undefined, 'spotify-tab');
    expect(failed).toEqual({ ok: false, problem: { kind: 'permissions-missing' } });
    await ctx.events.idle();
    expect(signedOut).toBe(1);
  });

  it('makes one playlist when two saves are asked at once', async () => {
    const { ctx, service, calls } = await setup();
    await ctx.db.playEvents.add({ at: NOW - MIN, trackId: 'a', kind: 'queued', mood: 'happy' });
    await Promise.all([
      handlersOf(service).saveSession(undefined, 'spotify-tab'),
      handlersOf(service).saveSession(undefined, 'extension-page'),
    ]);
    expect(calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('add'))).toHaveLength(1);
  });
});
