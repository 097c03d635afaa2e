import { z } from 'zod';
import { PICKABLE_MOODS, type PickableMood } from '@/lib/mood/types';

/** A track MoodDJ queued and left before this much playback is a skip. */
export const SKIP_BEFORE_MS = 30_000;
/** A track left this close to its end (or past `COMPLETE_FRACTION`, whichever comes first) was played to the end. */
export const COMPLETE_WITHIN_MS = 10_000;
export const COMPLETE_FRACTION = 0.9;
/**
 * Sightings come when the web player's now-playing widget changes and on its 20 s heartbeat. A longer silence
 * (the tab closed, the worker asleep, a throttled background tab) leaves the playback in between unknown.
 */
export const MAX_GAP_MS = 45_000;
/** Progress that runs ahead of the clock by more than this between two sightings was a seek forward. */
const SEEK_SLACK_MS = 3_000;

/** One read of what the player is doing (`currently-playing`), as the DJ gets it. */
export interface Sighting {
  /** Epoch ms of the read. */
  at: number;
  /** The playing track, or null for another item without one (an ad). "Nothing playing" is no sighting. */
  trackId: string | null;
  /** Position in the item, ms; null when the player did not say. */
  progressMs: number | null;
  playing: boolean;
  durationMs: number | null;
}

/** The MoodDJ-queued track being followed, as last sighted. */
export interface Watched {
  trackId: string;
  /** The mood MoodDJ queued it for. */
  mood: PickableMood;
  /** When it was last sighted, and its position and state then. */
  at: number;
  progressMs: number;
  playing: boolean;
  durationMs: number | null;
  /** The furthest position sighted. */
  furthestMs: number;
  /** Whether the person seeked forward in it (then it never counts as played to the end). */
  seeked: boolean;
}

export interface SkipWatch {
  watching: Watched | null;
}

/** What became of a MoodDJ-queued track once it was left. */
export interface SkipOutcome {
  kind: 'skipped' | 'completed';
  trackId: string;
  mood: PickableMood;
  /** When it was left (epoch ms). */
  at: number;
  /** Its estimated position then. */
  positionMs: number;
}

export const EMPTY_WATCH: SkipWatch = { watching: null };

/** The watch as stored between sightings (the service worker may stop in between). */
export const skipWatchSchema = z.object({
  watching: z
    .object({
      trackId: z.string(),
      mood: z.enum(PICKABLE_MOODS),
      at: z.number(),
      progressMs: z.number(),
      playing: z.boolean(),
      durationMs: z.number().nullable(),
      furthestMs: z.number(),
      seeked: z.boolean(),
    })
    .nullable(),
}) satisfies z.ZodType<SkipWatch>;

/**
 * Follows the tracks MoodDJ queued through the player sightings the DJ already makes, and says which were
 * skipped and which were played to the end. Pure: the caller stores the watch between sightings.
 *
 * The rule, decided on playback position (`progress_ms`), never on wall-clock time:
 * - A track is left when a sighting shows anything else. It was left when the next item started:
 *   the sighting's time minus the next item's own position.
 * - Its position then is the last sighted position, plus the time until it was left if it was playing at
 *   that sighting (a track sighted paused is taken to have stayed paused). Paused time never counts.
 * - Left before `SKIP_BEFORE_MS` of position, and never sighted past it, is a **skip**. Pausing is not leaving:
 *   however long a track stays paused, only another track starting makes a skip.
 * - Left at or past `min(duration − 10 s, 90 % of duration)` is **completed**, unless the person seeked
 *   forward in it (jumping to the end is not listening to it). A seek backward only moves the position.
 * - Between, nothing is recorded. After a silence longer than `MAX_GAP_MS` the estimate is unsure: only a
 *   completion already sighted counts, never a skip.
 * - Tracks MoodDJ did not queue (`queuedFor` null) are not followed.
 */
export function observePlayer(
  watch: SkipWatch,
  sighting: Sighting,
  queuedFor: PickableMood | null,
): { watch: SkipWatch; outcome: SkipOutcome | null } {
  const current = watch.watching;
  const position = Math.max(0, sighting.progressMs ?? 0);
  if (current && sighting.trackId === current.trackId) {
    const elapsed = Math.max(0, sighting.at - current.at);
    const advanced = position - current.progressMs;
    // Started again (repeat, or the context ended on it): it was played to the end if the clock says so.
    const ended = advanced < 0 && current.playing && reachedEnd(estimate(current, sighting.at), current.durationMs);
    if (ended && elapsed <= MAX_GAP_MS) {
      return {
        watch: { watching: startWatching(sighting, current.mood) },
        outcome: outcomeOf(current, 'completed', sighting.at, estimate(current, sighting.at)),
      };
    }
    const seeked = current.seeked || advanced > elapsed + SEEK_SLACK_MS;
    return {
      watch: {
        watching: {
          ...current,
          at: sighting.at,
          progressMs: position,
          playing: sighting.playing,
          durationMs: sighting.durationMs ?? current.durationMs,
          furthestMs: Math.max(current.furthestMs, position),
          seeked,
        },
      },
      outcome: null,
    };
  }
  const next = sighting.trackId && queuedFor ? startWatching(sighting, queuedFor) : null;
  if (!current) return { watch: { watching: next }, outcome: null };
  // The next item started this long before the sighting; never before the last sighting of this one.
  const leftAt = Math.max(current.at, sighting.at - (sighting.trackId ? position : 0));
  return { watch: { watching: next }, outcome: judge(current, leftAt) };
}

function startWatching(sighting: Sighting, mood: PickableMood): Watched {
  const position = Math.max(0, sighting.progressMs ?? 0);
  return {
    trackId: sighting.trackId ?? '',
    mood,
    at: sighting.at,
    progressMs: position,
    playing: sighting.playing,
    durationMs: sighting.durationMs,
    furthestMs: position,
    seeked: false,
  };
}

/** The position `watched` reached by `at`, if it kept its last sighted state. */
function estimate(watched: Watched, at: number): number {
  const position = watched.progressMs + (watched.playing ? Math.max(0, at - watched.at) : 0);
  return watched.durationMs === null ? position : Math.min(position, watched.durationMs);
}

function reachedEnd(positionMs: number, durationMs: number | null): boolean {
  if (durationMs === null || durationMs <= 0) return false;
  return positionMs >= Math.min(durationMs - COMPLETE_WITHIN_MS, COMPLETE_FRACTION * durationMs);
}

function judge(watched: Watched, leftAt: number): SkipOutcome | null {
  const sure = leftAt - watched.at <= MAX_GAP_MS;
  const position = sure ? estimate(watched, leftAt) : watched.progressMs;
  if (!watched.seeked && reachedEnd(position, watched.durationMs)) {
    return outcomeOf(watched, 'completed', leftAt, position);
  }
  if (sure && position < SKIP_BEFORE_MS && watched.furthestMs < SKIP_BEFORE_MS) {
    return outcomeOf(watched, 'skipped', leftAt, position);
  }
  return null;
}

function outcomeOf(watched: Watched, kind: SkipOutcome['kind'], at: number, positionMs: number): SkipOutcome {
  return { kind, trackId: watched.trackId, mood: watched.mood, at, positionMs };
}
