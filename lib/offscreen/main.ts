import { reportError } from '@/lib/errors/report';
import { onMessage, sendMessage } from '@/lib/messaging/protocol';

/** Runs in the offscreen document; only `runtime` is available here. */
export function startOffscreen(): void {
  onMessage('offscreenPing', () => 'pong');
  sendMessage('offscreenReady').catch((error) => reportError('offscreen', error));
}
