/**
 * `npm run train:music [-- --no-write]`: trains the music-mood model the DJ ranks with and writes
 * `lib/recommend/music-model.json` (the same data always gives the same file).
 *
 * The model: multinomial logistic regression of the mood a track sounds (happy, angry, sad, relaxed) on all nine
 * stored audio features, standardised over the catalogue. Trained on
 * - `$MOODDJ_SHARED/data/music-moods/playlist-moods.csv` (default `../shared`): 682 tracks labelled by the mood
 *   playlist they came from (happy, sad, energetic → angry, calm → relaxed), half the weight;
 * - `$MOODDJ_SHARED/data/spotify-tracks.csv.gz`: the catalogue's tracks of mood-like genres as weak labels
 *   (`train/music-data.ts`: party, disco… → happy; metal, punk… → angry; sad, emo → sad; chill, study, jazz… →
 *   relaxed), the other half. Tracks of the playlist file are left out of it.
 * Nothing else: the listener-tagged sets (MoodyLyrics, MoodyLyrics4Q, MuSe) are never used, and neither file is
 * copied into the repository; only the weights are.
 *
 * Before fitting the shipped model it measures, with the real ranking (`eval/music-precision.ts`), the precision
 * among the top 20 picks per face mood, the ranges alone against the ranges with the model:
 * - held out: stratified 5-fold cross-validation of the playlist file, each track scored by the fold model that
 *   never saw it (the catalogue part is in every fold; it never holds a playlist track); and a stratified 30 %
 *   of the file as a library of its own, ranked with a model fitted on the other 70 %;
 * - full file: the shipped model, which saw every track of the file (optimistic; for reference).
 * Both go in the file's `meta`, and README's table ("The DJ") is copied from them.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../e2e/fakes/catalog';
import { type MusicModel, type MusicModelFile, musicModelFrom } from '../lib/recommend/music-model';
import { MUSIC_MOODS } from '../lib/recommend/music-moods';
import { sharedFile } from '../test/support/shared-data';
import { type PrecisionReport, precisionAt20, precisionTable, rounded } from './eval/music-precision';
import { LABEL_MOOD, type LabelledTrack, readLabelledTracks } from './eval/music-tracks';
import { catalogueExamples, catalogueFeatures, labelledExamples, stratifiedFolds } from './train/music-data';
import { fitMusicModel, type MusicFitOptions, standardisation } from './train/music-fit';

const SEED = 20_261_207;
const FOLDS = 5;
/** The playlist file's share of the loss; the catalogue's weak labels have the rest. */
const PLAYLIST_SHARE = 0.5;
const OPTIONS: MusicFitOptions = { l2: 1e-3, iterations: 400, learningRate: 0.05, clip: 4, maskRate: 0.3, seed: SEED };

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const write = !process.argv.includes('--no-write');

const playlistPath = sharedFile('data/music-moods/playlist-moods.csv');
const catalog = loadCatalog();
if (!playlistPath || !catalog) {
  console.error('The shared data is missing: put it in ../shared or set MOODDJ_SHARED.');
  process.exit(1);
}
const { tracks, skipped } = readLabelledTracks(playlistPath);
const started = performance.now();
console.log(
  `${tracks.length} playlist tracks (${skipped} without features), ${catalog.length.toLocaleString('en')} catalogue tracks.`,
);

// Standardised over the whole catalogue: "high" and "low" in the explanations are against a typical library.
const scale = standardisation(catalog.map(catalogueFeatures));
const weak = catalogueExamples(catalog, tracks, 1 - PLAYLIST_SHARE);
const count = (mood: string) => weak.filter((e) => e.mood === mood).length;
console.log(`Weak labels from genres: ${MUSIC_MOODS.map((m) => `${m} ${count(m)}`).join(', ')}.`);

function fitOn(trainOn: readonly LabelledTrack[]): MusicModelFile {
  return fitMusicModel([...labelledExamples(trainOn, PLAYLIST_SHARE), ...weak], scale, OPTIONS);
}

