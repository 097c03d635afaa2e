import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { djMessages } from '@/lib/dj/messages';
import { clientFor } from '@/lib/messaging/client';

/** Spotify's now-playing widget; its aria-label names the track ("Now playing: X by Y"). */
const NOW_PLAYING = '[data-testid="now-playing-widget"]';
/** Even without a visible change, the background re-reads the player this often. */
const HEARTBEAT_MS = 20_000;
const CHECK_MS = 2_000;

/**
 * Tells the background when the web player moves to another track, so the play history
 * and auto-DJ follow at once, plus a slow heartbeat. Only that a change happened is sent:
 * what plays is read from the Web API by the background.
 */
export function watchPlayer(ctx: ContentScriptContext): void {
  const dj = clientFor(djMessages);
  let last = '';
  let lastSent = 0;
  const tell = () => {
    lastSent = Date.now();
    dj.playerActivity().catch(() => undefined);
  };
  ctx.setInterval(() => {
    const label = document.querySelector(NOW_PLAYING)?.getAttribute('aria-label') ?? '';
    if (label !== last) {
      last = label;
      tell();
    } else if (Date.now() - lastSent >= HEARTBEAT_MS) tell();
  }, CHECK_MS);
}
