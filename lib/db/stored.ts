import type { z } from 'zod';
import type { MoodDjDb } from '@/lib/db/schema';
import { reportError } from '@/lib/errors/report';

/**
 * A typed value in the `syncState` table. What is read back goes through its schema;
 * a corrupt value is replaced by the default (and the repair logged), never trusted.
 */
export function storedValue<S extends z.ZodType>(key: string, schema: S, fallback: () => z.infer<S>) {
  const stored = {
    key,
    async get(db: MoodDjDb): Promise<z.infer<S>> {
      const row = await db.syncState.get(key);
      if (!row) return fallback();
      const parsed = schema.safeParse(row.value);
      if (parsed.success) return parsed.data;
      reportError(
        'db',
        new Error(`Stored "${key}" was invalid and was reset (${parsed.error.issues[0]?.path.join('.')})`),
      );
      return fallback();
    },
    async set(db: MoodDjDb, value: z.infer<S>, now = Date.now()): Promise<void> {
      await db.syncState.put({ key, value, updatedAt: now });
    },
    /**
     * Reads, changes and writes the value in one read-write transaction, so two writers that each change
     * their own fields (say the drain's counters and the person's pause) never undo each other.
     * Returning the same object writes nothing.
     */
    async update(db: MoodDjDb, change: (value: z.infer<S>) => z.infer<S>, now = Date.now()): Promise<z.infer<S>> {
      return db.transaction('rw', db.syncState, async () => {
        const before = await stored.get(db);
        const after = change(before);
        if (after !== before) await stored.set(db, after, now);
        return after;
      });
    },
  };
  return stored;
}
