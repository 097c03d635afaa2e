import type { z } from 'zod';
import type { MoodDjDb } from '@/lib/db/schema';
import { reportError } from '@/lib/errors/report';

/**
 * A typed value in the `syncState` table. What is read back goes through its schema;
 * a corrupt value is replaced by the default (and the repair logged), never trusted.
 */
export function storedValue<S extends z.ZodType>(key: string, schema: S, fallback: () => z.infer<S>) {
  return {
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
  };
}
