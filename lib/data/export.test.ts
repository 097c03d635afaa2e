import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { fillDb, PLANTED } from '@/test/support/data-fixtures';
import { exportEverything } from './export';
import { exportFileName, exportJson } from './export-file';

let db: MoodDjDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

const settings = async () => ({ ...DEFAULT_SETTINGS, dj: { ...DEFAULT_SETTINGS.dj, mode: 'lift' } });

describe('exportEverything', () => {
  it('writes one versioned object with the settings, library and both histories', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db, { tracks: 12, withoutFeatures: 3, moods: 7, plays: 5 });
    const file = await exportEverything(db, settings, () => new Date('2026-11-24T10:00:00Z'));
    expect(file.format).toBe('mooddj-export');
    expect(file.version).toBe(2);
    expect(file.exportedAt).toBe('2026-11-24T10:00:00.000Z');
    expect(file.settings.dj.mode).toBe('lift');
    expect(file.library.tracks).toHaveLength(12);
    expect(file.library.features).toHaveLength(9);
    expect(file.moodHistory).toHaveLength(7);
    expect(file.playHistory).toHaveLength(5);
    expect(Object.keys(file).sort()).toEqual([
      'exportedAt',
      'format',
      'library',
      'moodHistory',
      'playHistory',
      'settings',
      'version',
    ]);
    // Sync bookkeeping of this device stays out of the file.
    expect(file.library.tracks[0]).not.toHaveProperty('seenInSync');
    expect(file.library.tracks[0]).not.toHaveProperty('playable');
  });

  it('never contains secrets, the calibration, personal examples, the queue or sync state', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    const json = exportJson(await exportEverything(db, settings));
    for (const planted of Object.values(PLANTED)) expect(json).not.toContain(planted);
    expect(json).not.toContain('0.123456789');
    expect(json).not.toMatch(/calibration|baseline|personal|secrets|featureQueue|syncState|nextAttemptAt/);
  });

  it('keeps only declared settings, so nothing else stored under the settings key can leak', async () => {
    db = openDb(`test-${Math.random()}`);
    const stored = {
      ...DEFAULT_SETTINGS,
      rapidApiKey: PLANTED.rapidApiKey,
      spotify: { clientId: '0123456789abcdef0123456789abcdef', accessToken: PLANTED.spotifyToken },
    };
    const file = await exportEverything(db, async () => stored);
    const json = exportJson(file);
    expect(json).not.toContain(PLANTED.rapidApiKey);
    expect(json).not.toContain(PLANTED.spotifyToken);
    expect(file.settings.spotify).toEqual({ clientId: '0123456789abcdef0123456789abcdef' });
    expect(Object.keys(file.settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('exports an empty database as empty sections and default settings', async () => {
    db = openDb(`test-${Math.random()}`);
    const file = await exportEverything(db, async () => undefined);
    expect(file.settings).toEqual(DEFAULT_SETTINGS);
    expect(file.library).toEqual({ tracks: [], features: [] });
    expect(file.moodHistory).toEqual([]);
    expect(file.playHistory).toEqual([]);
  });
});

describe('exportFileName', () => {
  it('names the file after the local day', () => {
    expect(exportFileName(new Date(2026, 10, 24, 23, 59))).toBe('mooddj-export-2026-11-24.json');
    expect(exportFileName(new Date(2027, 0, 5, 0, 1))).toBe('mooddj-export-2027-01-05.json');
  });
});
