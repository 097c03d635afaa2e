import { afterEach, describe, expect, it } from 'vitest';
import type { Service } from '@/lib/background/context';
import type { CurrentMood } from '@/lib/live-state/state';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { type FakeContext, fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createHistoryService, PRUNE_ALARM } from './service';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let ctx: FakeContext;
afterEach(async () => {
  await ctx.db.delete();
});

function setUp() {
  ctx = fakeContext();
  return { ctx, history: createHistoryService(ctx) };
}

const mood = (at: number, name: CurrentMood['mood'] = 'happy', source: CurrentMood['source'] = 'camera') => ({
  mood: name,
  confidence: 0.8,
  since: at,
  source,
});

function handlers(service: Service) {
  const h = handlersOf(service);
  return {
    history: (range: '24h' | '7d' | '30d') => h.getMoodHistory?.({ range }, 'extension-page'),
    sparkline: () => h.getTodaySparkline?.(undefined, 'extension-page'),
    deleteHistory: () => h.deleteMoodHistory?.(undefined, 'extension-page'),
  };
}

describe('the history service', () => {
  it('counts the skips and completions of the last week', async () => {
    const { ctx, history } = setUp();
    const now = ctx.clock.now();
    await ctx.db.playEvents.bulkAdd([
      { at: now - DAY, trackId: 'a', kind: 'skipped', mood: 'happy' },
      { at: now - 6 * DAY, trackId: 'b', kind: 'skipped', mood: 'sad' },
      { at: now - 8 * DAY, trackId: 'c', kind: 'skipped', mood: 'sad' },
      { at: now - MIN, trackId: 'd', kind: 'completed', mood: 'happy' },
      { at: now - MIN, trackId: 'e', kind: 'played', mood: 'happy' },
    ]);
    expect(await handlersOf(history).getSkipCounts(undefined, 'extension-page')).toEqual({ skipped: 2, completed: 1 });
  });

  it('writes one row per mood change it hears of, not per announcement, and none for "no mood"', async () => {
    const { ctx } = setUp();
    const now = ctx.clock.now();
    ctx.events.emit('moodChanged', mood(now - 5 * MIN, 'sad'));
    ctx.events.emit('moodChanged', mood(now - 5 * MIN, 'sad'));
    ctx.events.emit('moodChanged', null);
    ctx.events.emit('moodChanged', mood(now - MIN, 'happy', 'manual'));
    await ctx.events.idle();
    const rows = await ctx.db.moodEvents.orderBy('at').toArray();
    expect(rows.map((r) => [r.at, r.mood, r.source])).toEqual([
      [now - 5 * MIN, 'sad', 'camera'],
      [now - MIN, 'happy', 'manual'],
    ]);
    expect(ctx.reported).toEqual([]);
  });

  it('answers the chart without the segments, and the sparkline with today’s steps', async () => {
    const { ctx, history } = setUp();
    const now = ctx.clock.now();
    ctx.events.emit('moodChanged', mood(now - 20 * MIN, 'sad'));
    ctx.events.emit('moodChanged', mood(now - 10 * MIN, 'happy'));
    await ctx.events.idle();
    const view = await handlers(history).history('24h');
    expect(view).not.toHaveProperty('segments');
    expect(view?.totals).toMatchObject({ sad: 10 * MIN, happy: 10 * MIN });
    expect(view?.buckets).toHaveLength(24);
    // Small enough to send while a page waits: a day's chart is a few kilobytes.
    expect(JSON.stringify(view).length).toBeLessThan(8_000);
    const points = await handlers(history).sparkline();
    expect(points?.filter((p) => p.mood !== null).map((p) => p.mood)).toEqual(['sad', 'happy', 'happy']);
  });

  it('race: a change that began before "delete mood history" but is announced after it is not written back', async () => {
    const { ctx, history } = setUp();
    const asked = ctx.clock.now();
    ctx.events.emit('moodChanged', mood(asked - 3 * MIN, 'sad'));
    // The deletion is asked for while that write is still queued.
    const deleting = handlers(history).deleteHistory();
    // A camera report from before the request arrives late; then the mood really changes after it.
    ctx.events.emit('moodChanged', mood(asked - MIN, 'angry'));
    await ctx.clock.advance(MIN);
    ctx.events.emit('moodChanged', mood(ctx.clock.now(), 'happy'));
    expect(await deleting).toBe(0);
    await ctx.events.idle();
    const rows = await ctx.db.moodEvents.toArray();
    expect(rows.map((r) => r.mood)).toEqual(['happy']);
  });

  it('deletes the history asked for, untags the plays, and keeps what comes after', async () => {
    const { ctx, history } = setUp();
    const now = ctx.clock.now();
    ctx.events.emit('moodChanged', mood(now - 30 * MIN, 'sad'));
    ctx.events.emit('moodChanged', mood(now - 20 * MIN, 'happy'));
    await ctx.db.playEvents.add({ at: now - 10 * MIN, trackId: 't', kind: 'queued', mood: 'happy' });
    await ctx.events.idle();
    expect(await handlers(history).deleteHistory()).toBe(2);
    expect(await ctx.db.moodEvents.count()).toBe(0);
    expect((await ctx.db.playEvents.toArray()).map((p) => p.mood)).toEqual([null]);
    await ctx.clock.advance(1);
    ctx.events.emit('moodChanged', mood(ctx.clock.now(), 'neutral'));
    await ctx.events.idle();
    expect((await ctx.db.moodEvents.toArray()).map((r) => r.mood)).toEqual(['neutral']);
  });

  it('race: after "delete everything", a change written while the tables were emptied is gone too', async () => {
    const { ctx } = setUp();
    const now = ctx.clock.now();
    // The data service emptied the tables; a change from just before landed behind it.
    ctx.events.emit('moodChanged', mood(now - MIN, 'sad'));
    await ctx.events.idle();
    ctx.events.emit('dataReset', 'delete');
    ctx.events.emit('moodChanged', mood(now - 30_000, 'angry'));
    await ctx.clock.advance(MIN);
    ctx.events.emit('moodChanged', mood(ctx.clock.now(), 'happy'));
    await ctx.events.idle();
    expect((await ctx.db.moodEvents.toArray()).map((r) => r.mood)).toEqual(['happy']);
    // An import replaces the history with the file's; what is recorded afterwards stays.
    ctx.events.emit('dataReset', 'import');
    await ctx.events.idle();
    expect(await ctx.db.moodEvents.count()).toBe(1);
  });

  it('keeps one prune alarm and prunes with the retention period in the settings', async () => {
    const { ctx, history } = setUp();
    await history.start?.();
    const alarm = ctx.alarms.all.get(PRUNE_ALARM);
    expect(alarm).toMatchObject({ periodInMinutes: 360, scheduledTime: ctx.clock.now() + MIN });
    await ctx.clock.advance(5 * MIN);
    await history.start?.();
    // A worker restart keeps the running alarm instead of pushing it back.
    expect(ctx.alarms.all.get(PRUNE_ALARM)).toEqual(alarm);

    const now = ctx.clock.now();
    ctx.settings.value = { ...DEFAULT_SETTINGS, history: { retentionDays: 7 } };
    ctx.events.emit('moodChanged', mood(now - 8 * DAY, 'sad'));
    ctx.events.emit('moodChanged', mood(now - 6 * DAY, 'happy'));
    await ctx.db.playEvents.add({ at: now - 10 * DAY, trackId: 't', kind: 'played', mood: null });
    await ctx.events.idle();
    const reads = ctx.settings.reads;
    await history.alarms?.[PRUNE_ALARM]?.();
    expect(ctx.settings.reads).toBe(reads + 1);
    expect((await ctx.db.moodEvents.toArray()).map((r) => r.mood)).toEqual(['happy']);
    expect(await ctx.db.playEvents.count()).toBe(0);
  });
});
