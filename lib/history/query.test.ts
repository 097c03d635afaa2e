import type { DBCoreOpenCursorRequest, DBCoreQueryRequest } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { loadHistory, loadTodaySparkline } from './query';

const MIN = 60 * 1000;
const june = (day: number, hour: number, minute = 0) => new Date(2025, 5, day, hour, minute).getTime();

/** `DBCoreRangeType.Any`: a read of the whole table or index. Dexie's enum is `const`, so it cannot be imported here. */
const WHOLE_TABLE = 3;

interface Read {
  table: string;
  index: string;
  range: number;
}

let db: MoodDjDb;
let reads: Read[];

beforeEach(() => {
  db = openDb(`history-${Math.random()}`);
  reads = [];
  // Record every read the history makes, to prove each one goes through an index range.
  db.use({
    stack: 'dbcore',
    name: 'read-spy',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        const log = (req: DBCoreQueryRequest | DBCoreOpenCursorRequest) =>
          reads.push({ table: name, index: req.query.index.name ?? '', range: req.query.range.type });
        return {
          ...table,
          query: (req) => {
            log(req);
            return table.query(req);
          },
          openCursor: (req) => {
            log(req);
            return table.openCursor(req);
          },
        };
      },
    }),
  });
});

afterEach(async () => {
  await db.delete();
});

describe('loadHistory', () => {
  it('reads the window and the one row before it through indexes, never a whole table', async () => {
    const now = june(15, 14, 20);
    await db.moodEvents.bulkAdd([
      { at: june(13, 9), mood: 'angry', confidence: 0.9, source: 'camera' },
      { at: june(14, 14, 50), mood: 'sad', confidence: 0.8, source: 'camera' },
      { at: june(15, 13, 0), mood: 'happy', confidence: 0.9, source: 'manual' },
      { at: june(15, 13, 20), mood: 'neutral', confidence: 0.6, source: 'camera' },
    ]);
    await db.playEvents.bulkAdd([
      { at: june(13, 9), trackId: 'old', kind: 'played', mood: 'angry' },
      { at: june(15, 13, 5), trackId: 'a', kind: 'queued', mood: 'happy' },
      { at: june(15, 13, 6), trackId: 'b', kind: 'queued', mood: 'happy' },
      { at: june(15, 13, 9), trackId: 'a', kind: 'played', mood: 'happy' },
      { at: june(15, 13, 12), trackId: 'c', kind: 'played', mood: null },
    ]);
    reads = [];

    const data = await loadHistory(db, '24h', now);

    expect(data.totals).toEqual({
      angry: 0,
      sad: 20 * MIN,
      happy: 20 * MIN,
      neutral: 30 * MIN,
      surprised: 0,
      focus: 0,
      workout: 0,
      winddown: 0,
    });
    expect(data.plays.queued.byMood.happy).toBe(2);
    expect(data.plays.played).toEqual({
      byMood: { happy: 1, sad: 0, angry: 0, neutral: 0, surprised: 0, focus: 0, workout: 0, winddown: 0 },
      untagged: 1,
      total: 2,
    });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => r.range === WHOLE_TABLE)).toEqual([]);
    expect(new Set(reads.map((r) => `${r.table}:${r.index}`))).toEqual(
      new Set(['moodEvents:at', 'playEvents:[kind+at]']),
    );
  });

  it('returns an empty history for an empty database', async () => {
    const data = await loadHistory(db, '7d', june(15, 12));
    expect(data.covered).toBe(0);
    expect(data.plays.queued.total + data.plays.played.total).toBe(0);
  });
});

describe('loadTodaySparkline', () => {
  it('steps through today, starting from the mood held at midnight', async () => {
    await db.moodEvents.bulkAdd([
      { at: june(14, 23, 50), mood: 'sad', confidence: 0.8, source: 'camera' },
      { at: june(15, 0, 5), mood: 'happy', confidence: 0.8, source: 'camera' },
    ]);
    const points = await loadTodaySparkline(db, june(15, 0, 30));
    expect(points).toEqual([
      { at: june(15, 0), mood: 'sad' },
      { at: june(15, 0, 5), mood: 'happy' },
      { at: june(15, 0, 30), mood: 'happy' },
    ]);
  });
});
