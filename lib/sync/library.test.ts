import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/schema';
import { fakeLibraryApi, makeLibrary, spotifyLibraryApi } from '@/test/support/sync-fixtures';
import { featuresAt } from '@/test/support/tracks';
import { FULL_RECONCILE_MS, libraryCursor, syncLibrary, unreadableItems } from './library';

const database = db();
let clock = Date.UTC(2026, 5, 1);
const now = () => clock;

beforeEach(async () => {
  await Promise.all(database.tables.map((t) => t.clear()));
  clock = Date.UTC(2026, 5, 1);
});

describe('syncLibrary', () => {
  it('takes the whole library on the first run and queues every track for features', async () => {
    const library = makeLibrary(120);
    const api = fakeLibraryApi(() => library);
    const cursor = await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(api.requests).toBe(3);
    expect(await database.tracks.count()).toBe(120);
    expect(await database.featureQueue.count()).toBe(120);
    expect(cursor).toMatchObject({ phase: 'idle', mode: 'full', total: 120, lastFullAt: clock });
  });

  it('stops between pages when asked, and the next run resumes at the stored offset', async () => {
    const library = makeLibrary(120);
    const api = fakeLibraryApi(() => library);
    let stop = false;
    const fetchPage = async (offset: number, limit: number) => {
      stop = true;
      return api.fetchPage(offset, limit);
    };
    const stopped = await syncLibrary({ db: database, fetchPage, now, shouldStop: () => stop });
    expect(api.requests).toBe(1);
    expect(stopped).toMatchObject({ phase: 'listing', offset: 50 });
    expect(await database.tracks.count()).toBe(50);
    const done = await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(api.requests).toBe(3);
    expect(done.phase).toBe('idle');
    expect(await database.tracks.count()).toBe(120);
  });

  it('re-syncs with nothing new in one request', async () => {
    const library = makeLibrary(500);
    const api = fakeLibraryApi(() => library);
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    api.requests = 0;
    clock += 60_000;
    const cursor = await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(api.requests).toBe(1);
    expect(cursor.mode).toBe('incremental');
  });

  it('adds only the new tracks, stopping at the first known one', async () => {
    let library = makeLibrary(200, 10);
    const api = fakeLibraryApi(() => library);
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    // Ten tracks saved since, newest first.
    library = [...makeLibrary(10, 0), ...library];
    api.requests = 0;
    clock += 60_000;
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(api.requests).toBe(1);
    expect(await database.tracks.count()).toBe(210);
    expect(await database.featureQueue.count()).toBe(210);
  });

  it('notices removed tracks through the count and reconciles in full', async () => {
    let library = makeLibrary(120);
    const api = fakeLibraryApi(() => library);
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    const removed = library[60]?.id ?? '';
    library = library.filter((t) => t.id !== removed);
    clock += 60_000;
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(await database.tracks.get(removed)).toBeUndefined();
    expect(await database.featureQueue.get(removed)).toBeUndefined();
    expect(await database.tracks.count()).toBe(119);
  });

  it('does not mistake skipped items (local files, null ids) for removals', async () => {
    const library = makeLibrary(80);
    const skipped = new Set([library[3]?.id ?? '', library[70]?.id ?? '']);
    const api = fakeLibraryApi(() => library, skipped);
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(await database.tracks.count()).toBe(78);
    api.requests = 0;
    clock += 60_000;
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(api.requests).toBe(1);
  });

  it('reconciles in full once a week even when nothing seems to change', async () => {
    const library = makeLibrary(60);
    const api = fakeLibraryApi(() => library);
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    clock += FULL_RECONCILE_MS + 1;
    const cursor = await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(cursor.mode).toBe('full');
  });

  it('resumes an interrupted run at the stored offset, asking for no page twice', async () => {
    const library = makeLibrary(300);
    const api = fakeLibraryApi(() => library);
    const asked: number[] = [];
    let calls = 0;
    const crashing = async (offset: number, limit: number) => {
      if (++calls === 4) throw new Error('service worker stopped');
      asked.push(offset);
      return api.fetchPage(offset, limit);
    };
    await expect(syncLibrary({ db: database, fetchPage: crashing, now })).rejects.toThrow('stopped');
    expect((await libraryCursor.get(database)).offset).toBe(150);
    await syncLibrary({ db: database, fetchPage: crashing, now });
    expect(asked).toEqual([0, 50, 100, 150, 200, 250]);
    expect(await database.tracks.count()).toBe(300);
  });

  it('never queues a track whose features are stored', async () => {
    const library = makeLibrary(10);
    const first = library[0]?.id ?? '';
    await database.features.put(featuresAt(first, { valence: 0.5, energy: 0.5, tempo: 120 }));
    await syncLibrary({ db: database, fetchPage: fakeLibraryApi(() => library).fetchPage, now });
    expect(await database.featureQueue.get(first)).toBeUndefined();
    expect(await database.featureQueue.count()).toBe(9);
  });

  it('keeps an unplayable track flagged and skips a malformed item, listing every page on past them', async () => {
    const library = makeLibrary(120);
    const unplayable = library[7]?.id ?? '';
    const malformed = library[20]?.id ?? '';
    const api = spotifyLibraryApi(() => library, {
      unplayable: () => new Set([unplayable]),
      malformedAt: new Set([20]),
    });
    const offsets: number[] = [];
    const cursor = await syncLibrary({
      db: database,
      fetchPage: (offset, limit) => {
        offsets.push(offset);
        return api.fetchPage(offset, limit);
      },
      now,
    });
    expect(offsets).toEqual([0, 50, 100]);
    expect(await database.tracks.count()).toBe(119);
    expect((await database.tracks.get(unplayable))?.playable).toBe(false);
    expect((await database.tracks.get(library[8]?.id ?? ''))?.playable).toBe(true);
    expect(await database.tracks.get(malformed)).toBeUndefined();
    expect(cursor).toMatchObject({ phase: 'idle', total: 120, skipped: 1, unreadable: 1 });
    expect(unreadableItems(cursor)).toBe(1);

    // The malformed item counts as skipped, not as a removal: the next run stays one request.
    api.requests = 0;
    clock += 60_000;
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(api.requests).toBe(1);
  });

  it('counts unreadable items during a full listing and keeps the count across a stop', async () => {
    const library = makeLibrary(120);
    const api = spotifyLibraryApi(() => library, { malformedAt: new Set([1, 2, 60]) });
    let stop = false;
    const progress: number[] = [];
    const stopped = await syncLibrary({
      db: database,
      fetchPage: async (offset, limit) => {
        stop = true;
        return api.fetchPage(offset, limit);
      },
      now,
      shouldStop: () => stop,
      onProgress: (c) => progress.push(unreadableItems(c)),
    });
    expect(stopped).toMatchObject({ phase: 'listing', offset: 50, runUnreadable: 2 });
    expect(progress).toEqual([2]);
    const done = await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(done).toMatchObject({ phase: 'idle', unreadable: 3, skipped: 3 });
    expect(await database.tracks.count()).toBe(117);
  });

  it('updates a track that turns playable again: on the next sync when it is among the newest, else in full', async () => {
    const library = makeLibrary(120);
    const newest = library[2]?.id ?? '';
    const deep = library[110]?.id ?? '';
    let unplayable = new Set([newest, deep]);
    const api = spotifyLibraryApi(() => library, { unplayable: () => unplayable });
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect((await database.tracks.get(newest))?.playable).toBe(false);
    expect((await database.tracks.get(deep))?.playable).toBe(false);

    unplayable = new Set();
    clock += 60_000;
    const incremental = await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect(incremental.mode).toBe('incremental');
    expect((await database.tracks.get(newest))?.playable).toBe(true);
    expect((await database.tracks.get(deep))?.playable).toBe(false);

    await syncLibrary({ db: database, fetchPage: api.fetchPage, now }, { full: true });
    expect((await database.tracks.get(deep))?.playable).toBe(true);

    // And the other way: a track Spotify stops letting the user play is flagged, and stays in the library.
    unplayable = new Set([newest]);
    clock += 60_000;
    await syncLibrary({ db: database, fetchPage: api.fetchPage, now });
    expect((await database.tracks.get(newest))?.playable).toBe(false);
    expect(await database.tracks.count()).toBe(120);
  });

  it('reads a cursor stored before unreadable items were counted without losing its place', async () => {
    const before = { ...(await libraryCursor.get(database)), phase: 'listing', offset: 150, lastFullAt: 5 };
    const { unreadable: _u, runUnreadable: _r, ...stored } = before;
    await database.syncState.put({ key: 'library', value: stored, updatedAt: 0 });
    expect(await libraryCursor.get(database)).toMatchObject({
      phase: 'listing',
      offset: 150,
      lastFullAt: 5,
      unreadable: 0,
      runUnreadable: 0,
    });
  });

  it('repairs a corrupt stored cursor instead of trusting it', async () => {
    await database.syncState.put({ key: 'library', value: { phase: 'listing', offset: -5 }, updatedAt: 0 });
    const cursor = await libraryCursor.get(database);
    expect(cursor.phase).toBe('idle');
    expect(cursor.offset).toBe(0);
  });
});
