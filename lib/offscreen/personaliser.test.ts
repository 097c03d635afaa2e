import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import { classify, moodModel } from '@/lib/mood/classify';
import { extractFeatures } from '@/lib/mood/features';
import { classifyFeatures } from '@/lib/mood/model';
import { PERSONAL_EXAMPLE_MAX_AGE_MS, PERSONAL_MAX_PER_MOOD } from '@/lib/mood/personal';
import type { FaceFrame } from '@/lib/mood/types';
import { devFaces } from '@/test/support/mood/dev-faces';
import { createPersonaliser, type Personaliser } from './personaliser';

let db: MoodDjDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

function setup() {
  const opened = openDb(`test-${Math.random()}`);
  db = opened;
  let now = 1_000_000;
  const personal = createPersonaliser({ db: () => opened, model: moodModel, now: () => now });
  return { db: opened, personal, advance: (ms: number) => (now += ms) };
}

const frame = devFaces[0]?.frame;
if (!frame) throw new Error('no dev face');

/** One face through the personal step as the mood pipeline runs it: the model's scores, then `adapt`. */
function read(personal: Personaliser, face: FaceFrame) {
  const features = extractFeatures(face);
  return personal.adapt(features, classifyFeatures(moodModel(), features, null), null);
}

describe('the offscreen personaliser', () => {
  it('keeps nothing before a face was seen, or when the face is older than the limit', async () => {
    const { db, personal, advance } = setup();
    expect(await personal.keep('sad')).toBe(false);
    read(personal, frame);
    advance(PERSONAL_EXAMPLE_MAX_AGE_MS + 1);
    expect(await personal.keep('sad')).toBe(false);
    expect(await db.personalExamples.count()).toBe(0);
  });

  it('keeps the latest face as numbers only, and then adapts to it', async () => {
    const { db, personal, advance } = setup();
    const plain = read(personal, frame);
    expect(plain).toEqual(classify(frame));
    advance(PERSONAL_EXAMPLE_MAX_AGE_MS);
    expect(await personal.keep('surprised')).toBe(true);
    const [row] = await db.personalExamples.toArray();
    if (!row) throw new Error('no example stored');
    expect(row.mood).toBe('surprised');
    const stored = row.example as { features: unknown[] };
    expect(Object.keys(stored).sort()).toEqual(['features', 'mood', 'version']);
    expect(stored.features.every((x) => x === null || typeof x === 'number')).toBe(true);
    expect(read(personal, frame).surprised).toBeGreaterThan(plain.surprised);
  });

  it('drops the oldest example of a mood past the cap, and forgets deleted ones on reload', async () => {
    const { db, personal, advance } = setup();
    const plain = read(personal, frame);
    for (let i = 0; i < PERSONAL_MAX_PER_MOOD + 3; i++) {
      advance(10);
      expect(await personal.keep('sad')).toBe(true);
    }
    expect(await personal.keep('happy')).toBe(true);
    expect(await db.personalExamples.where('mood').equals('sad').count()).toBe(PERSONAL_MAX_PER_MOOD);
    expect(await db.personalExamples.where('mood').equals('happy').count()).toBe(1);
    await db.personalExamples.clear();
    expect(read(personal, frame)).not.toEqual(plain);
    await personal.reload();
    expect(read(personal, frame)).toEqual(plain);
  });
});
