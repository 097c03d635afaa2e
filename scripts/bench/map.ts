/**
 * The library map's drawing in headless Chromium: `map_draw_ms` is a full draw of 10,000 tracks (a new
 * uPlot chart: axes, the dots, the seven boxes, until the canvas has the pixels) and `map_drag_frame_ms`
 * one frame of a drag (a box moved, the chart redrawn from the cached dots). The shipped chart module
 * (`lib/map/chart.ts`) is bundled unchanged; the tracks' features come from the shared catalogue.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type uPlot from 'uplot';
import { loadCatalog } from '../../e2e/fakes/catalog';
import { summarise } from '../../lib/bench/stats';
import type { mapChartData, mapChartOptions } from '../../lib/map/chart';
import type { dragBox } from '../../lib/map/geometry';
import type { DEFAULT_PROFILES, PROFILE_NAMES } from '../../lib/recommend/profiles';
import { ROOT, withBenchPage } from './page';

const SIZE = 10_000;
const DRAW_WARMUP = 3;
const DRAWS = 30;
const DRAG_WARMUP = 10;
const DRAG_FRAMES = 120;
/** The options page's map: about this wide in a 1,100 px window, and as tall as the component makes it. */
const WIDTH = 1000;
const HEIGHT = 380;

interface BenchApi {
  uPlot: typeof uPlot;
  mapChartOptions: typeof mapChartOptions;
  mapChartData: typeof mapChartData;
  dragBox: typeof dragBox;
  profiles: typeof DEFAULT_PROFILES;
  names: typeof PROFILE_NAMES;
}

declare global {
  interface Window {
    mooddjMapBench?: BenchApi;
  }
}

const ENTRY = `
import uPlot from 'uplot';
import { mapChartData, mapChartOptions } from '@/lib/map/chart';
import { dragBox } from '@/lib/map/geometry';
import { DEFAULT_PROFILES, PROFILE_NAMES } from '@/lib/recommend/profiles';
window.mooddjMapBench = { uPlot, mapChartOptions, mapChartData, dragBox, profiles: DEFAULT_PROFILES, names: PROFILE_NAMES };
`;

function pageHtml(): string {
  const css = readFileSync(resolve(ROOT, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8');
  return `<!doctype html><meta charset="utf-8"><title>MoodDJ map bench</title><style>${css} body{margin:0;background:#121212}</style><div id="map" style="width:${WIDTH}px"></div><script type="module" src="/bench.js"></script>`;
}

type Latency = { p50: number; p95: number };

/** `map_draw_ms` and `map_drag_frame_ms` at 10,000 tracks, or nothing (`{}`) when the shared catalogue is missing. */
export async function benchMap(): Promise<
  { map_draw_ms: Latency; map_drag_frame_ms: Latency } | Record<string, never>
> {
  const catalog = loadCatalog();
  if (!catalog) {
    console.error('\n*** SKIPPING the map bench: the shared catalogue is missing. ***\n');
    return {};
  }
  // Deterministic, spread over the genres the catalogue is sorted by (as in the recommend bench).
  const rows = Array.from({ length: SIZE }, (_, i) => catalog[(i * 7919) % catalog.length]);
  const tracks = {
    valence: rows.map((t) => t?.valence ?? 0),
    energy: rows.map((t) => t?.energy ?? 0),
    tempo: rows.map((t) => t?.tempo ?? 0),
  };
  const bench = {
    name: 'map',
    entry: ENTRY,
    html: pageHtml(),
    viewport: { width: WIDTH + 100, height: 800 },
    ready: () => window.mooddjMapBench !== undefined,
  };
  return withBenchPage(bench, async (page) => {
    const times = await page.evaluate(
      async ({ tracks, height, drawWarmup, draws, dragWarmup, dragFrames }) => {
        const api = window.mooddjMapBench;
        const el = document.getElementById('map');
        if (!api || !el) throw new Error('The bench page is not ready.');
        const n = tracks.valence.length;
        const data = {
          ids: tracks.valence.map((_, i) => `t${i}`),
          names: tracks.valence.map((_, i) => `Track ${i}`),
          artists: tracks.valence.map(() => 'Artist'),
          ...tracks,
          recent: Array.from({ length: 50 }, (_, i) => (i * 197) % n),
          total: n,
        };
        const colours = {
          happy: '#ffd84d',
          sad: '#6aa9ff',
          angry: '#ff6b57',
          neutral: '#b3b3b3',
          surprised: '#c58bff',
          focus: '#b5e253',
          workout: '#ff9447',
          winddown: '#9ea8ff',
          calm: '#4fd1c5',
          energetic: '#ff7ac6',
        };
        const scene = {
          data,
          version: 1,
          boxes: api.names.map((name) => ({ name, profile: structuredClone(api.profiles[name]) })),
          selected: 'happy' as const,
          colours,
          captions: colours,
          focus: null,
        };
        // Resolves after the next draw, once the canvas really holds the pixels (reading one forces it).
        let drawn: (() => void) | null = null;
        const nextDraw = () => new Promise<void>((done) => (drawn = done));
        const options = api.mapChartOptions(scene, height, { valence: 'Valence', energy: 'Energy' });
        options.hooks?.draw?.push((u) => {
          u.ctx.getImageData(0, 0, 1, 1);
          drawn?.();
        });
        const full: number[] = [];
        let chart: uPlot | null = null;
        for (let run = 0; run < drawWarmup + draws; run++) {
          chart?.destroy();
          scene.version++;
          const done = nextDraw();
          const started = performance.now();
          chart = new api.uPlot({ ...options, width: el.clientWidth }, api.mapChartData(data), el);
          await done;
          if (run >= drawWarmup) full.push(performance.now() - started);
        }
        const frames: number[] = [];
        const start = api.profiles.happy;
        for (let f = 0; f < dragWarmup + dragFrames; f++) {
          const box = api.dragBox(start, 'move', -0.3 * Math.sin(f / 15), -0.2 * Math.sin(f / 23));
          scene.boxes = scene.boxes.map((b) =>
            b.name === 'happy' ? { name: b.name, profile: { ...start, ...box } } : b,
          );
          const done = nextDraw();
          const started = performance.now();
          chart?.redraw(false, false);
          await done;
          if (f >= dragWarmup) frames.push(performance.now() - started);
        }
        chart?.destroy();
        return { full, frames };
      },
      {
        tracks,
        height: HEIGHT,
        drawWarmup: DRAW_WARMUP,
        draws: DRAWS,
        dragWarmup: DRAG_WARMUP,
        dragFrames: DRAG_FRAMES,
      },
    );
    const pick = ({ p50, p95 }: Latency) => ({ p50, p95 });
    return { map_draw_ms: pick(summarise(times.full)), map_drag_frame_ms: pick(summarise(times.frames)) };
  });
}

// `npx tsx scripts/bench/map.ts` runs it alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchMap()));
}
