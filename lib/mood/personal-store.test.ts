import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { devFaces } from '@/test/support/mood/dev-faces';
import { classify, classifyExtracted, moodModel } from './classify.ts';
import { PERSONAL_EXAMPLE_MAX_AGE_MS, PERSONAL_MAX_PER_MOOD } from './personal.ts';
import { createPersonaliser } from './personal-store.ts';

let db: MoodDjDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

function setup() {
  const opened = openDb(`test-${Math.random()}`);
  db = opened;
  let now = 1_000_000;
  const personal = createPersonaliser({
    db: () => opened,
    model: moodModel,
    classify: classifyExtracted,
    now: () => now,
  });
  return { db: opened, personal, advance: (ms: number) => (now += ms) };
}

const frame = devFaces[0]?.frame;
if (!frame) throw new Error('no dev face');

describe('the offscreen personaliser', () => {
  it('keeps nothing before a face was seen, or when the face is older than the limit', async () => {
    const { db, personal, advance } = setup();
    expect(await personal.keep('sad')).toBe(false);
    personal.classify(frame, null);
    advance(PERSONAL_EXAMPLE_MAX_AGE_MS + 1);
    expect(await personal.keep('sad')).toBe(false);
    expect(await db.personalExamples.count()).toBe(0);
  });

  it('keeps the latest face as numbers only, and then adapts to it', async () => {
    const { db, personal, advance } = setup();
    const plain = personal.classify(frame, null);
    expect(plain).toEqual(classify(frame));
    advance(PERSONAL_EXAMPLE_MAX_AGE_MS);
    expect(await personal.keep('surprised')).toBe(true);
    const [row] = await db.personalExamples.toArray();
    if (!row) throw new Error('no example stored');
    expect(row.mood).toBe('surprised');
    const stored = row.example as { features: unknown[] };
    expect(Object.keys(stored).sort()).toEqual(['features', 'mood', 'version']);
    expect(stored.features.every((x) => x === null || typeof x === 'number')).toBe(true);
    expect(personal.classify(frame, null).surprised).toBeGreaterThan(plain.surprised);
  });

  it('drops the oldest example of a mood past the cap, and forgets deleted ones on reload', async () => {
    const { db, personal, advance } = setup();
    const plain = personal.classify(frame, null);
    for (let i = 0; i < PERSONAL_MAX_PER_MOOD + 3; i++) {
      advance(10);
      expect(await personal.keep('sad')).toBe(true);
    }
    expect(await personal.keep('happy')).toBe(true);
    expect(await db.personalExamples.where('mood').equals('sad').count()).toBe(PERSONAL_MAX_PER_MOOD);
    expect(await db.personalExamples.where('mood').equals('happy').count()).toBe(1);
    await db.personalExamples.clear();
    expect(personal.classify(frame, null)).not.toEqual(plain);
    await personal.reload();
    expect(personal.classify(frame, null)).toEqual(plain);
  });
});
