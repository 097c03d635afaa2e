import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { getSettings, SETTINGS_KEY } from '@/lib/settings/store';
import { countAll, fillDb, makeFeatures } from '@/test/support/data-fixtures';
import { makeLibrary } from '@/test/support/sync-fixtures';
import { deleteEverything } from './delete';
import { exportEverything } from './export';
import { exportJson } from './export-file';
import type { MoodDjExport } from './format';
import { describeImport, type ImportCounts, importEverything, parseImport } from './import';

let db: MoodDjDb | undefined;
beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

const MY_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  camera: { ...DEFAULT_SETTINGS.camera, fps: 8 },
  dj: { ...DEFAULT_SETTINGS.dj, mode: 'lift', liftTarget: 'calm', queueAhead: 5 },
  spotify: { clientId: '0123456789abcdef0123456789abcdef' },
};

function fakeSettings(initial: unknown = MY_SETTINGS) {
  const store = {
    value: initial,
    writes: 0,
    read: async () => store.value,
    write: async (settings: Settings) => {
      store.writes++;
      store.value = settings;
    },
    clear: async () => {
      store.value = undefined;
    },
  };
  return store;
}

/** What the options page does with a chosen file: parse, and import only what parsed. */
async function importText(database: MoodDjDb, text: string, settings = fakeSettings()) {
  const parsed = parseImport(text);
  if (!parsed.ok) return parsed;
  return { ok: true as const, counts: await importEverything(database, parsed.data, settings.write, () => 42) };
}

async function validFile(): Promise<MoodDjExport> {
  const source = openDb(`test-${Math.random()}`);
  await fillDb(source, { tracks: 6, withoutFeatures: 2, moods: 4, plays: 3 });
  const file = await exportEverything(source, async () => MY_SETTINGS);
  await source.delete();
  return file;
}

describe('export, delete everything, import', () => {
  it('restores the same library, features, history and settings', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db, { tracks: 12, withoutFeatures: 3, moods: 7, plays: 5 });
    const settings = fakeSettings({ ...MY_SETTINGS, camera: { ...MY_SETTINGS.camera, enabled: true } });
    const file = await exportEverything(db, settings.read);
    const before = await countAll(db);
    const tracksBefore = await db.tracks.toArray();
    const moodsBefore = await db.moodEvents.toArray();

    await deleteEverything(db, settings.clear, async () => {});
    for (const [table, n] of Object.entries(await countAll(db))) expect(n, table).toBe(0);
    expect(settings.value).toBeUndefined();

    const result = await importText(db, exportJson(file), settings);
    expect(result).toEqual({
      ok: true,
      counts: { tracks: 12, features: 9, moodChanges: 7, plays: 5, queued: 3, repairedSettings: [] },
    });
    const after = await countAll(db);
    for (const table of ['tracks', 'features', 'moodEvents', 'playEvents', 'featureQueue'] as const) {
      expect(after[table], table).toBe(before[table]);
    }
    expect(after.secrets).toBe(0);
    expect(after.calibration).toBe(0);
    // Imported tracks are Liked Songs (an export carries no sources: the next sync brings the playlists' back).
    expect(await db.tracks.toArray()).toEqual(tracksBefore.map((t) => ({ ...t, seenInSync: 0, sources: ['liked'] })));
    expect(await db.moodEvents.toArray()).toEqual(moodsBefore);
    // The file's settings come back, except that an import never switches the camera on.
    expect(settings.value).toEqual(MY_SETTINGS);
  });

  it('works with the real settings store', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    await storage.setItem(SETTINGS_KEY, MY_SETTINGS);
    const file = await exportEverything(db, getSettings);
    await deleteEverything(
      db,
      () => storage.removeItem(SETTINGS_KEY),
      async () => {},
    );
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    const parsed = parseImport(exportJson(file));
    if (!parsed.ok) throw new Error(parsed.message);
    await importEverything(db, parsed.data, (s) => storage.setItem(SETTINGS_KEY, s));
    expect(await getSettings()).toEqual(MY_SETTINGS);
  });

  it('carries skips and completions across, and still reads a version 1 file (which has none)', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db, { tracks: 4, withoutFeatures: 0, moods: 1, plays: 1 });
    await db.playEvents.bulkAdd([
      { at: 5000, trackId: 't0', kind: 'skipped', mood: 'happy' },
      { at: 6000, trackId: 't1', kind: 'completed', mood: 'sad' },
    ]);
    const file = await exportEverything(db, async () => MY_SETTINGS);
    expect(file.version).toBe(2);
    expect(file.playHistory.map((e) => e.kind)).toEqual(expect.arrayContaining(['skipped', 'completed']));
    const playsBefore = await db.playEvents.toArray();
    await deleteEverything(
      db,
      async () => {},
      async () => {},
    );
    expect(await db.playEvents.count()).toBe(0);
    const imported = await importText(db, exportJson(file));
    if (!imported.ok) throw new Error(imported.message);
    expect(imported).toMatchObject({ ok: true, counts: { plays: 3 } });
    expect(await db.playEvents.toArray()).toEqual(playsBefore);

    const v1 = { ...file, version: 1, playHistory: file.playHistory.filter((e) => e.kind === 'queued') };
    expect(await importText(db, JSON.stringify(v1))).toMatchObject({ ok: true, counts: { plays: 1 } });
  });
});

