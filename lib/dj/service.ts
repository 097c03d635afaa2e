import type { Writers } from '@/lib/async/writers';
import type { BackgroundContext, Service } from '@/lib/background/context';
import type { CurrentMood } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import { moodLabel } from '@/lib/mood/label';
import { isActivity, type PickableMood } from '@/lib/mood/types';
import { loadFeedback } from '@/lib/recommend/feedback';
import { recommend } from '@/lib/recommend/recommend';
import type { Settings } from '@/lib/settings/schema';
import { problemFacts } from '@/lib/spotify/problems';
import { createDj, type Dj, type Recommender } from './dj';
import { djMessages } from './messages';
import { createPlayerReads } from './player-reads';

/** After new features arrive, suggestions that were short of them are refreshed once things settle. */
const ANALYSED_REFRESH_MS = 1500;
/** Auto-DJ checks a little after the hold ends, so the mood has surely held. */
const HOLD_MARGIN_MS = 250;

export interface DjServiceDeps {
  /** A fresh seed per request. @default a random 31-bit integer */
  seed?: () => number;
}

/**
 * Whether a settings change is one the DJ's suggestions care about (mode, lift target, auto-DJ, the mood ranges);
 * how playlists are named is read when one is made.
 */
export function djSettingsChanged(previous: Settings | null, next: Settings): boolean {
  if (previous === null) return false;
  const shown = (s: Settings) => JSON.stringify([{ ...s.dj, moodsInPlaylistNames: null }, s.moods]);
  return shown(previous) !== shown(next);
}

/**
 * The DJ in the background: suggestions follow the mood, auto-DJ checks once a new mood has held, the player
 * is re-read when the panel sees it change, and the panel's buttons queue, reshuffle and make the playlist.
 */
