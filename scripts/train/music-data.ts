import type { CatalogTrack } from '../../e2e/fakes/catalog';
import type { FeaturesRow } from '../../lib/db/schema';
import { MUSIC_MOODS, type MusicMood } from '../../lib/recommend/music-moods';
import { LABEL_MOOD, type LabelledTrack } from '../eval/music-tracks';
import type { MusicExample } from './music-fit';
import { createRng, shuffled } from './rng';

/**
 * The catalogue's genres that say something of a mood, as weak labels: the genre a track was listed under, not a
 * listener's tag. Left out on purpose: `happy` (happy hardcore: valence 0.27, energy 0.94), `sad`'s neighbours
 * `romance` (Russian romances on old recordings) and `sleep` (mostly white noise), `reggae` (mostly reggaeton),
 * and genres that mix moods (pop, rock, acoustic, singer-songwriter).
 */
export const GENRE_MOODS: Readonly<Record<MusicMood, readonly string[]>> = {
  happy: ['party', 'disco', 'funk', 'power-pop', 'ska', 'rock-n-roll', 'rockabilly'],
  angry: [
    'heavy-metal',
    'metalcore',
    'death-metal',
    'black-metal',
    'grindcore',
    'hardcore',
    'industrial',
    'hard-rock',
    'grunge',
    'punk',
  ],
  sad: ['sad', 'emo', 'piano'],
  relaxed: ['chill', 'study', 'trip-hop', 'ambient', 'new-age', 'jazz'],
};

/** A catalogue track's features as a sync would store them (Spotify's own, so none is missing). */
export function catalogueFeatures(t: CatalogTrack): FeaturesRow {
  return {
    trackId: t.id,
    provider: 'reccobeats',
    fetchedAt: 0,
    valence: t.valence,
    energy: t.energy,
    tempo: t.tempo,
    danceability: t.danceability,
    acousticness: t.acousticness,
    instrumentalness: t.instrumentalness,
    liveness: t.liveness,
    speechiness: t.speechiness,
    loudness: t.loudness,
  };
}

const songKey = (name: string, artist: string | undefined) =>
  `${name.trim().toLowerCase()}\u0000${(artist ?? '').split(/[;,]/)[0]?.trim().toLowerCase() ?? ''}`;

/**
 * The catalogue's tracks of `GENRE_MOODS`, weighted so each mood weighs `share / 4` and each of its genres an
 * equal part of that. Tracks of `leaveOut` (by id, or by name and first artist) are left out, so no labelled
 * track the model is judged on is trained on under another label.
 */
export function catalogueExamples(
  catalog: readonly CatalogTrack[],
  leaveOut: readonly LabelledTrack[],
  share: number,
): MusicExample[] {
  const ids = new Set(leaveOut.map((t) => t.track.id));
  const songs = new Set(leaveOut.map((t) => songKey(t.track.name, t.track.artists[0])));
  const byGenre = new Map<string, CatalogTrack[]>();
  for (const t of catalog) {
    if (ids.has(t.id) || songs.has(songKey(t.name, t.artists[0]))) continue;
    const list = byGenre.get(t.genre) ?? [];
    list.push(t);
    byGenre.set(t.genre, list);
  }
  return MUSIC_MOODS.flatMap((mood) => {
    const genres = GENRE_MOODS[mood];
    return genres.flatMap((genre) => {
      const tracks = byGenre.get(genre) ?? [];
      const weight = share / MUSIC_MOODS.length / genres.length / Math.max(tracks.length, 1);
      return tracks.map((t) => ({ features: catalogueFeatures(t), mood, weight }));
    });
  });
}

/** Labelled tracks as examples, each mood weighing `share / 4` (the playlists are not balanced). */
export function labelledExamples(tracks: readonly LabelledTrack[], share: number): MusicExample[] {
  const count = new Map<MusicMood, number>();
  for (const t of tracks) count.set(LABEL_MOOD[t.label], (count.get(LABEL_MOOD[t.label]) ?? 0) + 1);
  return tracks.map((t) => {
    const mood = LABEL_MOOD[t.label];
    return { features: t.features, mood, weight: share / MUSIC_MOODS.length / (count.get(mood) ?? 1) };
  });
}

/** Fold of each track, 0…k−1: each label dealt round the folds in a seeded shuffle, so every fold has its share. */
export function stratifiedFolds(tracks: readonly LabelledTrack[], k: number, seed: number): number[] {
  const rand = createRng(seed);
  const fold = new Array<number>(tracks.length).fill(0);
  const labels = [...new Set(tracks.map((t) => t.label))].sort();
  let next = 0;
  for (const label of labels) {
    const members = tracks.flatMap((t, i) => (t.label === label ? [i] : []));
    for (const i of shuffled(members, rand)) fold[i] = next++ % k;
  }
  return fold;
}
