import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from './schema';

let db: MoodDjDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe('the database', () => {
  it('upgrades a v1 database in place, keeping its rows and adding the personal examples', async () => {
    const name = `test-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ tracks: 'id, addedAt, seenInSync, *artistIds', calibration: 'key' });
    await v1.table('calibration').put({ key: 'baseline', baseline: { version: 1 }, createdAt: 5 });
    v1.close();
    db = openDb(name);
    expect((await db.calibration.get('baseline'))?.createdAt).toBe(5);
    await db.personalExamples.add({ mood: 'sad', at: 2, example: {} });
    await db.personalExamples.add({ mood: 'sad', at: 1, example: {} });
    expect(await db.personalExamples.where('mood').equals('sad').count()).toBe(2);
    expect((await db.personalExamples.orderBy('at').first())?.at).toBe(1);
  });

  it('upgrades a v2 database to v3, marking every stored track playable and keeping its index', async () => {
    const name = `test-${Math.random()}`;
    const v2 = new Dexie(name);
    v2.version(1).stores({ tracks: 'id, addedAt, seenInSync, *artistIds' });
    v2.version(2).stores({ personalExamples: '++id, mood, at' });
    await v2.table('tracks').bulkPut([
      { id: 'a', uri: 'spotify:track:a', artistIds: ['x'], addedAt: '2026-01-02T00:00:00Z', seenInSync: 3 },
      { id: 'b', uri: 'spotify:track:b', artistIds: ['x'], addedAt: '2026-01-01T00:00:00Z', seenInSync: 3 },
    ]);
    v2.close();
    db = openDb(name);
    const tracks = await db.tracks.toArray();
    expect(tracks.map((t) => [t.id, t.playable, t.seenInSync])).toEqual([
      ['a', true, 3],
      ['b', true, 3],
    ]);
    expect(await db.tracks.where('artistIds').equals('x').count()).toBe(2);
    expect(db.verno).toBe(5);
  });

  it('upgrades a v3 database to v4, marking the personal examples the old rule kept as implicit', async () => {
    const name = `test-${Math.random()}`;
    const v3 = new Dexie(name);
    v3.version(1).stores({ tracks: 'id, addedAt, seenInSync, *artistIds' });
    v3.version(2).stores({ personalExamples: '++id, mood, at' });
    v3.version(3).stores({});
    await v3.table('personalExamples').bulkAdd([
      { mood: 'sad', at: 1, example: { version: 1 } },
      { mood: 'happy', at: 2, example: { version: 1 } },
    ]);
    v3.close();
    db = openDb(name);
    const rows = await db.personalExamples.orderBy('at').toArray();
    expect(rows.map((r) => [r.mood, r.at, r.implicit, r.example])).toEqual([
      ['sad', 1, true, { version: 1 }],
      ['happy', 2, true, { version: 1 }],
    ]);
    expect(await db.personalExamples.where('mood').equals('sad').count()).toBe(1);
    // An example kept from now on is the person's own: not marked.
    await db.personalExamples.add({ mood: 'angry', at: 3, example: {} });
    expect((await db.personalExamples.where('mood').equals('angry').first())?.implicit).toBeUndefined();
  });

  it('upgrades a v4 database to v5: every stored track came from Liked Songs, found by its source', async () => {
    const name = `test-${Math.random()}`;
    const v4 = new Dexie(name);
    v4.version(1).stores({ tracks: 'id, addedAt, seenInSync, *artistIds' });
    v4.version(2).stores({ personalExamples: '++id, mood, at' });
    v4.version(4).stores({});
    await v4.table('tracks').bulkPut([
      {
        id: 'a',
        uri: 'spotify:track:a',
        artistIds: ['x'],
        addedAt: '2026-01-02T00:00:00Z',
        seenInSync: 3,
        playable: true,
      },
      {
        id: 'b',
        uri: 'spotify:track:b',
        artistIds: ['x'],
        addedAt: '2026-01-01T00:00:00Z',
        seenInSync: 3,
        playable: false,
      },
    ]);
    v4.close();
    db = openDb(name);
    const tracks = await db.tracks.toArray();
    expect(tracks.map((t) => [t.id, t.sources, t.playable])).toEqual([
      ['a', ['liked'], true],
      ['b', ['liked'], false],
    ]);
    expect(await db.tracks.where('sources').equals('liked').count()).toBe(2);
    await db.tracks.update('b', { sources: ['liked', 'playlist:p1'] });
    expect(await db.tracks.where('sources').equals('playlist:p1').primaryKeys()).toEqual(['b']);
  });

  it('creates a new database at v5 with nothing to mark', async () => {
    db = openDb(`test-${Math.random()}`);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.personalExamples.count()).toBe(0);
  });

  it('opens with every table and writes and reads rows back', async () => {
    db = openDb(`test-${Math.random()}`);
    await db.open();
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'calibration',
      'featureQueue',
      'features',
      'moodEvents',
      'personalExamples',
      'playEvents',
      'secrets',
      'syncState',
      'tracks',
    ]);
    await db.tracks.put({
      id: '4uLU6hMCjMI75M1A2tKUQC',
      uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
      name: 'Never Gonna Give You Up',
      artists: ['Rick Astley'],
      artistIds: ['0gxyHStUsqpMadRV0Di1Qt'],
      album: 'Whenever You Need Somebody',
      durationMs: 213573,
      addedAt: '2024-01-02T03:04:05Z',
      seenInSync: 1,
      playable: true,
    });
    const track = await db.tracks.get('4uLU6hMCjMI75M1A2tKUQC');
    expect(track?.artists).toEqual(['Rick Astley']);
    expect(await db.tracks.where('artistIds').equals('0gxyHStUsqpMadRV0Di1Qt').count()).toBe(1);
  });

  it('answers the range and queue queries through its compound indexes', async () => {
    db = openDb(`test-${Math.random()}`);
    const base = { provider: 'reccobeats' as const, fetchedAt: 1, tempo: 120, danceability: null, acousticness: null };
    const rest = { instrumentalness: null, liveness: null, speechiness: null, loudness: -6 };
    await db.features.bulkPut([
      { trackId: 'a', valence: 0.9, energy: 0.8, ...base, ...rest },
      { trackId: 'b', valence: 0.2, energy: 0.3, ...base, ...rest },
      { trackId: 'c', valence: 0.7, energy: 0.2, ...base, ...rest },
    ]);
    const happy = await db.features
      .where('[valence+energy]')
      .between([0.6, 0.5], [1, 1], true, true)
      .filter((f) => f.energy >= 0.5)
      .primaryKeys();
    expect(happy).toEqual(['a']);

    await db.featureQueue.bulkPut([
      { trackId: 'a', status: 'pending', nextAttemptAt: 100, attempts: 0, lastError: null, unknownTo: [] },
      { trackId: 'b', status: 'pending', nextAttemptAt: 900, attempts: 1, lastError: '500', unknownTo: [] },
      { trackId: 'c', status: 'unknown', nextAttemptAt: 50, attempts: 2, lastError: null, unknownTo: ['reccobeats'] },
    ]);
    const due = await db.featureQueue
      .where('[status+nextAttemptAt]')
      .between(['pending', 0], ['pending', 500], true, true)
      .primaryKeys();
    expect(due).toEqual(['a']);

    await db.moodEvents.bulkAdd([
      { at: 10, mood: 'happy', confidence: 0.8, source: 'camera' },
      { at: 20, mood: 'sad', confidence: 0.6, source: 'camera' },
      { at: 30, mood: 'happy', confidence: 0.9, source: 'manual' },
    ]);
    expect(await db.moodEvents.where('[mood+at]').between(['happy', 15], ['happy', Infinity]).count()).toBe(1);
    expect(await db.moodEvents.where('at').above(15).count()).toBe(2);
  });
});