describe('a refused file changes nothing', () => {
  const cases: Array<[string, (file: MoodDjExport) => string, RegExp]> = [
    ['not JSON', () => '{"format": "mooddj-export", ', /not valid JSON/],
    ['an empty file', () => '', /not valid JSON/],
    ['foreign JSON', () => JSON.stringify({ name: 'my playlist', tracks: [] }), /^This file is not a MoodDJ export/],
    ['a JSON array', () => '[1, 2, 3]', /^This file is not a MoodDJ export/],
    ['JSON null', () => 'null', /^This file is not a MoodDJ export/],
    ['another format', (f) => JSON.stringify({ ...f, format: 'other-export' }), /^This file is not a MoodDJ export/],
    ['a newer version', (f) => JSON.stringify({ ...f, version: 3 }), /made by a newer MoodDJ \(export version 3\)/],
    ['an unknown version', (f) => JSON.stringify({ ...f, version: '1' }), /unknown version \("1"\)/],
    [
      'one bad mood change',
      (f) =>
        JSON.stringify({ ...f, moodHistory: f.moodHistory.map((e, i) => (i === 2 ? { ...e, confidence: 7 } : e)) }),
      /bad entry in its mood history \(at moodHistory\[2\]\.confidence\)/,
    ],
    [
      'one bad track',
      (f) =>
        JSON.stringify({
          ...f,
          library: {
            ...f.library,
            tracks: f.library.tracks.map((t, i) => (i === 4 ? { ...t, durationMs: 'long' } : t)),
          },
        }),
      /bad entry in its saved tracks \(at library\.tracks\[4\]\.durationMs\)/,
    ],
    [
      'a mood MoodDJ does not know',
      (f) => JSON.stringify({ ...f, playHistory: [{ ...f.playHistory[0], mood: 'ecstatic' }] }),
      /bad entry in its play history \(at playHistory\[0\]\.mood\)/,
    ],
    [
      'an extra field in a row',
      (f) =>
        JSON.stringify({
          ...f,
          library: { ...f.library, features: [{ ...f.library.features[0], secretSauce: 1 }] },
        }),
      /parts MoodDJ does not know in library\.features\[0\] \(secretSauce\)/,
    ],
    [
      'duplicate track ids',
      (f) => JSON.stringify({ ...f, library: { ...f.library, tracks: [...f.library.tracks, f.library.tracks[0]] } }),
      /saved tracks \(at library\.tracks\[6\]\): Duplicate track id/,
    ],
    [
      'a missing section',
      (f) => JSON.stringify({ ...f, playHistory: undefined }),
      /play history could not be read \(at playHistory\)/,
    ],
    [
      'an unknown top-level key',
      (f) => JSON.stringify({ ...f, calibration: { baseline: 1 } }),
      /parts MoodDJ does not know \(calibration\)/,
    ],
  ];

  it.each(cases)('%s', async (_name, build, message) => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    const settings = fakeSettings();
    const before = await countAll(db);
    const tracksBefore = await db.tracks.toArray();

    const result = await importText(db, build(await validFile()), settings);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
    expect(result.message).toMatch(/Nothing was imported\.$/);
    expect(await countAll(db)).toEqual(before);
    expect(await db.tracks.toArray()).toEqual(tracksBefore);
    expect(settings.writes).toBe(0);
  });

  it('rolls back every table when a write fails halfway', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    const settings = fakeSettings();
    const before = await countAll(db);
    const moodsBefore = await db.moodEvents.toArray();
    const parsed = parseImport(exportJson(await validFile()));
    if (!parsed.ok) throw new Error(parsed.message);
    // Play history is written after tracks, features and moods were already replaced.
    db.playEvents.hook('creating', () => {
      throw new Error('QuotaExceededError');
    });

    await expect(importEverything(db, parsed.data, settings.write)).rejects.toThrow();
    expect(await countAll(db)).toEqual(before);
    expect(await db.moodEvents.toArray()).toEqual(moodsBefore);
    expect(settings.writes).toBe(0);
  });
});

