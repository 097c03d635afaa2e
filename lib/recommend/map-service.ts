import type { BackgroundContext, Service } from '@/lib/background/context';
import type { MoodDjDb } from '@/lib/db/schema';
import { emptyMap, type LibraryMapData } from '@/lib/map/points';
import { implement } from '@/lib/messaging/contract';
import { libraryMapMessages } from './messages';

/** The most tracks the map is sent (a bound on the answer's size: about 100 bytes a track). */
export const MAP_MAX_TRACKS = 50_000;
/** Longest name or artist line sent; the map shows them in a tooltip. */
export const MAP_TEXT_MAX = 200;
/** Tracks played or queued this recently are marked on the map. */
export const MAP_RECENT_MS = 24 * 60 * 60 * 1000;

const cut = (text: string) => (text.length > MAP_TEXT_MAX ? `${text.slice(0, MAP_TEXT_MAX - 1)}…` : text);
/** Two decimals are all the map can show (and all the sliders can set); tempo to a tenth of a BPM. */
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/**
 * Every analysed track still in the library, as the map draws it: parallel arrays in the order the
 * features table holds them, with the positions of those played or queued since `now - MAP_RECENT_MS`.
 * Read in one transaction, so a sync writing meanwhile cannot pair a name with another track's features.
 */
export async function loadLibraryMap(db: MoodDjDb, now: number, max = MAP_MAX_TRACKS): Promise<LibraryMapData> {
  return db.transaction('r', db.features, db.tracks, db.playEvents, async () => {
    const [features, tracks, plays] = await Promise.all([
      db.features.toArray(),
      db.tracks.toArray(),
      db.playEvents
        .where('at')
        .aboveOrEqual(now - MAP_RECENT_MS)
        .toArray(),
    ]);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    const recentIds = new Set(plays.map((p) => p.trackId));
    const map = emptyMap();
    for (const f of features) {
      const track = byId.get(f.trackId);
      if (!track) continue;
      map.total++;
      if (map.ids.length >= max) continue;
      if (recentIds.has(track.id)) map.recent.push(map.ids.length);
      map.ids.push(track.id);
      map.names.push(cut(track.name));
      map.artists.push(cut(track.artists.join(', ')));
      map.valence.push(round(f.valence, 3));
      map.energy.push(round(f.energy, 3));
      map.tempo.push(round(f.tempo, 1));
    }
    return map;
  });
}

/** The library map for Options → Moods (extension pages only: it is the person's library and history). */
export function createLibraryMapService(ctx: BackgroundContext): Service {
  return {
    name: 'library-map',
    handles: [implement(libraryMapMessages, { getLibraryMap: () => loadLibraryMap(ctx.db, ctx.clock.now()) })],
  };
}
