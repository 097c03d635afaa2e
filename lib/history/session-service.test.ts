import { describe, expect, it } from 'vitest';
import { createSpotifyFake, fetchFor, type SpotifyFakeOptions } from '@/e2e/fakes/spotify-server';
import { createSpotifyClient, type SpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { playlistVisibilityText } from '@/lib/ui/playlist-visibility';
import { fakeClock, fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createSessionService, SESSION_LOOKBACK_MS } from './session-service';
import { deleteMoodHistory } from './write';

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
    async me() {
      return { id: 'me', display_name: null };
    },
    async myPlaylists() {
      return { items: [], next: null };
    },
    async playlistItems() {
      return { items: [], next: null, uris: [] };
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
    // No mood in the name by default: the session's start names it.
    const start = `29 Nov 2026, ${new Date(NOW - 20 * MIN).toTimeString().slice(0, 5)}`;
    expect(calls).toEqual([`create MoodDJ · ${start}`, 'add spotify:track:a,spotify:track:c']);
    expect(outcome).toMatchObject({ ok: true, added: 2, view: { tracks: 2, unsaved: 0 } });
    expect(await handlersOf(service).readSession(undefined, 'extension-page')).toMatchObject({
      tracks: 2,
      unsaved: 0,
      saved: { url: 'https://open.spotify.com/playlist/pl1', name: `MoodDJ · ${start}`, tracks: 2 },
    });
  });

  it('names the moods only when the person asked for moods in playlist names', async () => {
    const { ctx, service, calls } = await setup();
    await ctx.settings.update({ dj: { moodsInPlaylistNames: true } });
    await ctx.db.moodEvents.add({ at: NOW - 20 * MIN, mood: 'happy', confidence: 0.9, source: 'camera' });
    await ctx.db.moodEvents.add({ at: NOW - 10 * MIN, mood: 'sad', confidence: 0.9, source: 'camera' });
    await ctx.db.playEvents.add({ at: NOW - 8 * MIN, trackId: 'c', kind: 'queued', mood: 'sad' });
    expect(await handlersOf(service).readSession(undefined, 'spotify-tab')).toMatchObject({
      name: 'MoodDJ · Happy → Sad · 29 Nov 2026',
    });
    await handlersOf(service).saveSession(undefined, 'spotify-tab');
    expect(calls[0]).toBe('create MoodDJ · Happy → Sad · 29 Nov 2026');
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

/** The session service on the real client, talking to the fake Spotify (its bodies as Spotify sends them). */
function againstFake(options: Partial<SpotifyFakeOptions> = {}, clock = fakeClock(NOW)) {
  const fake = createSpotifyFake({ tracks: [], retryAfterSec: 0, ...options });
  const issued = fake.issueTokens();
  const spotify = createSpotifyClient({
    tokens: { accessToken: async () => issued.accessToken, forceRefresh: async () => issued.accessToken },
    fetch: fetchFor(fake),
    retryDelayMs: () => 0,
  });
  const ctx = fakeContext({ clock, spotify });
  let ids = 0;
  const service = createSessionService(ctx, { locale: 'en-GB', newId: () => `session-${++ids}` });
  const save = () => handlersOf(service).saveSession(undefined, 'spotify-tab');
  const read = () => handlersOf(service).readSession(undefined, 'extension-page');
  const queued = (at: number, trackId: string) => ctx.db.playEvents.add({ at, trackId, kind: 'queued', mood: 'happy' });
  const held = (id: string) => fake.playlist(id)?.uris ?? [];
  return { fake, ctx, clock, save, read, queued, held };
}

describe('the session service against the fake Spotify', () => {
  it('the removed /followers/contains is never asked: a bare 403 from /me/library/contains does not fail the save', async () => {
    const { fake, save, queued, held } = againstFake();
    await queued(NOW - 5 * MIN, 'a');
    expect(await save()).toMatchObject({ ok: true, added: 1 });
    await queued(NOW - 2 * MIN, 'b');
    fake.fail.next(1, 'endpointRemoved', 'libraryContains');
    expect(await save()).toMatchObject({ ok: true, added: 1, view: { unsaved: 0, saved: { tracks: 2 } } });
    const [created] = fake.recorded.createdPlaylists;
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    expect(held(created?.id ?? '')).toEqual(['spotify:track:a', 'spotify:track:b']);
    expect(fake.requests.removed).toBe(0);
    expect(fake.recorded.log.some((entry) => entry.url.includes('/followers/contains'))).toBe(false);
  });

  it('says what Spotify reports: public:true for a playlist asked to be kept off the profile', async () => {
    const { fake, save, read, queued } = againstFake({ ignorePublicFalse: true });
    await queued(NOW - MIN, 'a');
    const outcome = await save();
    expect(fake.recorded.createdPlaylists.map((p) => p.public)).toEqual([true]);
    expect(outcome).toMatchObject({ ok: true, view: { saved: { public: true } } });
    const view = await read();
    expect(view?.saved?.public).toBe(true);
    expect(playlistVisibilityText(view?.saved?.public ?? null)).toMatch(/shows on your profile/);
    expect(playlistVisibilityText(false)).toMatch(/kept off your profile/);
  });

  it('a 502 after Spotify made the playlist: the next save finds it by name and makes none', async () => {
    const { fake, save, read, queued, held } = againstFake();
    await queued(NOW - MIN, 'a');
    fake.fail.next(1, 'appliedThen502', 'createPlaylist');
    expect(await save()).toEqual({ ok: false, problem: { kind: 'maybe-applied', queue: false } });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    expect(await read()).toMatchObject({ unsaved: 1, saved: null });

    expect(await save()).toMatchObject({ ok: true, added: 1 });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    const id = fake.recorded.createdPlaylists[0]?.id ?? '';
    expect(held(id)).toEqual(['spotify:track:a']);
    expect(fake.requests.myPlaylists).toBeGreaterThanOrEqual(1);
    expect(await read()).toMatchObject({ unsaved: 0, saved: { url: `https://open.spotify.com/playlist/${id}` } });
  });

  it('a 502 after Spotify added the tracks: saving again adds only the ones missing', async () => {
    const { fake, save, queued, held } = againstFake();
    await queued(NOW - 3 * MIN, 'a');
    fake.fail.next(1, 'appliedThen502', 'playlistItems');
    expect(await save()).toMatchObject({ ok: false, problem: { kind: 'maybe-applied' } });
    await queued(NOW - MIN, 'b');
    expect(await save()).toMatchObject({ ok: true, added: 1, view: { unsaved: 0, saved: { tracks: 2 } } });
    const id = fake.recorded.createdPlaylists[0]?.id ?? '';
    expect(held(id)).toEqual(['spotify:track:a', 'spotify:track:b']);
    expect(fake.recorded.playlistItems.map((call) => call.uris)).toEqual([['spotify:track:a'], ['spotify:track:b']]);
  });

  it('keeps its identity through "Delete mood history": the next save adds to the same playlist', async () => {
    const { fake, ctx, save, read, queued, held } = againstFake();
    await ctx.db.moodEvents.add({ at: NOW - 30 * MIN, mood: 'happy', confidence: 0.9, source: 'camera' });
    await queued(NOW - 20 * MIN, 'a');
    expect(await save()).toMatchObject({ ok: true, added: 1 });
    await deleteMoodHistory(ctx.db);
    await queued(NOW - 10 * MIN, 'b');
    // 'a' lost its mood with the history, so it no longer counts as MoodDJ's pick; the playlist is still this session's.
    expect(await read()).toMatchObject({ tracks: 1, unsaved: 1, saved: { tracks: 1 } });
    expect(await save()).toMatchObject({ ok: true, added: 1 });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
    expect(held(fake.recorded.createdPlaylists[0]?.id ?? '')).toEqual(['spotify:track:a', 'spotify:track:b']);
  });

  it('keeps its identity when a session longer than the look-back is cut to its last day', async () => {
    const clock = fakeClock(NOW);
    const { fake, save, queued } = againstFake({}, clock);
    await queued(NOW - 5 * MIN, 'a');
    expect(await save()).toMatchObject({ ok: true, added: 1 });
    // Twenty minutes apart, for longer than a day: one session, whose first event the look-back moves.
    let at = NOW;
    for (; at < NOW + SESSION_LOOKBACK_MS + 60 * MIN; at += 20 * MIN) await queued(at, 'a');
    await queued(at, 'b');
    await clock.advance(at + MIN - clock.now());
    expect(await save()).toMatchObject({ ok: true, added: 1 });
    expect(fake.recorded.createdPlaylists).toHaveLength(1);
  });

  it('a new session after a silence gets a playlist of its own', async () => {
    const clock = fakeClock(NOW);
    const { fake, save, queued } = againstFake({}, clock);
    await queued(NOW - 5 * MIN, 'a');
    await save();
    await queued(NOW + 60 * MIN, 'b');
    await clock.advance(61 * MIN);
    expect(await save()).toMatchObject({ ok: true, added: 1 });
    expect(fake.recorded.createdPlaylists).toHaveLength(2);
  });

  it('a missing scope on the follow check asks to reconnect, with why', async () => {
    const { fake, ctx, save, queued } = againstFake();
    let signedOut = 0;
    ctx.events.on('spotifySignedOut', () => signedOut++);
    await queued(NOW - 5 * MIN, 'a');
    await save();
    await queued(NOW - 2 * MIN, 'b');
    fake.fail.next(1, 'insufficientScope', 'libraryContains');
    expect(await save()).toEqual({ ok: false, problem: { kind: 'permissions-missing' } });
    await ctx.events.idle();
    expect(signedOut).toBe(1);
  });
});
