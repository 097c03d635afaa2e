import type { CatalogTrack } from '../fakes/catalog';
import { createFeatureFakes, type FeatureFakes } from '../fakes/feature-servers';
import { createSpotifyFake, type SpotifyFake, type SpotifyFakeOptions } from '../fakes/spotify-server';
import type { FirefoxSession } from './launch';

/**
 * The Chromium suite's fakes, unchanged, served to Firefox through the fake network (e2e/firefox/fake-net.ts): these
 * adapters only move requests in and out of their pure `handle()`s, as the Playwright adapters do.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The fake Spotify for accounts.spotify.com (sign-in, tokens) and api.spotify.com. */
export function serveSpotify(firefox: FirefoxSession, options: SpotifyFakeOptions): SpotifyFake {
  const fake = createSpotifyFake(options);
  const answer = async (request: Parameters<SpotifyFake['handle']>[0]) => {
    const { status, headers, body, delayMs } = fake.handle(request);
    if (delayMs > 0) await sleep(delayMs);
    return { status, headers, body };
  };
  firefox.serve('https://accounts.spotify.com', answer);
  firefox.serve('https://api.spotify.com', answer);
  return fake;
}

/** The fake ReccoBeats and SoundNet, answering from `catalog`. */
export function serveFeatures(firefox: FirefoxSession, catalog: readonly CatalogTrack[]): FeatureFakes {
  const fakes = createFeatureFakes(catalog);
  const answer = async (request: { method: string; url: string; headers: Record<string, string> }) => {
    const reply = fakes.handle(request);
    if (fakes.slowMs > 0) await sleep(fakes.slowMs);
    return 'abort' in reply ? ('abort' as const) : reply;
  };
  firefox.serve('https://api.reccobeats.com', answer);
  firefox.serve('https://track-analysis.p.rapidapi.com', answer);
  return fakes;
}
