import { afterEach, describe, expect, it } from 'vitest';
import { type FakeContext, fakeContext } from '@/test/support/background';
import { fillDb } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { DEFAULT_PROFILES, PROFILE_NAMES } from './profiles';
import { createMoodCountsService } from './service';

let ctx: FakeContext;
afterEach(async () => {
  await ctx.db.delete();
});

describe('the mood counts service', () => {
  it('answers one count per range asked, in order', async () => {
    ctx = fakeContext();
    await fillDb(ctx.db, { tracks: 40, withoutFeatures: 0 });
    const everything = { valence: { min: 0, max: 1 }, energy: { min: 0, max: 1 }, tempo: { min: 40, max: 250 } };
    const nothing = { ...everything, tempo: { min: 249, max: 250 } };
    const count = handlersOf(createMoodCountsService(ctx)).countMoodMatches;
    const counts = await count?.({ profiles: [everything, nothing, everything] }, 'extension-page');
    expect(counts).toEqual([40, 0, 40]);

    const all = await count?.({ profiles: PROFILE_NAMES.map((name) => DEFAULT_PROFILES[name]) }, 'extension-page');
    expect(all).toHaveLength(PROFILE_NAMES.length);
    expect(all?.every((n) => Number.isInteger(n) && n >= 0 && n <= 40)).toBe(true);
  });
});
