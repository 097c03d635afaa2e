/**
 * `npm run bench [-- --json]`: MoodDJ's performance figures. Each figure is a median or
 * a p50/p95 over repeated runs on this machine; compare ratios between runs, not single
 * numbers. With --json the last line is one JSON object with every figure. `--only=mood,sync`
 * runs only those parts (build, mood, sync, spotify, recommend, map, and `resolution`, which is not run by
 * default: the mood read per clip at each camera size); the mood part needs a build already. The mood part
 * stops with exit code 3 and "machine busy" instead of a figure when the machine is not quiet (`--allow-busy`
 * reports it anyway, marked); `--mood=first,inference,cpu,reaction` runs only those parts of it.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MachineBusyError } from '../lib/bench/stats';
import { benchBuild } from './bench/build';
import { benchCameraResolution } from './bench/camera-resolution';
import { benchMap } from './bench/map';
import { benchMood, MOOD_PARTS, type MoodPart } from './bench/mood';
import { benchRecommend } from './bench/recommend';
import { spotifyCalls } from './bench/spotify-calls';
import { benchSync } from './bench/sync';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
/** Report CPU figures measured on a busy machine (marked `mood_cpu_busy`) instead of failing. */
const allowBusy = process.argv.includes('--allow-busy');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
/** `--mood=first,inference,cpu,reaction`: only those parts of the mood bench (all by default). */
const moodParts = process.argv
  .find((arg) => arg.startsWith('--mood='))
  ?.slice('--mood='.length)
  .split(',')
  .filter((name): name is MoodPart => (MOOD_PARTS as readonly string[]).includes(name));
const part = (name: string) => (!only && name !== 'resolution') || (only?.includes(name) ?? false);
const log = (line: string) => {
  if (!json) console.log(line);
  else console.error(line);
};

const result: Record<string, unknown> = {};

if (part('build')) {
  log('Building (3 clean builds) and zipping…');
  Object.assign(result, await benchBuild(root));
  log(`build_ms ${result.build_ms}, bundle_bytes ${result.bundle_bytes}`);
}

if (part('mood')) {
  log('Mood: first mood, per-frame inference beside bare detection, CPU share and reaction on the fake-camera clips…');
  try {
    Object.assign(result, await benchMood({ allowBusy, ...(moodParts?.length ? { parts: moodParts } : {}) }));
  } catch (error) {
    if (!(error instanceof MachineBusyError)) throw error;
    // Loudly, and no figure: a number measured on a busy machine is worse than none.
    console.error(`\n*** ${error.message} ***\n`);
    result.machine_busy = error.message;
    if (json) console.log(JSON.stringify(result));
    process.exit(3);
  }
  log(
    `mood_first_ms ${JSON.stringify(result.mood_first_ms)}, mood_inference_ms ${JSON.stringify(result.mood_inference_ms)} (${result.mood_pipeline_over_bare} × bare)`,
  );
  // Each CPU figure with its three windows and the 1-minute load average at each end of them.
  const detail = (result.mood_cpu_detail ?? {}) as Record<
    string,
    { share: number; windows: { figures: { share: number }; load: { before: number; after: number } }[] }
  >;
  for (const [mode, figure] of Object.entries(detail)) {
    const windows = figure.windows.map((w) => `${w.figures.share} (load ${w.load.before}→${w.load.after})`);
    log(`mood_cpu_share ${mode} ${figure.share}: windows ${windows.join(', ')}`);
  }
  if (result.mood_cpu_busy) log(`  measured on a BUSY machine: ${result.mood_cpu_busy}`);
  log(
    `mood_reaction_ms ${JSON.stringify(result.mood_reaction_ms)}, after a steady face ${JSON.stringify(result.mood_reaction_steady_ms)}`,
  );
}

if (part('resolution')) {
  log('Camera resolution: the mood read per clip at each camera size (accuracy only)…');
  Object.assign(result, await benchCameraResolution());
}

if (part('sync')) {
  log('Sync: listing a 10,000-track library from the fake Spotify…');
  Object.assign(result, await benchSync());
  log(
    `sync_list_10k_ms ${result.sync_list_10k_ms}, sync_requests_10k ${result.sync_requests_10k}, re-sync ${result.sync_resync_requests}`,
  );
}

if (part('spotify')) {
  log('Spotify: Web API requests in a simulated idle hour, a listening hour and a 13.6 h quota lockout…');
  Object.assign(result, await spotifyCalls());
  log(
    `spotify_calls_idle_hour ${result.spotify_calls_idle_hour}, spotify_calls_listening_hour ${result.spotify_calls_listening_hour}, spotify_calls_during_quota_lockout ${result.spotify_calls_during_quota_lockout} (+${result.spotify_calls_quota_probe} probe)`,
  );
}

if (part('recommend')) {
  log('Recommend: p50/p95 in Chromium IndexedDB at 10,000 and 100,000 tracks…');
  Object.assign(result, await benchRecommend());
  log(`recommend_ms ${JSON.stringify(result.recommend_ms)}`);
}

if (part('map')) {
  log('Map: drawing the library map of 10,000 tracks in Chromium, and one drag frame…');
  Object.assign(result, await benchMap());
  log(
    `map_draw_ms ${JSON.stringify(result.map_draw_ms)}, map_drag_frame_ms ${JSON.stringify(result.map_drag_frame_ms)}`,
  );
}

if (json) console.log(JSON.stringify(result));
else console.log(JSON.stringify(result, null, 2));
