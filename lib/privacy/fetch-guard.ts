import { isAllowedUrl } from './hosts';

/**
 * Wraps `fetch` so a request to a host MoodDJ does not name fails before it reaches the network.
 *
 * The CSP's `connect-src` already refuses such requests, but Chromium then prints a CSP violation
 * in the console. MediaPipe Tasks posts usage metrics to odml.pa.googleapis.com every 60 s and on
 * close (its README, "Privacy Notice"), and tasks-vision 1.1.0 has no switch to turn that off:
 * its logger is created with every task. The logger gives up after its first failed send, so
 * refusing it here, quietly, stops it for good and keeps the console clean.
 */
export function guardFetch(inner: typeof fetch, extensionOrigin: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!isAllowedUrl(new URL(url, `${extensionOrigin}/`).href, extensionOrigin)) {
      return Promise.reject(new TypeError(`MoodDJ does not contact ${new URL(url).host}.`));
    }
    return inner(input, init);
  };
}

/** Installs the guard on this context's global `fetch` (the offscreen document, where MediaPipe runs). */
export function installFetchGuard(extensionOrigin: string): void {
  globalThis.fetch = guardFetch(globalThis.fetch.bind(globalThis), extensionOrigin);
}
