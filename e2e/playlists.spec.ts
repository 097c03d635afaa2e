import { mkdirSync } from 'node:fs';
import { type CatalogTrack, loadCatalog } from './fakes/catalog';
import type { InstalledSpotifyFake } from './fakes/spotify-server';
import { expect, OptionsPage, PanelPage, SCREENSHOT_DIR, test } from './fixtures';
import { syncLibraryIn } from './library';

/*
 * Playlists as sources, against the fake Spotify: chosen playlists bring their tracks in once each,
 * an unchanged playlist is not read again, a playlist Spotify refuses says why, and a track's why names its
 * playlist.
 */

const catalog = loadCatalog();
/** Every 97th catalogue row, each id once (the catalogue lists some tracks under several genres). */
const spread = [...new Map((catalog ?? []).filter((_, i) => i % 97 === 0).map((t) => [t.id, t])).values()];
const pick = (from: number, to: number): CatalogTrack[] => spread.slice(from, to);
/** Liked Songs: three tracks. The playlists: Road trip shares one of them, and two tracks with Chill. */
const liked = pick(0, 3);
const road = [...pick(0, 1), ...pick(10, 15)];
const chill = pick(13, 18);
const ids = (tracks: readonly CatalogTrack[]) => tracks.map((t) => t.id);
const SHOTS = process.env.MOODDJ_SHOTS ?? SCREENSHOT_DIR;

/** How many times each playlist's items were asked for, by name. */
function itemReads(spotify: InstalledSpotifyFake, name: string): number {
  const id = spotify.playlistId(name);
  return spotify.recorded.log.filter((entry) => entry.endpoint === 'readPlaylistItems' && entry.url.includes(id))
    .length;
}

const analysed = (n: number) => `${n} / ${n} tracks analysed`;

test.describe('playlists as sources', () => {
  test.skip(!catalog, 'shared data is missing');

  test('chosen playlists feed the DJ once each, re-read only when changed; a refusal says why; the why names the playlist', async ({
    context,
    openExtensionPage,
    openWebPlayer,
  }) => {
    mkdirSync(SHOTS, { recursive: true });
    const options = await OptionsPage.open(openExtensionPage);
    const spotify = await syncLibraryIn(context, options, {
      tracks: liked,
      spotify: {
        catalog: [...road, ...chill],
        playlists: [
          { name: 'Road trip', trackIds: ids(road) },
          { name: 'Chill', trackIds: ids(chill) },
          { name: 'Daily Mix 1', trackIds: ids(pick(20, 22)), owner: 'spotify', refuse: 404 },
          { name: "Ana's party", trackIds: ids(pick(22, 24)), owner: 'ana', refuse: 403 },
        ],
      },
    });
    const sources = options.page.getByTestId('playlist-sources');
    await sources.getByRole('button', { name: 'Show my playlists' }).click();
    await expect(sources.getByTestId('source-playlist')).toHaveCount(4);
    await expect(sources.getByTestId('source-playlist').filter({ hasText: 'Road trip' })).toContainText('6 tracks');
    expect(spotify.requests.readPlaylistItems).toBe(0);

    for (const name of ['Road trip', 'Chill', 'Daily Mix 1']) {
      await sources.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
      await expect(options.outcome('sources-saved')).toHaveAttribute('data-outcome', 'done');
    }
    // 3 liked + 6 from Road trip (one of them liked) + 5 from Chill (two of them in Road trip): 11 tracks, each once.
    await expect(options.syncSummary).toHaveText(analysed(11), { timeout: 60_000 });
    await expect.poll(() => itemReads(spotify, 'Daily Mix 1'), { timeout: 20_000 }).toBe(1);
    expect([itemReads(spotify, 'Road trip'), itemReads(spotify, 'Chill')]).toEqual([1, 1]);

    // Refused, with the reason, never shown as empty.
    const daily = sources.getByTestId('source-playlist').filter({ hasText: 'Daily Mix 1' });
    await expect(daily.getByTestId('source-refusal')).toHaveText(
      'Spotify does not let apps read its own editorial and algorithmic playlists.',
      { timeout: 20_000 },
    );
    await sources.scrollIntoViewIfNeeded();
    await sources.screenshot({ path: `${SHOTS}/options-playlist-sources.png` });

    // Sync again: the playlists are listed (one request) but none is read again, as no snapshot moved.
    const listingsBefore = spotify.requests.myPlaylists;
    await options.page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => spotify.requests.myPlaylists, { timeout: 20_000 }).toBe(listingsBefore + 1);
    await options.page.waitForTimeout(1000);
    expect([itemReads(spotify, 'Road trip'), itemReads(spotify, 'Chill'), itemReads(spotify, 'Daily Mix 1')]).toEqual([
      1, 1, 1,
    ]);

    // Chill changes in Spotify: only Chill is read again, and a track that left it leaves the library.
    spotify.editPlaylist(spotify.playlistId('Chill'), ids(chill.slice(0, 4)));
    await options.page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => itemReads(spotify, 'Chill'), { timeout: 20_000 }).toBe(2);
    await expect(options.syncSummary).toHaveText(analysed(10), { timeout: 20_000 });
    expect(itemReads(spotify, 'Road trip')).toBe(1);

    // Liked Songs off: only the playlists feed the DJ (the liked track in Road trip stays).
    await sources.getByRole('checkbox', { name: 'Liked Songs' }).uncheck();
    await expect(options.syncSummary).toHaveText(analysed(8), { timeout: 20_000 });

    const panel = new PanelPage(await openWebPlayer());
    await panel.pickMood('happy');
    await expect.poll(() => panel.count({ testid: 'suggestion-why' }), { timeout: 10_000 }).toBeGreaterThan(0);
    const whys = await panel.attrAll({ testid: 'suggestion-why' }, 'title');
    for (const why of whys) expect(why).toMatch(/; from (Road trip|Chill|Road trip and Chill)$/);
    await panel.click({ role: 'button', name: /^Queue /, within: 'suggestions' });
    await expect.poll(() => spotify.recorded.queue.length).toBe(1);
    const queuedUri = spotify.recorded.queue[0]?.uri ?? '';
    const queuedId = queuedUri.split(':')[2] ?? '';
    const names = [ids(road).includes(queuedId) ? 'Road trip' : null, ids(chill).includes(queuedId) ? 'Chill' : null]
      .filter(Boolean)
      .join(' and ');
    const queuedWhy = await panel.attr(
      { css: `[data-track-id="${queuedId}"] [data-testid="suggestion-why"]` },
      'title',
    );
    expect(queuedWhy).toMatch(new RegExp(`; from ${names}$`));
  });
});
