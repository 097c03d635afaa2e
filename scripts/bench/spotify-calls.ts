/**
 * How many Web API requests MoodDJ spends, simulated on the background's DJ service with a fake clock and the
 * fake Spotify (no waiting in real time). Spotify counts a daily quota per developer account in development mode
 * (about 1,400 requests a day was reported), so polling is what locks a user out. The web player's page is
 * simulated too: the panel's own watch (`lib/panel/player-watch.ts`) reads it every 2 s and decides what to tell.
 *
 * - `spotify_calls_idle_hour`: one web-player tab open, nothing changing, one hour;
 * - `spotify_calls_listening_hour`: a track change every 3.5 min, auto-DJ on, the camera's mood changing every
 *   10 min, one hour;
 * - `spotify_calls_during_quota_lockout`: the calls in the 13.6 h after a `QUOTA_EXCEEDED` with
 *   `Retry-After: 48925` (a tab open and listening throughout), and the probes when it ends.
 */
// First: Dexie looks for IndexedDB when it is first imported, and modules below bring it in.
import 'fake-indexeddb/auto';
import type { CatalogTrack } from '../../e2e/fakes/catalog';
import { createSpotifyFake, fetchFor } from '../../e2e/fakes/spotify-server';
import { createDjService } from '../../lib/dj/service';
import { currentMood, withCameraReading } from '../../lib/mood/current';
import type { Mood } from '../../lib/mood/types';
import { CHECK_MS, createPlayerWatch, type PlayerView } from '../../lib/panel/player-watch';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { createSpotifyClient } from '../../lib/spotify/client';
import { type FakeContext, fakeContext, fakeSettings } from '../../test/support/background';
import { makeFeatures } from '../../test/support/data-fixtures';
import { handlersOf } from '../../test/support/handlers';
import { makeLibrary } from '../../test/support/sync-fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIBRARY = 300;
const MOODS: Mood[] = ['happy', 'sad', 'neutral', 'angry', 'surprised'];

interface Listening {
  /** A new track every this many ms (null: the same track all along, paused). */
  trackEveryMs: number | null;
  /** The camera's mood changes every this many ms (null: no mood at all). */
  moodEveryMs: number | null;
  autoDj: boolean;
}

/** One background with the DJ, a real Web API client against the fake Spotify, and one web-player tab. */
async function world(listening: Listening) {
  const library = makeLibrary(LIBRARY);
  const catalog: CatalogTrack[] = library.map((track, i) => {
    const f = makeFeatures(track.id, i);
    return {
      id: track.id,
      name: track.name,
      artists: track.artists,
      album: track.album,
      durationMs: track.durationMs,
      valence: f.valence,
      energy: f.energy,
      tempo: f.tempo,
      danceability: 0.5,
      acousticness: 0.2,
      instrumentalness: 0.1,
      speechiness: 0.05,
      liveness: 0.1,
      loudness: -7,
      key: 0,
      mode: 1,
    } as CatalogTrack;
  });
  const ctx: FakeContext = fakeContext({
    settings: fakeSettings({ ...DEFAULT_SETTINGS, dj: { ...DEFAULT_SETTINGS.dj, autoDj: listening.autoDj } }),
  });
  // Tokens that outlive the simulation: the refresh is not what this counts.
  const fake = createSpotifyFake({
    tracks: catalog,
    nowPlaying: catalog[0] ?? null,
    now: () => ctx.clock.now(),
    expiresInSec: 3 * 24 * 3600,
  });
  const issued = fake.issueTokens();
  let calls = 0;
  let probes = 0;
  let refused = false;
  ctx.spotifyGate.onChange((refusal) => {
    refused = refusal !== null;
  });
  ctx.spotify = createSpotifyClient({
    tokens: { accessToken: async () => issued.accessToken, forceRefresh: async () => issued.accessToken },
    fetch: fetchFor(fake, () => {
      calls++;
      // A request that goes out while a refusal is still recorded is a probe (the gate let it through).
      if (refused) probes++;
    }),
    now: () => ctx.clock.now(),
    gate: ctx.spotifyGate,
    retryDelayMs: () => 0,
  });
  await ctx.db.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
  await ctx.db.features.bulkAdd(library.map((t, i) => makeFeatures(t.id, i)));
  const dj = handlersOf(createDjService(ctx, { seed: () => 7 }));
  const mood = currentMood(ctx);
  return { ctx, fake, dj, mood, calls: () => calls, probes: () => probes };
}

