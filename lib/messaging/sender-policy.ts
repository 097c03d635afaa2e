import type { SenderKind } from './contract';

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
}

const SPOTIFY_ORIGIN = 'https://open.spotify.com';

/** Thrown when a sender may not send a message, or its data is refused; its text reaches the sender. */
export class MessageRefused extends Error {
  override name = 'MessageRefused';
}

/** The parts of `runtime` the checks need. */
export interface RuntimeInfo {
  id: string;
  getURL(path: '/background.js'): string;
}

/**
 * Whether a message came from this extension's service worker. `runtime.sendMessage` from a
 * content script reaches every extension page (the offscreen document included), so pages
 * must not trust a control message for arriving at all. The worker's messages carry its
 * script URL and no tab (checked in Chromium 156: `chrome-extension://<id>/background.js`).
 */
export function isFromBackground(sender: SenderInfo | undefined, runtime: RuntimeInfo): boolean {
  if (!sender || sender.tab) return false;
  return sender.id === runtime.id && sender.url === runtime.getURL('/background.js');
}

/**
 * Classifies a sender the background hears from, or returns null for anything that is not this
 * extension: another extension, a web page, or a tab other than the Spotify web player.
 */
export function classifySender(sender: SenderInfo, extensionId: string): Exclude<SenderKind, 'background'> | null {
  if (sender.id !== extensionId) return null;
  // An extension page opened in a tab also has `tab`, so its own URL decides first.
  const extensionOrigin = `chrome-extension://${extensionId}/`;
  if (sender.url?.startsWith(extensionOrigin)) {
    return sender.url.startsWith(`${extensionOrigin}offscreen.html`) && !sender.tab ? 'offscreen' : 'extension-page';
  }
  if (sender.tab && isSpotifyUrl(sender.url ?? '') && isSpotifyUrl(sender.tab.url ?? sender.url ?? '')) {
    return 'spotify-tab';
  }
  return null;
}

export function isSpotifyUrl(url: string): boolean {
  try {
    return new URL(url).origin === SPOTIFY_ORIGIN;
  } catch {
    return false;
  }
}

/** The sender's kind if it is one of `allowed`, else why not (words for the log, never the data). */
export function checkSender(
  allowed: readonly SenderKind[],
  sender: SenderInfo,
  extensionId: string,
): { ok: true; kind: SenderKind } | { ok: false; why: string } {
  const kind = classifySender(sender, extensionId);
  if (kind === null) return { ok: false, why: `the sender is not MoodDJ or a tab on ${SPOTIFY_ORIGIN}/` };
  if (!allowed.includes(kind)) return { ok: false, why: `not accepted from ${kind}` };
  return { ok: true, kind };
}
