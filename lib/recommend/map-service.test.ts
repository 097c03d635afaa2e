import { afterEach, describe, expect, it } from 'vitest';
import { type FakeContext, fakeContext } from '@/test/support/background';
import { makeFeatures } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { makeLibrary } from '@/test/support/sync-fixtures';
import { createLibraryMapService, loadLibraryMap, MAP_RECENT_MS, MAP_TEXT_MAX } from './map-service';

let ctx: FakeContext;
afterEach(async () => {
  await ctx.db.delete();
});

const HOUR = 60 * 60 * 1000;

describe('the library map service', () => {
  it('answers the analysed library tracks in parallel arrays, marking those played or queued in the last day', async () => {
    ctx = fakeContext();
    const now = ctx.clock.now();
    const library = makeLibrary(6);
    const [a, b, c, d, e, f] = library.map((t) => t.id) as [string, string, string, string, string, string];
    await ctx.db.tracks.bulkAdd(
      library.map((t, i) => ({
        ...t,
        seenInSync: 1,
        name: i === 1 ? 'x'.repeat(MAP_TEXT_MAX + 50) : t.name,
        artists: i === 2 ? ['One', 'Two'] : t.artists,
      })),
    );
    // f is not analysed; a features row of a track no longer saved does not show.
    await ctx.db.features.bulkAdd([a, b, c, d, e].map((id, i) => makeFeatures(id, i)));
    await ctx.db.features.add(makeFeatures('gone00000000000000000x', 9));
    await ctx.db.playEvents.bulkAdd([
      { at: now - 2 * HOUR, trackId: b, kind: 'queued', mood: 'happy' },
      { at: now - MAP_RECENT_MS + 1000, trackId: d, kind: 'played', mood: null },
      { at: now - MAP_RECENT_MS - 1000, trackId: e, kind: 'played', mood: null },
      { at: now - HOUR, trackId: f, kind: 'played', mood: null },
    ]);

    const map = await handlersOf(createLibraryMapService(ctx)).getLibraryMap(undefined, 'extension-page');
    if (!map) throw new Error('no answer');
    expect(map.total).toBe(5);
    expect(map.ids).toEqual([a, b, c, d, e]);
    for (const column of [map.names, map.artists, map.valence, map.energy, map.tempo]) expect(column).toHaveLength(5);
    expect(map.recent.map((i) => map.ids[i]).sort()).toEqual([b, d].sort());
    expect(map.names[0]).toBe('Track 0');
    expect(map.names[1]).toHaveLength(MAP_TEXT_MAX);
    expect(map.artists[2]).toBe('One, Two');
    const expected = makeFeatures(c, 2);
    expect([map.valence[2], map.energy[2], map.tempo[2]]).toEqual([expected.valence, expected.energy, expected.tempo]);
  });

  it('stops at its limit but still says how many tracks are analysed', async () => {
    ctx = fakeContext();
    const library = makeLibrary(5);
    await ctx.db.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
    await ctx.db.features.bulkAdd(library.map((t, i) => makeFeatures(t.id, i)));
    const map = await loadLibraryMap(ctx.db, ctx.clock.now(), 3);
    expect(map.ids).toHaveLength(3);
    expect(map.tempo).toHaveLength(3);
    expect(map.total).toBe(5);
  });

  it('answers an empty map for an empty library', async () => {
    ctx = fakeContext();
    const map = await handlersOf(createLibraryMapService(ctx)).getLibraryMap(undefined, 'extension-page');
    expect(map).toMatchObject({ ids: [], valence: [], recent: [], total: 0 });
  });
});
