import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { countAll, fillDb } from '@/test/support/data-fixtures';
import { deleteEverything } from './delete';

let db: MoodDjDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe('deleteEverything', () => {
  it('disconnects, empties every table (secrets, calibration and personal examples too) and clears the settings', async () => {
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
    expect(Object.keys(counts)).toHaveLength(9);
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