export function createDjService(ctx: BackgroundContext, deps: DjServiceDeps = {}): Service {
  const { clock, live } = ctx;
  const seed = deps.seed ?? (() => Math.floor(Math.random() * 2 ** 31));

  /**
   * Picks tracks with the person's ranges, in Match mode those that also sound like the mood (the music model,
   * `lib/recommend/by-sound.ts`); in "lift" mode each pick steps toward the lift target. An activity (focus,
   * workout, wind down) is a target itself, where a lift would lead away from it: it is matched in both modes. What
   * the person skipped or played to the end for this mood in the last week counts (`lib/recommend/feedback.ts`).
   */
  const recommender: Recommender = async (mood, count, exclude, pickSeed) => {
    const settings = await ctx.settings.get();
    const { mode, liftTarget } = settings.dj;
    const lift =
      mode === 'lift' && !isActivity(mood)
        ? { to: settings.moods[liftTarget], steps: count, target: liftTarget }
        : undefined;
    const result = await recommend({
      db: ctx.db,
      profile: settings.moods[mood],
      mood,
      count,
      exclude,
      seed: pickSeed,
      feedback: await loadFeedback(ctx.db, mood, settings.moods[mood], clock.now()),
      ...(lift ? { lift } : {}),
    });
    return { tracks: result.tracks, relaxed: result.relaxed, withoutFeatures: result.withoutFeatures };
  };

  const unguarded = createDj({
    db: ctx.db,
    client: ctx.spotify,
    recommend: recommender,
    settings: async () => {
      const { dj: s } = await ctx.settings.get();
      return {
        autoDj: s.autoDj,
        holdMs: s.holdSeconds * 1000,
        queueAhead: s.queueAhead,
        recentMs: s.recentMinutes * 60_000,
        moodsInPlaylistNames: s.moodsInPlaylistNames,
      };
    },
    now: () => clock.now(),
    seed,
    publish: async (change) => {
      let signedOut = false;
      await live.update((state) => {
        const next = change(state.dj);
        signedOut = problemFacts(next.problem).signedOut && !problemFacts(state.dj.problem).signedOut;
        return { ...state, dj: next };
      });
      // The connection shows "connect again" too, not only the panel.
      if (signedOut) ctx.events.emit('spotifySignedOut', undefined);
    },
  });
  const dj = asWriters(ctx.writers, unguarded);
  let holdTimer: unknown;
  let refreshTimer: unknown;
  let lastMood: PickableMood | null | undefined;

  /** The task, its failure reported: the promise never rejects. */
  const safely = (task: Promise<unknown>): Promise<unknown> => task.catch((error) => ctx.report(error, 'dj'));
  const currentMood = async (): Promise<CurrentMood | null> => (await live.get()).mood;

  async function scheduleAutoDj(): Promise<void> {
    clock.clearTimeout(holdTimer);
    const [mood, settings] = await Promise.all([currentMood(), ctx.settings.get()]);
    if (!mood || !settings.dj.autoDj) return;
    const wait = Math.max(0, mood.since + settings.dj.holdSeconds * 1000 - clock.now()) + HOLD_MARGIN_MS;
    holdTimer = clock.setTimeout(() => safely(dj.autoDj(mood)), wait);
  }

  function onMood(mood: CurrentMood | null): Promise<unknown> {
    const work: Promise<unknown>[] = [];
    if (mood?.mood !== lastMood) {
      lastMood = mood?.mood ?? null;
      work.push(safely(dj.suggest(lastMood)));
    }
    work.push(safely(scheduleAutoDj()));
    return Promise.all(work);
  }

  async function refresh(): Promise<void> {
    await dj.suggest((await currentMood())?.mood ?? null);
  }

  ctx.events.on('moodChanged', onMood);
  ctx.events.on('dataReset', () => onMood(null));
  ctx.events.on('settingsChanged', ({ settings, previous }) => {
    // Only a change the DJ cares about reshuffles the suggestions.
    if (!djSettingsChanged(previous, settings)) return;
    return Promise.all([safely(refresh()), safely(scheduleAutoDj())]);
  });
  ctx.events.on('featuresAnalysed', () => {
    // New features: refresh suggestions that were short of them, once the burst is over.
    clock.clearTimeout(refreshTimer);
    refreshTimer = clock.setTimeout(
      () =>
        safely(
          (async () => {
            const state = await live.get();
            if (state.mood && state.dj.suggestions.length < 5) await dj.suggest(state.mood.mood);
          })(),
        ),
      ANALYSED_REFRESH_MS,
    );
  });

  // The Web API is read when the web player's page shows a change, and at most this often across all tabs.
  const player = createPlayerReads({
    clock,
    read: () =>
      safely(
        (async () => {
          await dj.checkPlayer();
          const mood = await currentMood();
          if (mood) await dj.autoDj(mood);
        })(),
      ),
  });

  return {
    name: 'dj',
    handles: [
      implement(djMessages, {
        refreshSuggestions: () => refresh(),
        // Settings the panel cannot write itself; `settingsChanged` carries the change to every listener.
        updateDjSettings: async (patch) => {
          await ctx.settings.update({ dj: patch });
        },
        async queueTracks(request) {
          // The person's own click: after "not registered" or the owner's Premium, Spotify is asked again now.
          await ctx.spotifyGate.retryNow();
          const mood = await currentMood();
          await dj.queue(mood?.mood ?? null, request);
          if (mood && 'count' in request) await dj.suggest(mood.mood);
        },
        async makeMoodPlaylist() {
          await ctx.spotifyGate.retryNow();
          const mood = await currentMood();
          if (mood) await dj.playlist(mood.mood, moodLabel(mood.mood));
        },
        playerActivity: ({ change }) => player.activity(change),
      }),
    ],
  };
}

/**
 * The DJ with every operation run as a writer (`ctx.writers`): queueing and the player's reads write the play
 * history and the queue ledger, the playlist its id, and the suggestions the live state, so "delete
 * everything" waits for those under way and none writes back what was deleted.
 */
function asWriters(writers: Writers, dj: Dj): Dj {
  const writer =
    <A extends unknown[], R>(operation: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      writers.run('dj', () => operation(...args));
  return {
    suggest: writer(dj.suggest),
    queue: writer(dj.queue),
    checkPlayer: writer(dj.checkPlayer),
    autoDj: writer(dj.autoDj),
    playlist: writer(dj.playlist),
  };
}
