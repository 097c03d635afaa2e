import { describe, expect, it } from 'vitest';
import { fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createPersonalExampleService, type PersonalChannel } from './personal-service';
import { createMoodService } from './service';
import type { Mood } from './types';

const stubChannel: PersonalChannel = { keep: async () => false, changed: async () => undefined };

function setup(open = true, keeps = true) {
  const ctx = fakeContext();
  const kept: Mood[] = [];
  let changed = 0;
  const channel: PersonalChannel = {
    keep: async (mood) => {
      // The offscreen document keeps nothing without a face in the last few seconds.
      if (!keeps) return false;
      kept.push(mood);
      // What the offscreen document does when it keeps one.
      await ctx.db.personalExamples.add({ mood, at: ctx.clock.now(), example: { numbers: 'stay here' } });
      return true;
    },
    changed: async () => {
      changed++;
    },
  };
  const service = createPersonalExampleService(ctx, { offscreen: { isOpen: async () => open }, channel });
  const mood = createMoodService(ctx);
  return { ctx, service, mood, kept, changed: () => changed };
}

const running = { enabled: true, status: 'running' as const, detail: null };

describe('the personal-example service', () => {
  it('a hand pick against the running camera keeps nothing: a pick only chooses the music', async () => {
    const { ctx, service, mood, kept } = setup();
    await service.start?.();
    await ctx.live.update((s) => ({
      ...s,
      camera: running,
      mood: { mood: 'neutral', confidence: 0.8, since: ctx.clock.now(), source: 'camera' },
    }));
    await handlersOf(mood).setManualMood('sad', 'spotify-tab');
    await ctx.events.idle();
    expect(kept).toEqual([]);
    expect(await ctx.db.personalExamples.count()).toBe(0);
    expect((await ctx.live.get()).personalExamples).toBe(0);
  });

  it('"Not how I feel: I\'m sad" keeps the latest face as sad, says so, and leaves the mood in effect alone', async () => {
    const { ctx, service, kept } = setup();
    await service.start?.();
    const reading = { mood: 'neutral' as const, confidence: 0.8, since: ctx.clock.now(), source: 'camera' as const };
    await ctx.live.update((s) => ({ ...s, camera: running, mood: reading }));
    const outcome = await handlersOf(service).keepFaceAsExample({ mood: 'sad' }, 'spotify-tab');
    expect(outcome).toEqual({ kept: true, mood: 'sad' });
    expect(kept).toEqual(['sad']);
    const state = await ctx.live.get();
    expect(state.personalExamples).toBe(1);
    // The music follows the camera as before: no hand pick is made.
    expect(state.mood).toEqual(reading);
    expect(state.manualMood).toBeNull();
    const list = await handlersOf(service).listPersonalExamples(undefined, 'extension-page');
    expect(list).toEqual([{ id: expect.any(Number), mood: 'sad', at: ctx.clock.now(), implicit: false }]);
  });

  it('says why nothing was kept: no recent face, or the camera off (no offscreen document to ask)', async () => {
    const stale = setup(true, false);
    expect(await handlersOf(stale.service).keepFaceAsExample({ mood: 'happy' }, 'extension-page')).toEqual({
      kept: false,
      reason: 'no-recent-face',
    });
    const off = setup(false);
    expect(await handlersOf(off.service).keepFaceAsExample({ mood: 'happy' }, 'spotify-tab')).toEqual({
      kept: false,
      reason: 'camera-off',
    });
    expect(off.kept).toEqual([]);
    expect(await stale.ctx.db.personalExamples.count()).toBe(0);
  });

  it('runs the keeping as a writer, so "delete everything" waits for it', async () => {
    const { ctx, service } = setup();
    const writers: string[][] = [];
    const run = ctx.writers.run.bind(ctx.writers);
    ctx.writers.run = (name, work) =>
      run(name, () => {
        writers.push(ctx.writers.running());
        return work();
      });
    await handlersOf(service).keepFaceAsExample({ mood: 'angry' }, 'spotify-tab');
    expect(writers).toEqual([['personal-example']]);
  });

  it('counts the examples the old rule kept until the person keeps them, and remembers the answer', async () => {
    const { ctx, service, changed } = setup();
    await ctx.db.personalExamples.bulkAdd([
      { mood: 'sad', at: 1, example: {}, implicit: true },
      { mood: 'happy', at: 2, example: {}, implicit: true },
      { mood: 'angry', at: 3, example: {} },
    ]);
    await service.start?.();
    expect(await ctx.live.get()).toMatchObject({ personalExamples: 3, implicitExamples: 2 });
    const listed = await handlersOf(service).listPersonalExamples(undefined, 'extension-page');
    expect(listed.map((e) => [e.mood, e.implicit])).toEqual([
      ['angry', false],
      ['happy', true],
      ['sad', true],
    ]);
    await handlersOf(service).keepImplicitExamples(undefined, 'extension-page');
    expect(await ctx.live.get()).toMatchObject({ personalExamples: 3, implicitExamples: 0 });
    expect(await ctx.db.personalExamples.count()).toBe(3);
    expect(changed()).toBe(1);
    // Asked once: a worker that starts again does not ask again.
    await createPersonalExampleService(ctx, {
      offscreen: { isOpen: async () => false },
      channel: stubChannel,
    }).start?.();
    expect((await ctx.live.get()).implicitExamples).toBe(0);
  });

  it('"Clear them" deletes only the examples the old rule kept, and the document reloads', async () => {
    const { ctx, service, changed } = setup();
    await ctx.db.personalExamples.bulkAdd([
      { mood: 'sad', at: 1, example: {}, implicit: true },
      { mood: 'angry', at: 3, example: {} },
    ]);
    await service.start?.();
    await handlersOf(service).clearImplicitExamples(undefined, 'extension-page');
    expect((await ctx.db.personalExamples.toArray()).map((r) => r.mood)).toEqual(['angry']);
    expect(await ctx.live.get()).toMatchObject({ personalExamples: 1, implicitExamples: 0 });
    expect(changed()).toBe(1);
    // Nothing left to ask about, and nothing asked again.
    await ctx.db.personalExamples.add({ mood: 'happy', at: 4, example: {}, implicit: true });
    await service.start?.();
    expect((await ctx.live.get()).implicitExamples).toBe(0);
  });

  it('deletes one or all, recounts, and tells the document each time (and after "delete everything")', async () => {
    const { ctx, service, changed } = setup();
    const ids = await ctx.db.personalExamples.bulkAdd(
      [
        { mood: 'sad', at: 1, example: {} },
        { mood: 'happy', at: 2, example: {} },
        { mood: 'angry', at: 3, example: {} },
      ],
      { allKeys: true },
    );
    await service.start?.();
    expect((await ctx.live.get()).personalExamples).toBe(3);
    const listed = await handlersOf(service).listPersonalExamples(undefined, 'extension-page');
    expect(listed?.map((e) => e.mood)).toEqual(['angry', 'happy', 'sad']);
    await handlersOf(service).deletePersonalExample({ id: ids[0] as number }, 'extension-page');
    expect((await ctx.live.get()).personalExamples).toBe(2);
    expect(changed()).toBe(1);
    await handlersOf(service).deleteAllPersonalExamples(undefined, 'extension-page');
    expect(await ctx.db.personalExamples.count()).toBe(0);
    expect((await ctx.live.get()).personalExamples).toBe(0);
    expect(changed()).toBe(2);
    ctx.events.emit('dataReset', 'delete');
    await ctx.events.idle();
    expect(changed()).toBe(3);
  });
});
