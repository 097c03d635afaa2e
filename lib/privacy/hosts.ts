/**
 * Every host MoodDJ talks to, and why. This one list feeds the manifest's host permissions, the
 * extension pages' CSP `connect-src` (so anything else, such as MediaPipe's usage metrics to
 * odml.pa.googleapis.com, is refused by the browser), the offscreen document's fetch guard, the
 * privacy statement and the e2e test that reads Chromium's net log.
 */
export const CONTACTED_HOSTS = [
  { origin: 'https://accounts.spotify.com', who: 'Spotify', what: 'sign-in' },
  { origin: 'https://api.spotify.com', who: 'Spotify', what: 'library-and-player' },
  { origin: 'https://api.reccobeats.com', who: 'ReccoBeats', what: 'audio-features' },
  { origin: 'https://track-analysis.p.rapidapi.com', who: 'SoundNet', what: 'audio-features-keyed' },
] as const;

export type ContactedHost = (typeof CONTACTED_HOSTS)[number];

export const CONTACTED_ORIGINS: readonly string[] = CONTACTED_HOSTS.map((host) => host.origin);

/** `content_security_policy.extension_pages`: WASM for MediaPipe, and no connection MoodDJ does not name. */
export const EXTENSION_PAGES_CSP = [
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'self'",
  `connect-src 'self' ${CONTACTED_ORIGINS.join(' ')}`,
].join('; ');

/** True for a URL on one of the contacted hosts, or the extension itself. */
export function isAllowedUrl(url: string, extensionOrigin: string): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  // `new URL('chrome-extension://id/x').origin` is "null" in Node and some engines: compare by prefix.
  if (url.startsWith(`${extensionOrigin}/`)) return true;
  return CONTACTED_ORIGINS.includes(origin);
}
