import { z } from 'zod';
import { createSerialQueue } from '@/lib/async/serial';
import { type FeaturesRow, LIKED_SOURCE, type MoodDjDb, type TrackRow, trackSources } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import { t } from '@/lib/i18n';
import type { DjProblem, DjState, SuggestedTrack } from '@/lib/live-state/state';
import type { PickableMood } from '@/lib/mood/types';
import type { PickReason } from '@/lib/recommend/explain';
import { smoothBatch } from '@/lib/recommend/order';
import type { SpotifyClient } from '@/lib/spotify/client';
import { SpotifyError } from '@/lib/spotify/errors';
import { problemFacts, spotifyProblem } from '@/lib/spotify/problems';
import { sourceNames } from '@/lib/sync/playlist-sources';
import { advanceLedger, aheadFor, autoDjWants, type QueueLedger } from './auto-dj';
import { pickDevice } from './devices';
import { fillMoodPlaylist, type MoodPlaylistDeps, playlistTarget } from './mood-playlist';
import { playableOnly, playableTracks } from './playable';
import { recordSkips } from './skips-record';

/** Queued entries older than this are assumed played or cleared. */
const LEDGER_STALE_MS = 3 * 60 * 60 * 1000;
/** Tracks in the fallback playlist. */
const PLAYLIST_SIZE = 25;
const SUGGESTIONS = 8;

/** What the recommender hands back, as far as the DJ needs it. */
export interface Picks {
  tracks: { track: TrackRow; features: FeaturesRow; reason: PickReason }[];
  relaxed: number;
  withoutFeatures: number;
}

/** Chooses `count` tracks for `mood`, leaving out `exclude`. Randomness comes from `seed`. */
export type Recommender = (
  mood: PickableMood,
  count: number,
  exclude: ReadonlySet<string>,
  seed: number,
) => Promise<Picks>;

export interface DjSettings {
  autoDj: boolean;
  holdMs: number;
  queueAhead: number;
  recentMs: number;
  /** Whether the fallback playlist is named after the mood (else one "MoodDJ · picks" for every mood). */
  moodsInPlaylistNames: boolean;
}

export interface DjDeps {
  db: MoodDjDb;
  client: Pick<SpotifyClient, 'devices' | 'queue' | 'currentlyPlaying'> & MoodPlaylistDeps['client'];
  recommend: Recommender;
  settings(): Promise<DjSettings>;
  now(): number;
  /** A fresh seed per request, so the same mood does not always give the same tracks. */
  seed(): number;
  /** Publishes a change of the DJ's state. */
  publish(change: (dj: DjState) => DjState): Promise<void>;
}

const ledgerSchema = z.object({
  queued: z.array(z.object({ trackId: z.string(), mood: z.string().nullable(), at: z.number() })),
});
const ledgerValue = storedValue('dj-ledger', ledgerSchema, () => ({ queued: [] }));
const playingValue = storedValue('dj-playing', z.object({ trackId: z.string().nullable() }), () => ({ trackId: null }));

/**
 * The DJ: suggestions for the mood in effect, queueing through the Web API (never
 * play or pause: the playing song is never interrupted), auto-DJ top-ups once a mood has
 * held, the play history, and the playlist fallback (`./mood-playlist.ts`) for accounts without Premium.
 *
 * Every operation that writes to Spotify or records a play runs one at a time (`serial`): two web-player
 * tabs send heartbeats and "queue" clicks to the one background, and without this both would read the same
 * ledger and history, queue the same tracks twice and record one play twice.
 */