/** Four-class accuracy on `scored`, each track heard by `modelFor(track)`. */
function accuracy(scored: readonly LabelledTrack[], modelFor: (t: LabelledTrack) => MusicModel): number {
  const right = scored.filter((t) => {
    const m = modelFor(t);
    const p = MUSIC_MOODS.map((mood) => m.probability(t.features, mood));
    return MUSIC_MOODS[p.indexOf(Math.max(...p))] === LABEL_MOOD[t.label];
  }).length;
  return right / scored.length;
}

// Held out: each track heard by the model of the fold that left it out.
const fold = stratifiedFolds(tracks, FOLDS, SEED);
const foldModels = Array.from({ length: FOLDS }, (_, f) =>
  musicModelFrom(fitOn(tracks.filter((_, i) => fold[i] !== f))),
);
const foldOf = new Map(tracks.map((t, i) => [t.track.id, fold[i] ?? 0]));
const modelOf = (id: string) => foldModels[foldOf.get(id) ?? 0] as MusicModel;
const heldOutModel: MusicModel = {
  probability: (f, like) => modelOf(f.trackId).probability(f, like),
  sound: (f, like) => modelOf(f.trackId).sound(f, like),
};
const boxes = rounded(await precisionAt20(tracks, null));
const heldOut = rounded(await precisionAt20(tracks, heldOutModel));
const heldOutAccuracy = accuracy(tracks, (t) => modelOf(t.track.id));

// A library the model never saw any track of: 30 % of the file (stratified), the model fitted on the other 70 %.
const split = stratifiedFolds(tracks, 10, SEED + 1);
const unseen = tracks.filter((_, i) => (split[i] ?? 0) < 3);
const splitModel = musicModelFrom(fitOn(tracks.filter((_, i) => (split[i] ?? 0) >= 3)));
const splitBoxes = rounded(await precisionAt20(unseen, null));
const splitHeldOut = rounded(await precisionAt20(unseen, splitModel));

// The catalogue's weak labels alone, never a playlist label: how far the genres carry to other labels.
const weakOnly = rounded(await precisionAt20(tracks, musicModelFrom(fitMusicModel(weak, scale, OPTIONS))));

const file = fitOn(tracks);
const shipped = musicModelFrom(file);
const full = rounded(await precisionAt20(tracks, shipped));

console.log(`\nPrecision among the top 20 picks, playlist-moods.csv (${tracks.length} tracks):`);
console.log(precisionTable({ 'boxes only': boxes, 'held out': heldOut, 'genres only': weakOnly, 'full file': full }));
console.log(`\nThe same on a held-out 30 % (${unseen.length} tracks) as the library, the model fitted on the rest:`);
console.log(precisionTable({ 'boxes only': splitBoxes, 'held out': splitHeldOut }));
console.log(
  `\nFour-class accuracy held out: ${heldOutAccuracy.toFixed(3)}. ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
if (heldOut.macro <= boxes.macro || splitHeldOut.macro <= splitBoxes.macro)
  console.warn('\n*** The model does not beat the ranges alone on held-out tracks. ***');

const figures = (r: PrecisionReport) => ({ ...r.precision_at_20, macro: r.macro });
file.meta = {
  model: 'multinomial logistic regression, 9 standardised features (tempo in octaves from 120 BPM)',
  trainedOn: `playlist-moods.csv (${tracks.length} tracks, weight ${PLAYLIST_SHARE}) + ${weak.length} catalogue tracks of mood-like genres (weight ${1 - PLAYLIST_SHARE})`,
  options: OPTIONS,
  precisionAt20: {
    note: 'playlist-moods.csv, top 20 of the real ranking at the default ranges; held out = 5-fold stratified CV',
    boxesOnly: figures(boxes),
    heldOut: figures(heldOut),
    genresOnly: figures(weakOnly),
    fullFile: figures(full),
    split: {
      note: `a stratified 30 % (${unseen.length} tracks) as the library, the model fitted on the other 70 %`,
      boxesOnly: figures(splitBoxes),
      heldOut: figures(splitHeldOut),
    },
  },
  heldOutAccuracy: Number(heldOutAccuracy.toFixed(3)),
};
if (write) {
  const path = join(repoRoot, 'lib/recommend/music-model.json');
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  // As `npm run format` would leave it, so a retrain never fails the lint.
  execFileSync(join(repoRoot, 'node_modules/.bin/biome'), ['format', '--write', path], { stdio: 'ignore' });
  console.log(`\nWrote ${path}.`);
}
