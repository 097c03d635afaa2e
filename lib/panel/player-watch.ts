import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { djMessages, type PlayerChange } from '@/lib/dj/messages';
import { clientFor } from '@/lib/messaging/client';

/*
 * The web player's own page says when something changes, for free: the now-playing widget names the track, the
 * play/pause button flips its label, the position counts up. MoodDJ reads those and asks the Web API (which
 * counts against the app's daily quota) only when they say the track changed or playback resumed, plus a slow
 * fallback in case the page's markup changed under us. Anchored on `data-testid`, never on class names.
 */

/** "Now playing: X by Y". */
const NOW_PLAYING = '[data-testid="now-playing-widget"]';
const POSITION = '[data-testid="playback-position"]';
/** How often the page is read (no request: the DOM only). */
export const CHECK_MS = 2_000;
/** The fallback: the background re-reads the player at most this often without a change (minutes, not seconds). */
export const PLAYER_FALLBACK_MS = 5 * 60_000;

/** What the page shows: the track's label and the playback position. */
export interface PlayerView {
  track: string;
  positionMs: number | null;
}

/** "1:23" or "1:02:03" as milliseconds; null for anything else. */
export function parsePosition(text: string | null | undefined): number | null {
  const match = text?.trim().match(/^(?:(\d+):)?(\d{1,2}):(\d{2})$/);
  if (!match) return null;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

export function readPlayer(doc: ParentNode): PlayerView {
  return {
    track: doc.querySelector(NOW_PLAYING)?.getAttribute('aria-label') ?? '',
    positionMs: parsePosition(doc.querySelector(POSITION)?.textContent),
  };
}

/** A pause at least this long, then playback again: the queue may have changed elsewhere meanwhile. */
export const RESUME_AFTER_MS = 30_000;

/**
 * Follows the page read after read and says what the background needs to know: another track, or playback
 * resuming after a pause (the position stood still, now it moves). A pause, or the position moving on, needs
 * no request. The position, not the play button, tells playing from paused: its label is in the page's language.
 */
export function createPlayerTracker(first: PlayerView) {
  let last = first;
  let stillMs = 0;
  return {
    next(view: PlayerView, elapsedMs: number): PlayerChange | null {
      const before = last;
      last = view;
      if (view.track !== before.track) {
        stillMs = 0;
        return 'track';
      }
      if (view.positionMs === null || before.positionMs === null) return null;
      if (view.positionMs === before.positionMs) {
        stillMs += elapsedMs;
        return null;
      }
      const resumed = view.positionMs > before.positionMs && stillMs >= RESUME_AFTER_MS;
      stillMs = 0;
      return resumed ? 'resumed' : null;
    },
  };
}

/**
 * What the panel tells the background, tick by tick: a change the page shows, or the slow fallback when nothing
 * was sent for `PLAYER_FALLBACK_MS`. `opened` is the first message (the panel has just opened: read the player).
 */
export function createPlayerWatch(first: PlayerView, now: number) {
  const tracker = createPlayerTracker(first);
  let lastSent = now;
  return {
    opened: 'track' as PlayerChange,
    tick(view: PlayerView, at: number, elapsedMs: number): PlayerChange | null {
      const change = tracker.next(view, elapsedMs) ?? (at - lastSent >= PLAYER_FALLBACK_MS ? 'heartbeat' : null);
      if (change) lastSent = at;
      return change;
    },
  };
}

/** Tells the background what the page says changed; only that it changed: what plays is read from the Web API. */
export function watchPlayer(ctx: ContentScriptContext): void {
  const dj = clientFor(djMessages);
  const tell = (change: PlayerChange) => dj.playerActivity({ change }).catch(() => undefined);
  const watch = createPlayerWatch(readPlayer(document), Date.now());
  tell(watch.opened);
  ctx.setInterval(() => {
    const change = watch.tick(readPlayer(document), Date.now(), CHECK_MS);
    if (change) tell(change);
  }, CHECK_MS);
}