export function createDj(deps: DjDeps) {
  const { db } = deps;
  /** Runs a task after every operation started before it has settled. */
  const serial = createSerialQueue().run;

  async function recentIds(): Promise<Set<string>> {
    const { recentMs } = await deps.settings();
    const since = deps.now() - recentMs;
    const events = await db.playEvents.where('at').aboveOrEqual(since).toArray();
    return new Set(events.map((e) => e.trackId));
  }

  async function ledger(): Promise<QueueLedger> {
    const stored = await ledgerValue.get(db);
    return { queued: stored.queued.map((e) => ({ ...e, mood: (e.mood as PickableMood | null) ?? null })) };
  }

  /** Why there is nothing to suggest, if the library is the reason. */
  async function libraryProblem(): Promise<DjProblem | null> {
    const [tracks, features] = await Promise.all([db.tracks.count(), db.features.count()]);
    if (tracks === 0) return { kind: 'not-synced' };
    if (features === 0) return { kind: 'no-features' };
    return null;
  }

  /**
   * What plays just before a new batch: the last track MoodDJ queued that has not started yet, else the one
   * the player last reported. Its features, when the library has them, are where the batch's order starts.
   */
  async function playsBefore(): Promise<FeaturesRow | null> {
    const ahead = advanceLedger(await ledger(), null, deps.now(), LEDGER_STALE_MS).queued.at(-1)?.trackId;
    const id = ahead ?? (await playingValue.get(db)).trackId;
    return (id ? await db.features.get(id) : undefined) ?? null;
  }

  function toSuggestion(pick: Picks['tracks'][number], from: ReadonlyMap<string, string[]>): SuggestedTrack {
    const names = from.get(pick.track.id);
    return {
      ...(names && names.length > 0 ? { from: names } : {}),
      // Liked Songs unticked takes its source off every track, so a track still marked liked came from it.
      ...(trackSources(pick.track).includes(LIKED_SOURCE) ? { liked: true as const } : {}),
      id: pick.track.id,
      uri: pick.track.uri,
      name: pick.track.name,
      artists: pick.track.artists,
      valence: pick.features.valence,
      energy: pick.features.energy,
      tempo: pick.features.tempo,
      reason: pick.reason,
      queued: false,
    };
  }

  /** Records a track as queued: in the history (so it is not offered again soon) and in the ledger. */
  async function recordQueued(trackId: string, mood: PickableMood | null): Promise<void> {
    const at = deps.now();
    await db.playEvents.add({ at, trackId, kind: 'queued', mood });
    const current = await ledger();
    await ledgerValue.set(db, { queued: [...current.queued, { trackId, mood, at }] }, at);
  }

  const dj = {
    /** Recomputes the suggestions for `mood`. */
    async suggest(mood: PickableMood | null): Promise<void> {
      if (!mood) {
        await deps.publish((state) => ({ ...state, suggestions: [], forMood: null, relaxed: 0 }));
        return;
      }
      const problem = await libraryProblem();
      if (problem) {
        await deps.publish((state) => ({ ...state, suggestions: [], forMood: mood, problem }));
        return;
      }
      const picks = await deps.recommend(mood, SUGGESTIONS, await recentIds(), deps.seed());
      const from = await sourceNames(
        db,
        picks.tracks.map((pick) => pick.track),
      );
      await deps.publish((state) => ({
        ...state,
        suggestions: playableOnly(picks.tracks).map((pick) => toSuggestion(pick, from)),
        forMood: mood,
        relaxed: picks.relaxed,
        withoutFeatures: picks.withoutFeatures,
        problem:
          state.problem && ['not-synced', 'no-features', 'no-mood'].includes(state.problem.kind) ? null : state.problem,
      }));
    },

    /**
     * Queues tracks (by suggestion id, or the next `count` picks) for `mood`. Returns how many went in.
     * Waits for any DJ operation under way, so a second "queue 5" sees the first one's tracks as recent.
     */
    queue(mood: PickableMood | null, request: { trackIds: readonly string[] } | { count: number }): Promise<number> {
      return serial(() => queueNow(mood, request));
    },

    /** Reads what is playing: updates the panel, the play history and the queue ledger. */
    checkPlayer(): Promise<void> {
      return serial(checkPlayerNow);
    },

    /** Auto-DJ: tops the queue up for a mood that has held long enough. Returns how many were queued. */
    autoDj(mood: { mood: PickableMood; since: number } | null): Promise<number> {
      return serial(() => autoDjNow(mood));
    },

    /**
     * The fallback without Premium: the "MoodDJ · picks" playlist (or "MoodDJ · <mood>", when asked) MoodDJ asks
     * Spotify to keep off the profile (`public: false`, not access control, which Spotify may ignore), made once
     * or refilled.
     */
    playlist(mood: PickableMood, label: string): Promise<void> {
      return serial(() => playlistNow(mood, label));
    },
  };

  async function queueNow(
    mood: PickableMood | null,
    request: { trackIds: readonly string[] } | { count: number },
  ): Promise<number> {
    await deps.publish((state) => ({ ...state, busy: true }));
    try {
      let tracks: { id: string; uri: string }[];
      if ('trackIds' in request) {
        tracks = await playableTracks(db, request.trackIds);
      } else {
        if (!mood) {
          // "Queue 5" from a keyboard shortcut can come with no mood in effect: say so rather than do nothing.
          await deps.publish((state) => ({ ...state, problem: { kind: 'no-mood' } }));
          return 0;
        }
        const problem = await libraryProblem();
        if (problem) {
          await deps.publish((state) => ({ ...state, problem }));
          return 0;
        }
        // The ranking chooses the set; the order is then smoothed in energy and tempo (a lift keeps its steps),
        // starting from what will play just before it.
        const picks = await deps.recommend(mood, request.count, await recentIds(), deps.seed());
        tracks = smoothBatch(playableOnly(picks.tracks), await playsBefore()).map((p) => p.track);
      }
      if (tracks.length === 0) return 0;
      let deviceId = pickDevice(await deps.client.devices())?.id ?? null;
      if (!deviceId) {
        await deps.publish((state) => ({ ...state, problem: { kind: 'no-device', stale: false } }));
        return 0;
      }
      let lookedAgain = false;
      const queueOnDevice = async (uri: string, id: string): Promise<void> => {
        try {
          await deps.client.queue(uri, id);
        } catch (error) {
          if (!(error instanceof SpotifyError && error.kind === 'device-not-found') || lookedAgain) throw error;
          // The web player's device id changes when its page reloads: look the devices up once more.
          lookedAgain = true;
          deviceId = pickDevice(await deps.client.devices())?.id ?? null;
          if (!deviceId) throw error;
          await deps.client.queue(uri, deviceId);
        }
      };
      let done = 0;
      for (const track of tracks) {
        try {
          await queueOnDevice(track.uri, deviceId);
        } catch (error) {
          // Spotify may have queued it: count it as queued, so it is not queued a second time.
          if (error instanceof SpotifyError && error.kind === 'maybe-applied') await recordQueued(track.id, mood);
          throw error;
        }
        await recordQueued(track.id, mood);
        done++;
      }
      const queuedIds = new Set(tracks.map((t) => t.id));
      await deps.publish((state) => ({
        ...state,
        lastQueuedAt: deps.now(),
        problem: null,
        suggestions: state.suggestions.map((s) => (queuedIds.has(s.id) ? { ...s, queued: true } : s)),
      }));
      return done;
    } catch (error) {
      await deps.publish((state) => ({ ...state, problem: spotifyProblem(error, deps.now()) }));
      return 0;
    } finally {
      await deps.publish((state) => ({ ...state, busy: false }));
    }
  }

  async function checkPlayerNow(): Promise<void> {
    let playing: Awaited<ReturnType<DjDeps['client']['currentlyPlaying']>>;
    try {
      playing = await deps.client.currentlyPlaying();
    } catch (error) {
      // Only a sign-in Spotify refused is worth the panel's space: the player is read again in a moment.
      const problem = spotifyProblem(error, deps.now());
      if (problemFacts(problem).signedOut) await deps.publish((state) => ({ ...state, problem }));
      return;
    }
    const item = playing?.item ?? null;
    await deps.publish((state) => ({
      ...state,
      nowPlaying: playing
        ? {
            name:
              item?.name ??
              (playing.currently_playing_type === 'ad' ? t('dj_now_playing_ad') : t('dj_now_playing_unknown')),
            artists: item?.type === 'track' ? item.artists.map((a) => a.name) : [],
            kind: playing.currently_playing_type,
          }
        : null,
    }));
    const trackId = item?.type === 'track' ? (item.id ?? null) : null;
    const last = await playingValue.get(db);
    const now = deps.now();
    const changed = trackId !== null && trackId !== last.trackId;
    const queuedFor = changed ? ((await ledger()).queued.find((e) => e.trackId === trackId)?.mood ?? null) : null;
    await recordSkips(db, playing, queuedFor, now);
    if (changed && trackId) {
      await db.playEvents.add({ at: now, trackId, kind: 'played', mood: queuedFor });
      await playingValue.set(db, { trackId }, now);
      await ledgerValue.set(db, advanceLedger(await ledger(), trackId, now, LEDGER_STALE_MS), now);
    }
  }

  async function autoDjNow(mood: { mood: PickableMood; since: number } | null): Promise<number> {
    const settings = await deps.settings();
    const now = deps.now();
    const current = advanceLedger(await ledger(), null, now, LEDGER_STALE_MS);
    const wants = autoDjWants({
      enabled: settings.autoDj,
      mood,
      now,
      holdMs: settings.holdMs,
      queueAhead: settings.queueAhead,
      queuedAhead: aheadFor(current, mood?.mood ?? null),
      aheadMood: mood?.mood ?? null,
    });
    if (wants === 0 || !mood) return 0;
    return queueNow(mood.mood, { count: wants });
  }

  async function playlistNow(mood: PickableMood, label: string): Promise<void> {
    await deps.publish((state) => ({ ...state, busy: true }));
    try {
      const picks = await deps.recommend(mood, PLAYLIST_SIZE, new Set(), deps.seed());
      // A playlist starts wherever the person presses play: smoothed with no start, read from its better-ranked end.
      const uris = smoothBatch(playableOnly(picks.tracks), null).map((p) => p.track.uri);
      const { moodsInPlaylistNames } = await deps.settings();
      const made = await fillMoodPlaylist(deps, playlistTarget(mood, label, moodsInPlaylistNames), uris);
      const url = `https://open.spotify.com/playlist/${made.id}`;
      await deps.publish((state) => ({
        ...state,
        problem: null,
        playlist: { mood, name: made.name, url, tracks: uris.length, public: made.public },
      }));
    } catch (error) {
      await deps.publish((state) => ({ ...state, problem: spotifyProblem(error, deps.now()) }));
    } finally {
      await deps.publish((state) => ({ ...state, busy: false }));
    }
  }

  return dj;
}

export type Dj = ReturnType<typeof createDj>;
