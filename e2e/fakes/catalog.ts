import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedFile } from '@/test/support/shared-data';

/** One real track from `shared/data/spotify-tracks.csv.gz` (ODbL), with Spotify-style 0–1 features. */
export interface CatalogTrack {
  id: string;
  name: string;
  /** Artist names; the CSV joins several with ";". */
  artists: string[];
  album: string;
  durationMs: number;
  valence: number;
  energy: number;
  tempo: number;
  danceability: number;
  acousticness: number;
  instrumentalness: number;
  speechiness: number;
  liveness: number;
  loudness: number;
  key: number;
  mode: number;
  genre: string;
}

/** Splits RFC 4180 CSV text into rows of fields (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

let cached: CatalogTrack[] | null | undefined;

/**
 * The shared track catalogue (about 90k rows), read at run time and never copied into the
 * repository. Null when the shared data is missing outside CI (callers skip).
 */
export function loadCatalog(): CatalogTrack[] | null {
  if (cached !== undefined) return cached;
  const path = sharedFile('data/spotify-tracks.csv.gz');
  if (!path) {
    cached = null;
    return null;
  }
  const [header, ...rows] = parseCsv(gunzipSync(readFileSync(path)).toString('utf8'));
  if (!header) throw new Error(`${path} is empty`);
  const col = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${path} has no "${name}" column`);
    return index;
  };
  const c = {
    id: col('track_id'),
    name: col('name'),
    artists: col('artists'),
    album: col('album'),
    duration: col('duration_ms'),
    valence: col('valence'),
    energy: col('energy'),
    tempo: col('tempo'),
    danceability: col('danceability'),
    acousticness: col('acousticness'),
    instrumentalness: col('instrumentalness'),
    speechiness: col('speechiness'),
    liveness: col('liveness'),
    loudness: col('loudness'),
    key: col('key'),
    mode: col('mode'),
    genre: col('genre'),
  };
  const num = (row: string[], index: number) => Number(row[index]);
  cached = rows
    .filter((row) => row.length === header.length)
    .map((row) => ({
      id: row[c.id] ?? '',
      name: row[c.name] ?? '',
      artists: (row[c.artists] ?? '').split(';').filter(Boolean),
      album: row[c.album] ?? '',
      durationMs: num(row, c.duration),
      valence: num(row, c.valence),
      energy: num(row, c.energy),
      tempo: num(row, c.tempo),
      danceability: num(row, c.danceability),
      acousticness: num(row, c.acousticness),
      instrumentalness: num(row, c.instrumentalness),
      speechiness: num(row, c.speechiness),
      liveness: num(row, c.liveness),
      loudness: num(row, c.loudness),
      key: num(row, c.key),
      mode: num(row, c.mode),
      genre: row[c.genre] ?? '',
    }));
  return cached;
}
