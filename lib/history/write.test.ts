import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { countAll, fillDb } from '@/test/support/data-fixtures';
import { deleteMoodHistory, pruneHistory, recordMoodChange } from './write';

const DAY = 24 * 60 * 60 * 1000;

let db: MoodDjDb;
afterEach(async () => {
  await db.delete();
});

describe('mood history', () => {
  it('records changes and prunes what is older than the retention period', async () => {
    db = openDb(`test-${Math.random()}`);
    const now = 100 * DAY;
    await recordMoodChange(db, { mood: 'sad', confidence: 0.7, since: now - 40 * DAY, source: 'camera' });
    await recordMoodChange(db, { mood: 'happy', confidence: 0.9, since: now - 2 * DAY, source: 'camera' });
    await recordMoodChange(db, { mood: 'neutral', confidence: 1, since: now - 1000, source: 'manual' });
    await db.playEvents.add({ at: now - 31 * DAY, trackId: 't', kind: 'queued', mood: 'sad' });
    await db.playEvents.add({ at: now - 31 * DAY, trackId: 't', kind: 'skipped', mood: 'sad' });

    expect(await pruneHistory(db, 30, now)).toBe(3);
    const left = await db.moodEvents.orderBy('at').toArray();
    expect(left.map((e) => [e.mood, e.source])).toEqual([
      ['happy', 'camera'],
      ['neutral', 'manual'],
    ]);
    expect(await db.playEvents.count()).toBe(0);
  });
});

describe('deleteMoodHistory', () => {
  it('deletes every mood change and the mood plays were chosen for, and keeps the rest', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db, { moods: 7, plays: 5 });
    const before = await countAll(db);
    expect(await deleteMoodHistory(db)).toBe(7);
    expect(await countAll(db)).toEqual({ ...before, moodEvents: 0 });
    const plays = await db.playEvents.toArray();
    expect(plays).toHaveLength(5);
    expect(plays.every((p) => p.mood === null)).toBe(true);
  });

  it('deletes skips and completions with it: they only mean something for their mood', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db, { moods: 2, plays: 2 });
    await db.playEvents.bulkAdd([
      { at: 1, trackId: 'a', kind: 'skipped', mood: 'happy' },
      { at: 2, trackId: 'b', kind: 'completed', mood: 'sad' },
    ]);
    await deleteMoodHistory(db);
    expect((await db.playEvents.toArray()).map((p) => p.kind).sort()).toEqual(['played', 'queued']);
  });
});
