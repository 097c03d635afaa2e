/** SoundNet's host (RapidAPI's Track Analysis), the one asked for when a RapidAPI key is saved. */
export const SOUNDNET_ORIGIN = 'https://track-analysis.p.rapidapi.com';

/**
 * Every host MoodDJ talks to, and why. This one list feeds the manifest's host permissions, the
 * extension pages' CSP `connect-src` (so anything else, such as MediaPipe's usage metrics to
 * odml.pa.googleapis.com, is refused by the browser), the offscreen document's fetch guard, the
 * privacy statement and the e2e test that reads Chromium's net log.
 *
 * `access`: `install` hosts are asked for when MoodDJ is added (the install warning names them);
 * `on-request` ones are optional host permissions, asked for only when the person turns on what needs
 * them (SoundNet: saving a RapidAPI key, `lib/ui/options/soundnet-key.ts` and `lib/sync/soundnet-key.ts`).
 */
export const CONTACTED_HOSTS = [
  { origin: 'https://accounts.spotify.com', who: 'Spotify', what: 'sign-in', access: 'install' },
  { origin: 'https://api.spotify.com', who: 'Spotify', what: 'library-and-player', access: 'install' },
  { origin: 'https://api.reccobeats.com', who: 'ReccoBeats', what: 'audio-features', access: 'install' },
  { origin: SOUNDNET_ORIGIN, who: 'SoundNet', what: 'audio-features-keyed', access: 'on-request' },
] as const;

export type ContactedHost = (typeof CONTACTED_HOSTS)[number];

export const CONTACTED_ORIGINS: readonly string[] = CONTACTED_HOSTS.map((host) => host.origin);

/** A host permission's match pattern: every path of the origin. */
export const hostPattern = (origin: string): string => `${origin}/*`;

/** The manifest's `host_permissions`: what MoodDJ needs from the start. */
export const INSTALL_HOST_PERMISSIONS: readonly string[] = CONTACTED_HOSTS.filter(
  (host) => host.access === 'install',
).map((host) => hostPattern(host.origin));

/** The manifest's `optional_host_permissions`: asked for at run time (`permissions.request`), when needed. */
export const OPTIONAL_HOST_PERMISSIONS: readonly string[] = CONTACTED_HOSTS.filter(
  (host) => host.access === 'on-request',
).map((host) => hostPattern(host.origin));

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
