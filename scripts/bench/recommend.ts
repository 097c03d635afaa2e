/**
 * Recommendation latency in headless Chromium's real IndexedDB: `recommend()` over libraries of
 * 10,000 and 100,000 tracks with features drawn from the shared catalogue, the five moods in turn (Match mode,
 * the music model on), five tracks a call, recent picks excluded as the auto-DJ would. fake-indexeddb says little about
 * Chromium's getAll()/index costs, hence the browser.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { type CatalogTrack, loadCatalog } from '../../e2e/fakes/catalog';
import { summarise } from '../../lib/bench/stats';
import type { FeaturesRow, openDb, TrackRow } from '../../lib/db/schema';
import type { DEFAULT_PROFILES } from '../../lib/recommend/profiles';
import type { recommend } from '../../lib/recommend/recommend';
import { withBenchPage } from './page';

const SIZES = [10_000, 100_000] as const;
const WARMUP_CALLS = 20;
const TIMED_CALLS = 100;
/** Chromium's IndexedDB compacts after a bulk load; a synced library has long settled. */
const SETTLE_MS = 3000;
const COUNT = 5;
/** Recent picks kept out, like `recentMinutes` of auto-DJ history. */
const RECENT = 40;
const CHUNK = 5000;

/** What the bench page exposes: the shipped modules, bundled unchanged. */
interface BenchApi {
  openDb: typeof openDb;
  recommend: typeof recommend;
  profiles: typeof DEFAULT_PROFILES;
}

declare global {
  interface Window {
    mooddjRecommendBench?: BenchApi;
    /** The catalogue rows, sent once. */
    mooddjCatalog?: CompactTrack[];
  }
}

/** id, name, artists, album, durationMs, valence, energy, tempo, danceability, acousticness, instrumentalness, liveness, speechiness, loudness */
type CompactTrack = [
  string,
  string,
  string[],
  string,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

const ENTRY = `
import { openDb } from '@/lib/db/schema';
import { DEFAULT_PROFILES } from '@/lib/recommend/profiles';
import { recommend } from '@/lib/recommend/recommend';
window.mooddjRecommendBench = { openDb, recommend, profiles: DEFAULT_PROFILES };
`;
const PAGE_HTML =
  '<!doctype html><meta charset="utf-8"><title>MoodDJ recommend bench</title><script type="module" src="/bench.js"></script>';

const compact = (t: CatalogTrack): CompactTrack => [
  t.id,
  t.name,
  t.artists,
  t.album,
  t.durationMs,
  t.valence,
  t.energy,
  t.tempo,
  t.danceability,
  t.acousticness,
  t.instrumentalness,
  t.liveness,
  t.speechiness,
  t.loudness,
];

/** Fills a fresh database with `size` tracks and their features (the catalogue, reused with suffixed ids past its end). */
async function fill(page: Page, name: string, size: number): Promise<void> {
  await page.evaluate(
    async ({ name, size, chunk }) => {
      const api = window.mooddjRecommendBench;
      const catalog = window.mooddjCatalog;
      if (!api || !catalog) throw new Error('The bench page is not ready.');
      const db = api.openDb(name);
      // Deterministic order, spread over the genres the catalogue file is sorted by.
      const step = 7919;
      for (let start = 0; start < size; start += chunk) {
        const tracks: TrackRow[] = [];
        const features: FeaturesRow[] = [];
        for (let i = start; i < Math.min(size, start + chunk); i++) {
          const row = catalog[(i * step) % catalog.length];
          if (!row) continue;
          const round = Math.floor(i / catalog.length);
          // Same length as a Spotify id (22), distinct per round.
          const id = round === 0 ? row[0] : `${row[0].slice(0, 18)}x${String(round).padStart(3, '0')}`;
          const [, trackName, artists, album, durationMs, valence, energy, tempo] = row;
          tracks.push({
            id,
            uri: `spotify:track:${id}`,
            name: trackName,
            artists,
            artistIds: artists.map((artist) => `artist:${artist}`),
            album,
            durationMs,
            addedAt: new Date(1_700_000_000_000 - i * 60_000).toISOString(),
            seenInSync: 1,
            playable: true,
          });
          features.push({
            trackId: id,
            provider: 'reccobeats',
            fetchedAt: 1_700_000_000_000,
            valence,
            energy,
            tempo,
            danceability: row[8],
            acousticness: row[9],
            instrumentalness: row[10],
            liveness: row[11],
            speechiness: row[12],
            loudness: row[13],
          });
        }
        await db.transaction('rw', db.tracks, db.features, async () => {
          await db.tracks.bulkPut(tracks);
          await db.features.bulkPut(features);
        });
      }
      db.close();
    },
    { name, size, chunk: CHUNK },
  );
}

/** Times `recommend` over the five moods in turn, after a warm-up; returns milliseconds per call. */
async function time(page: Page, name: string): Promise<number[]> {
  return page.evaluate(
    async ({ name, warmup, calls, count, recent }) => {
      const api = window.mooddjRecommendBench;
      if (!api) throw new Error('The bench page is not ready.');
      const db = api.openDb(name);
      await db.open();
      const moods = ['happy', 'sad', 'angry', 'neutral', 'surprised'] as const;
      const history: string[] = [];
      const times: number[] = [];
      for (let call = 0; call < warmup + calls; call++) {
        const mood = moods[call % moods.length] ?? 'neutral';
        const profile = api.profiles[mood];
        const exclude = new Set(history.slice(-recent));
        const started = performance.now();
        // Match mode as the DJ asks: the mood given, so the music model ranks.
        const result = await api.recommend({ db, profile, mood, count, exclude, seed: call + 1 });
        const ms = performance.now() - started;
        if (result.tracks.length !== count) throw new Error(`recommend gave ${result.tracks.length} tracks`);
        history.push(...result.tracks.map((t) => t.track.id));
        if (call >= warmup) times.push(ms);
      }
      db.close();
      return times;
    },
    { name, warmup: WARMUP_CALLS, calls: TIMED_CALLS, count: COUNT, recent: RECENT },
  );
}

type Latency = { p50: number; p95: number };

/** `recommend_ms` per library size, or nothing (`{}`) when the shared catalogue is missing. */
export async function benchRecommend(): Promise<
  { recommend_ms: { '10000': Latency; '100000': Latency } } | Record<string, never>
> {
  const catalog = loadCatalog();
  if (!catalog) {
    console.error('\n*** SKIPPING the recommend bench: the shared catalogue is missing. ***\n');
    return {};
  }
  const bench = {
    name: 'recommend',
    entry: ENTRY,
    html: PAGE_HTML,
    ready: () => window.mooddjRecommendBench !== undefined,
  };
  return withBenchPage(bench, async (page) => {
    await page.evaluate((rows) => {
      window.mooddjCatalog = rows;
    }, catalog.map(compact));
    const figures: Record<string, { p50: number; p95: number }> = {};
    for (const size of SIZES) {
      const name = `bench-${size}`;
      await fill(page, name, size);
      await page.waitForTimeout(SETTLE_MS);
      const { p50, p95 } = summarise(await time(page, name));
      figures[String(size)] = { p50, p95 };
      await page.evaluate((name) => indexedDB.deleteDatabase(name), name);
    }
    const at = (size: number) => figures[String(size)] ?? { p50: Number.NaN, p95: Number.NaN };
    return { recommend_ms: { '10000': at(10_000), '100000': at(100_000) } };
  });
}

// `npx tsx scripts/bench/recommend.ts` runs it alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchRecommend()));
}
