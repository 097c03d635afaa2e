import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from '../../e2e/fakes/catalog';
import type { FeaturesRow, TrackRow } from '../../lib/db/schema';
import type { Activity, Mood } from '../../lib/mood/types';
import type { MusicMood } from '../../lib/recommend/music-moods';

/**
 * The labels a file of mood-labelled tracks may use, read case-insensitively: the quadrants listeners tag
 * (happy, angry, sad, relaxed) or the words of the mood playlists in `playlist-moods.csv` (Happy, Sad, Energetic, Calm).
 */
export const TRACK_LABELS = ['happy', 'angry', 'sad', 'relaxed', 'energetic', 'calm'] as const;
export type TrackLabel = (typeof TRACK_LABELS)[number];

/** The music mood each label stands for: an energetic playlist is the angry quadrant's, a calm one the relaxed's. */
export const LABEL_MOOD: Readonly<Record<TrackLabel, MusicMood>> = {
  happy: 'happy',
  angry: 'angry',
  sad: 'sad',
  relaxed: 'relaxed',
  energetic: 'angry',
  calm: 'relaxed',
};

/**
 * The labels that count as a good pick for each face mood: happy → happy; sad → sad; angry → angry (Energetic);
 * neutral → relaxed (Calm); surprised → happy (Energetic or Happy).
 */
export const EXPECTED: Readonly<Record<Mood, readonly TrackLabel[]>> = {
  happy: ['happy'],
  sad: ['sad'],
  angry: ['angry', 'energetic'],
  neutral: ['relaxed', 'calm'],
  surprised: ['happy', 'energetic'],
};

/**
 * The activities a label fits: workout → Energetic (or angry, its quadrant); wind down → Calm (or
 * relaxed). Focus has none: no playlist in the file is music to concentrate to, and Calm (mostly near-silent
 * instrumentals) is wind down's, so focus is described (`FOCUS_LIKE`), never scored against a label it lacks.
 */
export const ACTIVITY_EXPECTED: Readonly<Partial<Record<Activity, readonly TrackLabel[]>>> = {
  workout: ['energetic', 'angry'],
  winddown: ['calm', 'relaxed'],
};

/** One labelled track, as a finished sync would store it. */
export interface LabelledTrack {
  track: TrackRow;
  features: FeaturesRow;
  label: TrackLabel;
}

/** A file that cannot be read as labelled tracks: a message for the person who passed it. */
export class TracksFileError extends Error {}

const OPTIONAL = ['danceability', 'acousticness', 'instrumentalness', 'liveness', 'speechiness', 'loudness'] as const;

/**
 * Reads a CSV with the columns of `playlist-moods.csv` (a `.gz` is unpacked): `valence`, `energy`, `tempo` and
 * `label` are needed; `track_id`, `name`, `artists` (several joined by ";"), the other features (empty = unknown,
 * as a provider's gaps) are used when there. Rows without valence, energy or tempo cannot be ranked and are
 * counted in `skipped` (a tempo of 0, Spotify's "could not tell", stays, as it would in a library); an unknown
 * label is an error.
 */
export function readLabelledTracks(path: string): { tracks: LabelledTrack[]; skipped: number } {
  let text: string;
  try {
    const bytes = readFileSync(path);
    text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new TracksFileError(`Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new TracksFileError(`${path} is empty.`);
  const names = header.map((h) => h.trim().toLowerCase());
  const col = (name: string) => names.indexOf(name);
  for (const needed of ['valence', 'energy', 'tempo', 'label']) {
    if (col(needed) < 0) throw new TracksFileError(`${path} has no "${needed}" column.`);
  }
  const cell = (row: string[], name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');
  const num = (row: string[], name: string) => {
    const value = cell(row, name);
    const x = value === '' ? Number.NaN : Number(value);
    return Number.isFinite(x) ? x : null;
  };
  const tracks: LabelledTrack[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  rows.forEach((row, i) => {
    if (row.length === 1 && row[0] === '') return;
    const raw = cell(row, 'label').toLowerCase();
    if (!(TRACK_LABELS as readonly string[]).includes(raw)) {
      throw new TracksFileError(
        `${path}, row ${i + 2}: label "${cell(row, 'label')}" is none of ${TRACK_LABELS.join(', ')} (any case).`,
      );
    }
    const valence = num(row, 'valence');
    const energy = num(row, 'energy');
    const tempo = num(row, 'tempo');
    if (valence === null || energy === null || tempo === null) {
      skipped++;
      return;
    }
    // Ids must be unique in a library: a repeated or missing one gets the row number.
    let id = cell(row, 'track_id') || `row${i + 2}`;
    if (seen.has(id)) id = `${id}#${i + 2}`;
    seen.add(id);
    const artists = cell(row, 'artists')
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean);
    const features: FeaturesRow = {
      trackId: id,
      provider: 'reccobeats',
      fetchedAt: 0,
      valence,
      energy,
      tempo,
      danceability: null,
      acousticness: null,
      instrumentalness: null,
      liveness: null,
      speechiness: null,
      loudness: null,
    };
    for (const name of OPTIONAL) features[name] = num(row, name);
    tracks.push({
      track: {
        id,
        uri: `spotify:track:${id}`,
        name: cell(row, 'name') || id,
        artists,
        artistIds: artists.map((a) => `artist:${a.toLowerCase()}`),
        album: cell(row, 'album'),
        durationMs: num(row, 'duration_ms') ?? 0,
        addedAt: '2026-01-01T00:00:00Z',
        seenInSync: 1,
        playable: true,
      },
      features,
      label: raw as TrackLabel,
    });
  });
  return { tracks, skipped };
}
