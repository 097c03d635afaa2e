import { type BrowserContext, expect, type Page } from '@playwright/test';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import { installFeatureFakes } from './fakes/feature-servers';
import { type InstalledSpotifyFake, installSpotifyFake, type SpotifyFakeOptions } from './fakes/spotify-server';
import { OptionsPage } from './pages/options';

/** The Client ID the specs connect with; the fake Spotify accepts only it. */
export const CLIENT_ID = '0123456789abcdef0123456789abcdef';

export interface LibrarySync {
  /** The saved library the fake Spotify serves (the feature fakes know the whole shared catalogue). */
  tracks: readonly CatalogTrack[];
  /** More for the fake Spotify, e.g. what it reports as playing. */
  spotify?: Omit<SpotifyFakeOptions, 'tracks' | 'clientId'>;
  /** Settings to change in options before connecting. */
  settings?: (options: OptionsPage) => Promise<unknown>;
}

/**
 * On an open options page: installs the fake Spotify and feature servers, applies `settings`, connects
 * Spotify and waits until every track is analysed. The page stays open.
 */
export async function syncLibraryIn(
  context: BrowserContext,
  options: OptionsPage,
  { tracks, spotify: extra, settings }: LibrarySync,
): Promise<InstalledSpotifyFake> {
  const spotify = await installSpotifyFake(context, { ...extra, tracks, clientId: CLIENT_ID });
  await installFeatureFakes(context, loadCatalog() ?? []);
  await settings?.(options);
  await options.connectSpotify(CLIENT_ID);
  const n = tracks.length.toLocaleString('en');
  await expect(options.syncSummary).toHaveText(`${n} / ${n} tracks analysed`, { timeout: 60_000 });
  return spotify;
}

/** {@link syncLibraryIn} in an options tab of its own, closed once the library is analysed. */
export async function syncLibrary(
  context: BrowserContext,
  openExtensionPage: (path: string) => Promise<Page>,
  sync: LibrarySync,
): Promise<InstalledSpotifyFake> {
  const options = await OptionsPage.open(openExtensionPage);
  const spotify = await syncLibraryIn(context, options, sync);
  await options.page.close();
  return spotify;
}
