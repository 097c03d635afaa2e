import { cameraMessages } from '@/lib/camera/messages';
import { clientFor } from '@/lib/messaging/client';

/** Well inside Firefox's 30 s idle timeout (`extensions.background.idle.timeout`). */
const KEEP_ALIVE_MS = 20_000;

/**
 * Firefox suspends an event page after 30 s without an event, open ports notwithstanding (seen in Firefox 153: the
 * background restarted about every 45 s beside a web player and the camera tab), and a restarted background loses
 * the camera's mood and status. A message now and then keeps it up while the camera page is open. (The timers of a
 * hidden tab still fire, at most once a second.) Returns a function that stops it.
 */
export function keepBackgroundAwake(every = KEEP_ALIVE_MS): () => void {
  const background = clientFor(cameraMessages);
  const timer = setInterval(() => {
    background.cameraAlive().catch(() => undefined);
  }, every);
  return () => clearInterval(timer);
}