/** Runs `spanMs` of fake time: the page ticks every 2 s, tracks change, the camera's mood moves. */
async function simulate(
  w: Awaited<ReturnType<typeof world>>,
  listening: Listening,
  spanMs: number,
  startMs = 0,
): Promise<void> {
  const { ctx, fake, dj, mood } = w;
  let trackNo = 0;
  let positionMs = 30_000;
  const view = (): PlayerView => ({ track: `Now playing: track ${trackNo}`, positionMs });
  const watch = createPlayerWatch(view(), ctx.clock.now());
  const tell = (change: NonNullable<ReturnType<typeof watch.tick>>) => dj.playerActivity({ change }, 'spotify-tab');
  if (startMs === 0) await tell(watch.opened);
  for (let t = startMs + CHECK_MS; t <= startMs + spanMs; t += CHECK_MS) {
    await ctx.clock.advance(CHECK_MS);
    if (listening.trackEveryMs !== null) {
      positionMs += CHECK_MS;
      if (t % listening.trackEveryMs < CHECK_MS) {
        trackNo++;
        positionMs = 0;
        if (!fake.playNext()) fake.setNowPlaying(null);
      }
    }
    if (listening.moodEveryMs !== null && t % listening.moodEveryMs < CHECK_MS) {
      const next = MOODS[Math.floor(t / listening.moodEveryMs) % MOODS.length] ?? 'happy';
      await mood.write((state) => withCameraReading(state, { mood: next, confidence: 0.9, noFace: false }, t));
    }
    const change = watch.tick(view(), ctx.clock.now(), CHECK_MS);
    if (change) await tell(change);
    await ctx.events.idle();
  }
}

export async function spotifyCalls(): Promise<Record<string, number>> {
  const idle: Listening = { trackEveryMs: null, moodEveryMs: null, autoDj: false };
  const idleWorld = await world(idle);
  await simulate(idleWorld, idle, HOUR);

  const listening: Listening = { trackEveryMs: 3.5 * MINUTE, moodEveryMs: 10 * MINUTE, autoDj: true };
  const listeningWorld = await world(listening);
  // The first mood arrives with the camera, as it does when the panel opens with the camera on.
  await listeningWorld.mood.write((state) =>
    withCameraReading(state, { mood: 'happy', confidence: 0.9, noFace: false }, listeningWorld.ctx.clock.now()),
  );
  await simulate(listeningWorld, listening, HOUR);

  const lockout = await world(listening);
  await lockout.mood.write((state) =>
    withCameraReading(state, { mood: 'happy', confidence: 0.9, noFace: false }, lockout.ctx.clock.now()),
  );
  await simulate(lockout, listening, 5 * MINUTE);
  lockout.fake.fail.next(1, 'quotaExceeded');
  const before = lockout.calls();
  // Up to the first call after the fault: the quota answer itself.
  await simulate(lockout, listening, 10 * MINUTE, 5 * MINUTE);
  const locked = await lockout.ctx.spotifyGate.current();
  const lockedCalls = lockout.calls();
  const lockMs = locked ? locked.until - lockout.ctx.clock.now() : 0;
  await simulate(lockout, listening, Math.max(0, lockMs - CHECK_MS), 15 * MINUTE);
  const duringLockout = lockout.calls() - lockedCalls;
  // The end of the lockout: one probe, whose answer opens the gate.
  const probesBefore = lockout.probes();
  await simulate(lockout, listening, 10 * MINUTE, 15 * MINUTE + lockMs);
  const probes = lockout.probes() - probesBefore;

  return {
    spotify_calls_idle_hour: idleWorld.calls(),
    spotify_calls_listening_hour: listeningWorld.calls(),
    spotify_calls_during_quota_lockout: duringLockout,
    spotify_calls_quota_probe: probes,
    spotify_quota_answered_after: lockedCalls - before,
    spotify_lockout_ms: lockMs,
    spotify_listening_queued: listeningWorld.fake.recorded.queue.length,
    spotify_after_lockout_calls: lockout.calls() - lockedCalls - duringLockout,
  };
}
