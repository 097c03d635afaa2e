import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { countAll, fillDb } from '@/test/support/data-fixtures';
import { deleteEverything, deleteMoodHistory } from './delete';

let db: MoodDjDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
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
});

describe('deleteEverything', () => {
  it('disconnects, empties every table (secrets and calibration too) and clears the settings', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    const calls: string[] = [];
    await deleteEverything(
      db,
      async () => {
        calls.push('clear settings');
      },
      async () => {
        calls.push('disconnect');
      },
    );
    expect(calls).toEqual(['disconnect', 'clear settings']);
    const counts = await countAll(db);
    expect(Object.keys(counts)).toHaveLength(8);
    for (const [table, n] of Object.entries(counts)) expect(n, table).toBe(0);
  });

  it('still deletes everything when disconnecting fails', async () => {
    db = openDb(`test-${Math.random()}`);
    await fillDb(db);
    let cleared = false;
    await deleteEverything(
      db,
      async () => {
        cleared = true;
      },
      async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    );
    expect(cleared).toBe(true);
    expect(await db.secrets.count()).toBe(0);
    expect(await db.tracks.count()).toBe(0);
  });
});
