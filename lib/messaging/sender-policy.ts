import type { SenderKind } from './contract';

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  /** 0 for a tab's top document; Firefox and Chrome both report it for a sender in a tab. */
  frameId?: number;
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

/** The page that hosts the camera: Chrome's offscreen document, Firefox's camera tab (the same page source). */
export const CAMERA_PAGE_PATH = 'offscreen.html';

/**
 * Firefox's MV3 background (`background.scripts`) runs in a page Firefox generates, and a message from it carries
 * that page's URL (`runtime.getContexts` reports the background context there too).
 */
const FIREFOX_BACKGROUND_PAGE = '_generated_background_page.html';

/**
 * Whether a message came from this extension's background. `runtime.sendMessage` from a
 * content script reaches every extension page (the offscreen document included), so pages
 * must not trust a control message for arriving at all. The background's messages carry its
 * URL and no tab: Chrome's service worker script (checked in Chromium 156:
 * `chrome-extension://<id>/background.js`), or Firefox's generated background page
 * (`moz-extension://<uuid>/_generated_background_page.html`). Neither URL can be a page in a tab
 * (a tab always comes with `tab`).
 */
export function isFromBackground(sender: SenderInfo | undefined, runtime: RuntimeInfo): boolean {
  if (!sender || sender.tab) return false;
  const worker = runtime.getURL('/background.js');
  return (
    sender.id === runtime.id && (sender.url === worker || sender.url === new URL(FIREFOX_BACKGROUND_PAGE, worker).href)
  );
}

/**
 * Who "this extension" is to the checks. On Chrome the origin follows from the id
 * (`chrome-extension://<id>/`); on Firefox it does not: the origin is `moz-extension://<uuid>/`, a per-profile
 * uuid, while `runtime.id` is the gecko id, so it comes from `runtime.getURL('/')`.
 */
export interface ExtensionSelf {
  id: string;
  /** With its trailing slash, as `runtime.getURL('/')` gives it. */
  origin: string;
  /**
   * Firefox has no offscreen document: the camera page runs in a MoodDJ tab, so a sender with `tab` may be the
   * camera host. On Chrome (false) only a sender without a tab is, so the page opened in a tab stays a page.
   * @default false
   */
  cameraInTab?: boolean;
}

/** An id alone is Chrome's way of naming this extension. */
const selfOf = (extension: string | ExtensionSelf): ExtensionSelf =>
  typeof extension === 'string' ? { id: extension, origin: `chrome-extension://${extension}/` } : extension;

/**
 * Classifies a sender the background hears from, or returns null for anything that is not this
 * extension: another extension, a web page, or a tab other than the Spotify web player.
 */
export function classifySender(
  sender: SenderInfo,
  extension: string | ExtensionSelf,
): Exclude<SenderKind, 'background'> | null {
  const self = selfOf(extension);
  if (sender.id !== self.id) return null;
  // An extension page opened in a tab also has `tab`, so its own URL decides first.
  if (sender.url?.startsWith(self.origin)) return isCameraHost(sender, self) ? 'offscreen' : 'extension-page';
  if (sender.tab && isSpotifyUrl(sender.url ?? '') && isSpotifyUrl(sender.tab.url ?? sender.url ?? '')) {
    return 'spotify-tab';
  }
  return null;
}

/**
 * The camera page, and only as its host runs it: Chrome's offscreen document has no tab; Firefox's camera tab is
 * the top document of a tab showing that same page (no other page of ours, and never the page in a frame).
 */
function isCameraHost(sender: SenderInfo, self: ExtensionSelf): boolean {
  const page = `${self.origin}${CAMERA_PAGE_PATH}`;
  // The exact URL, as the camera tab host finds its page (`firefoxHostTabs().find`) and Chrome its offscreen
  // document: with a query or a fragment it is a page the host would not count, so it is not the camera either.
  if (sender.url !== page) return false;
  if (!sender.tab) return true;
  if (!self.cameraInTab) return false;
  const topFrame = sender.frameId === undefined || sender.frameId === 0;
  return topFrame && (sender.tab.url === undefined || sender.tab.url === page);
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
  extension: string | ExtensionSelf,
): { ok: true; kind: SenderKind } | { ok: false; why: string } {
  const kind = classifySender(sender, extension);
  if (kind === null) return { ok: false, why: `the sender is not MoodDJ or a tab on ${SPOTIFY_ORIGIN}/` };
  if (!allowed.includes(kind)) return { ok: false, why: `not accepted from ${kind}` };
  return { ok: true, kind };
}
