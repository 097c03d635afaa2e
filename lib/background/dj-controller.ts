import { db } from '@/lib/db/schema';
import { createDj, type Recommender } from '@/lib/dj/dj';
import { reportError } from '@/lib/errors/report';
import type { CurrentMood } from '@/lib/live-state/state';
import type { Mood } from '@/lib/mood/types';
import { recommend } from '@/lib/recommend/recommend';
import { getSettings } from '@/lib/settings/store';
import { MOOD_LOOK } from '@/lib/ui/moods';
import type { LiveStateStore } from '../live-state/store';
import { spotifyClient } from './spotify';

/** Picks tracks with the person's ranges; in "lift" mode each pick steps toward the lift target. */
const recommender: Recommender = async (mood, count, exclude, seed) => {
  const settings = await getSettings();
  const lift = settings.dj.mode === 'lift' ? { to: settings.moods[settings.dj.liftTarget], steps: count } : undefined;
  const result = await recommend({
    db: db(),
    profile: settings.moods[mood],
    count,
    exclude,
    seed,
    ...(lift ? { lift } : {}),
  });
  return { tracks: result.tracks, relaxed: result.relaxed, withoutFeatures: result.withoutFeatures };
};

/**
 * Connects the DJ to the live state: suggestions follow the mood, auto-DJ checks once a
 * new mood has held, and the player is re-read when the panel sees it change.
 */
export function createDjController(live: LiveStateStore) {
  const dj = createDj({
    db: db(),
    client: spotifyClient,
    recommend: recommender,
    settings: async () => {
      const { dj: s } = await getSettings();
      return {
        autoDj: s.autoDj,
        holdMs: s.holdSeconds * 1000,
        queueAhead: s.queueAhead,
        recentMs: s.recentMinutes * 60_000,
      };
    },
    now: Date.now,
    seed: () => Math.floor(Math.random() * 2 ** 31),
    publish: async (change) => {
      await live.update((state) => ({ ...state, dj: change(state.dj) }));
    },
  });
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  let lastMood: Mood | null | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const safely = (task: Promise<unknown>) => void task.catch((error) => reportError('db', error));

  async function currentMood(): Promise<CurrentMood | null> {
    return (await live.get()).mood;
  }

  async function scheduleAutoDj(): Promise<void> {
    clearTimeout(holdTimer);
    const [mood, settings] = await Promise.all([currentMood(), getSettings()]);
    if (!mood || !settings.dj.autoDj) return;
    const wait = Math.max(0, mood.since + settings.dj.holdSeconds * 1000 - Date.now()) + 250;
    holdTimer = setTimeout(() => safely(dj.autoDj(mood)), wait);
  }

  return {
    /** After every live-state change of the mood. */
    onMood(mood: CurrentMood | null): void {
      if (mood?.mood !== lastMood) {
        lastMood = mood?.mood ?? null;
        safely(dj.suggest(lastMood));
      }
      safely(scheduleAutoDj());
    },
    /** The panel saw the player change (or its heartbeat). */
    onPlayerActivity(): void {
      safely(
        (async () => {
          await dj.checkPlayer();
          const mood = await currentMood();
          if (mood) await dj.autoDj(mood);
        })(),
      );
    },
    /** New features arrived: refresh suggestions that were empty for lack of them. */
    onAnalysed(): void {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        safely(
          (async () => {
            const state = await live.get();
            if (state.mood && state.dj.suggestions.length < 5) await dj.suggest(state.mood.mood);
          })(),
        );
      }, 1500);
    },
    async refresh(): Promise<void> {
      await dj.suggest((await currentMood())?.mood ?? null);
    },
    async queue(request: { trackIds: string[] } | { count: number }): Promise<void> {
      const mood = await currentMood();
      await dj.queue(mood?.mood ?? null, request);
      if (mood && 'count' in request) await dj.suggest(mood.mood);
    },
    async playlist(): Promise<void> {
      const mood = await currentMood();
      if (mood) await dj.playlist(mood.mood, MOOD_LOOK[mood.mood].label);
    },
    /** DJ settings changed: new suggestions (mode, ranges) and a new auto-DJ check. */
    onSettingsChanged(): void {
      safely(this.refresh());
      safely(scheduleAutoDj());
    },
  };
}