describe('importEverything', () => {
  it('rebuilds the feature queue for tracks without features and resets the library cursor', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    await db.syncState.put({ key: 'feature-queue', value: { usedToday: 77 }, updatedAt: 1 });
    const library = makeLibrary(5, 100);
    const file = await validFile();
    const data = {
      ...file,
      library: {
        // As exported: without the device's own `playable`.
        tracks: library.map(({ playable: _now, ...track }) => track),
        // Features for 0 and 2, and one for a track no longer saved (features stay cached).
        features: [
          makeFeatures(library[0]?.id ?? '', 0),
          makeFeatures(library[2]?.id ?? '', 2),
          makeFeatures('gone', 3),
        ],
      },
    };
    const parsed = parseImport(JSON.stringify(data));
    if (!parsed.ok) throw new Error(parsed.message);

    const counts = await importEverything(db, parsed.data, fakeSettings().write, () => 1234);
    expect(counts.queued).toBe(3);
    const queue = await db.featureQueue.toArray();
    expect(queue.map((q) => q.trackId).sort()).toEqual([library[1]?.id, library[3]?.id, library[4]?.id].sort());
    for (const row of queue) {
      expect(row).toMatchObject({
        status: 'pending',
        nextAttemptAt: 1234,
        attempts: 0,
        lastError: null,
        unknownTo: [],
      });
    }
    // Due now, through the scheduler's own index.
    expect(
      await db.featureQueue
        .where('[status+nextAttemptAt]')
        .between(['pending', 0], ['pending', 1234], true, true)
        .count(),
    ).toBe(3);
    expect(await db.syncState.get('library')).toBeUndefined();
    expect((await db.syncState.get('feature-queue'))?.value).toEqual({ usedToday: 77 });
  });

  it('leaves secrets and the calibration as they are', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    const parsed = parseImport(exportJson(await validFile()));
    if (!parsed.ok) throw new Error(parsed.message);
    await importEverything(db, parsed.data, fakeSettings().write);
    expect(await db.secrets.count()).toBe(2);
    expect(await db.calibration.count()).toBe(1);
  });

  it('repairs invalid settings to their defaults and says so', async () => {
    db = openDb(`test-${Math.random()}`);
    const file = await validFile();
    const settings = fakeSettings();
    const parsed = parseImport(
      JSON.stringify({ ...file, settings: { ...file.settings, camera: { enabled: true, fps: 'fast' } } }),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const counts = await importEverything(db, parsed.data, settings.write);
    expect(counts.repairedSettings).toEqual(['camera.fps']);
    expect(settings.value).toMatchObject({ camera: { enabled: false, fps: 5 }, dj: { mode: 'lift' } });
  });
});

describe('describeImport', () => {
  const counts: ImportCounts = {
    tracks: 2000,
    features: 1,
    moodChanges: 312,
    plays: 0,
    queued: 0,
    repairedSettings: [],
  };

  it('counts what came in', () => {
    expect(describeImport(counts)).toBe('Imported 2,000 tracks, 1 audio feature set, 312 mood changes and 0 plays.');
  });

  it('mentions queued tracks and repaired settings', () => {
    expect(describeImport({ ...counts, queued: 1999, repairedSettings: ['camera.fps'] })).toBe(
      'Imported 2,000 tracks, 1 audio feature set, 312 mood changes and 0 plays. 1,999 tracks will get audio features as MoodDJ analyses them. 1 setting in the file was invalid and got the default.',
    );
  });
});
