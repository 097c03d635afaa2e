import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/schema';
import { pruneHistory, recordMoodChange } from './record';

const DAY = 24 * 60 * 60 * 1000;

beforeEach(async () => {
  await db().moodEvents.clear();
  await db().playEvents.clear();
});

describe('mood history', () => {
  it('records changes and prunes what is older than the retention period', async () => {
    const now = 100 * DAY;
    await recordMoodChange({ mood: 'sad', confidence: 0.7, since: now - 40 * DAY, source: 'camera' });
    await recordMoodChange({ mood: 'happy', confidence: 0.9, since: now - 2 * DAY, source: 'camera' });
    await recordMoodChange({ mood: 'neutral', confidence: 1, since: now - 1000, source: 'manual' });
    await db().playEvents.add({ at: now - 31 * DAY, trackId: 't', kind: 'queued', mood: 'sad' });

    expect(await pruneHistory(30, now)).toBe(2);
    const left = await db().moodEvents.orderBy('at').toArray();
    expect(left.map((e) => [e.mood, e.source])).toEqual([
      ['happy', 'camera'],
      ['neutral', 'manual'],
    ]);
    expect(await db().playEvents.count()).toBe(0);
  });
});
