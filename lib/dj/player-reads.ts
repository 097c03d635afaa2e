import type { Clock } from '@/lib/background/context';
import type { PlayerChange } from './messages';

/** Two web-player tabs seeing the same change (each reads its page every 2 s) ask once: reads closer than this fold. */
export const PLAYER_READ_GAP_MS = 4_000;
/** Without a change, the fallback reads the player at most this often (the panel's fallback is 5 min). */
export const PLAYER_FALLBACK_READ_MS = 4.5 * 60_000;

/**
 * When to read the player from the Web API (each read counts against the app's daily quota): at once for a new
 * track or playback resuming, folded with another read within `PLAYER_READ_GAP_MS` (a change in the gap is read
 * at its end, so none is lost), and for the fallback only when nothing was read for `PLAYER_FALLBACK_READ_MS`.
 */
export function createPlayerReads(deps: { clock: Clock; read: () => Promise<unknown> }) {
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let scheduled = false;
  const readNow = () => {
    lastReadAt = deps.clock.now();
    return deps.read();
  };
  return {
    activity(change: PlayerChange): Promise<unknown> | undefined {
      const since = deps.clock.now() - lastReadAt;
      if (change === 'heartbeat') return since >= PLAYER_FALLBACK_READ_MS ? readNow() : undefined;
      if (since >= PLAYER_READ_GAP_MS) return readNow();
      if (!scheduled) {
        scheduled = true;
        deps.clock.setTimeout(() => {
          scheduled = false;
          return readNow();
        }, PLAYER_READ_GAP_MS - since);
      }
      return undefined;
    },
  };
}
