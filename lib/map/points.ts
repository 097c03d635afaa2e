import type { Range } from '@/lib/recommend/profiles';

/**
 * The library as the map draws it: one entry per analysed track, in parallel arrays (compact to send and
 * fast to draw). `recent` lists the positions of tracks played or queued in the last 24 hours.
 */
export interface LibraryMapData {
  ids: string[];
  names: string[];
  /** The track's artists joined with ", ". */
  artists: string[];
  valence: number[];
  energy: number[];
  tempo: number[];
  recent: number[];
  /** Analysed tracks in the library; more than `ids.length` when the map was cut at its limit. */
  total: number;
}

/** A map of no tracks, with arrays of its own (the map service fills one). */
export function emptyMap(): LibraryMapData {
  return { ids: [], names: [], artists: [], valence: [], energy: [], tempo: [], recent: [], total: 0 };
}

export const EMPTY_MAP: LibraryMapData = emptyMap();

/** How a dot is drawn: dimmed when its tempo is outside the selected mood's range, ringed when recent. */
export const PointStyle = { Plain: 0, Dimmed: 1, Recent: 2, RecentDimmed: 3 } as const;

/** One style per track (a byte each), recomputed when the data or the tempo range changes, not per frame. */
export function pointStyles(data: LibraryMapData, tempo: Range | null): Uint8Array {
  const styles = new Uint8Array(data.ids.length);
  if (tempo) {
    for (let i = 0; i < styles.length; i++) {
      const t = data.tempo[i] ?? 0;
      if (t < tempo.min || t > tempo.max) styles[i] = PointStyle.Dimmed;
    }
  }
  for (const i of data.recent) if (i >= 0 && i < styles.length) styles[i] = (styles[i] ?? 0) | PointStyle.Recent;
  return styles;
}

const GRID = 32;

/**
 * A uniform grid over the unit square, so the dot under the pointer is found among a few dozen
 * candidates rather than all 10,000 (`nearest` runs on every pointer move).
 */
export class PointGrid {
  readonly #cells: number[][] = Array.from({ length: GRID * GRID }, () => []);
  constructor(private readonly data: LibraryMapData) {
    data.valence.forEach((v, i) => {
      this.#cells[cellOf(v) * GRID + cellOf(data.energy[i] ?? 0)]?.push(i);
    });
  }

  /**
   * The track nearest to (valence, energy) within `radiusPx`, measured in pixels of a plot `width` ×
   * `height` (the axes are scaled differently on screen), or null.
   */
  nearest(valence: number, energy: number, radiusPx: number, width: number, height: number): number | null {
    const rv = radiusPx / width;
    const re = radiusPx / height;
    let best: number | null = null;
    let bestD = radiusPx * radiusPx;
    for (let cx = cellOf(valence - rv); cx <= cellOf(valence + rv); cx++) {
      for (let cy = cellOf(energy - re); cy <= cellOf(energy + re); cy++) {
        for (const i of this.#cells[cx * GRID + cy] ?? []) {
          const dx = ((this.data.valence[i] ?? 0) - valence) * width;
          const dy = ((this.data.energy[i] ?? 0) - energy) * height;
          const d = dx * dx + dy * dy;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

function cellOf(v: number): number {
  return Math.min(GRID - 1, Math.max(0, Math.floor(v * GRID)));
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * For arrow keys: the track to go to from track `from` in a direction, the one ahead that is closest,
 * with sideways distance counting three times (so →, → follows a row rather than zig-zagging). Null
 * when nothing lies that way. With `from` null, the track nearest the middle.
 */
export function stepTo(data: LibraryMapData, from: number | null, direction: Direction): number | null {
  const n = data.ids.length;
  if (n === 0) return null;
  const x0 = from === null ? 0.5 : (data.valence[from] ?? 0.5);
  const y0 = from === null ? 0.5 : (data.energy[from] ?? 0.5);
  let best: number | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (i === from) continue;
    const dx = (data.valence[i] ?? 0) - x0;
    const dy = (data.energy[i] ?? 0) - y0;
    let score: number;
    if (from === null) score = dx * dx + dy * dy;
    else {
      const ahead = direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'up' ? dy : -dy;
      const aside = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
      // Ties in place (equal features) go forward in list order, so every track can be reached.
      if (ahead < 0 || (ahead === 0 && (aside > 0 || i < from))) continue;
      score = ahead + 3 * aside;
    }
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
