/**
 * `npm run eval:music -- --tracks FILE.csv [--json]`: how well the DJ's picks fit the mood, on tracks labelled by
 * mood. FILE has the columns of `../shared/data/music-moods/playlist-moods.csv` (the features and `label`); labels
 * are the quadrants (happy, angry, sad, relaxed) or the playlist words (Happy, Sad, Energetic, Calm), in any case.
 *
 * For each face mood it ranks a library of every row with the shipped Match-mode ranking at the default ranges
 * (the real `recommend` over fake-indexeddb, its best 20 taken outright) and reports the share of the 20 whose
 * label is the one expected: happy → happy; sad → sad; angry → angry (Energetic); neutral → relaxed (Calm);
 * surprised → happy (Energetic or Happy). `match` is the shipped ranking, with the music model; `boxes_only` the
 * ranges alone, as before it. With --json the last line of stdout is
 * `{"match":{"precision_at_20":{"happy":…,…},"macro":…},"boxes_only":{…}}`; after the five face moods,
 * `precision_at_20` also holds the activities a label fits (workout → Energetic or angry, winddown → Calm or
 * relaxed), which `macro` leaves out. Focus has no label (the table describes its picks instead).
 */
import { parseArgs } from 'node:util';
import { shippedMusicModel } from '../lib/recommend/music-model';
import { precisionAt20, precisionTable, rounded } from './eval/music-precision';
import { readLabelledTracks, TracksFileError } from './eval/music-tracks';

const USAGE = 'Usage: npm run eval:music -- --tracks FILE.csv [--json]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: { tracks?: string; json?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: { tracks: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.tracks) usageError('Missing --tracks FILE.csv.');
const json = args.json ?? false;
/** Human-readable lines: stdout normally, stderr under --json so stdout ends with the JSON line. */
const log = (line: string) => (json ? console.error(line) : console.log(line));

let read: ReturnType<typeof readLabelledTracks>;
try {
  read = readLabelledTracks(args.tracks);
} catch (error) {
  if (error instanceof TracksFileError) usageError(error.message);
  throw error;
}
const { tracks, skipped } = read;
if (tracks.length === 0) usageError(`${args.tracks} has no track with valence, energy and tempo.`);

const started = performance.now();
const match = rounded(await precisionAt20(tracks, shippedMusicModel()));
const boxesOnly = rounded(await precisionAt20(tracks, null));
const labels = new Map<string, number>();
for (const t of tracks) labels.set(t.label, (labels.get(t.label) ?? 0) + 1);

log(
  `${tracks.length} tracks (${[...labels].map(([label, n]) => `${label} ${n}`).join(', ')})${skipped ? `, ${skipped} rows without valence, energy or tempo left out` : ''}.`,
);
log('Precision among the top 20 picks at the default ranges:');
log(precisionTable({ 'boxes only': boxesOnly, match }));
log(`${((performance.now() - started) / 1000).toFixed(1)} s.`);
// The required shape first (the five face moods, their macro), the activities after them; focus has no label.
const jsonOf = ({ precision_at_20, macro }: typeof match) => ({ precision_at_20, macro });
if (json) console.log(JSON.stringify({ match: jsonOf(match), boxes_only: jsonOf(boxesOnly) }));
