import { describe, expect, it } from 'vitest';
import { fakeContext } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { createPersonalExampleService, type PersonalChannel } from './personal-service';
import { createMoodService } from './service';
import type { Mood } from './types';

function setup(open = true) {
  const ctx = fakeContext();
  const kept: Mood[] = [];
  let changed = 0;
  const channel: PersonalChannel = {
    keep: async (mood) => {
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
  it('a hand pick against the running camera keeps an example of the picked mood; the list shows mood and time only', async () => {
    const { ctx, service, mood, kept } = setup();
    await service.start?.();
    await ctx.live.update((s) => ({
      ...s,
      camera: running,
      mood: { mood: 'neutral', confidence: 0.8, since: ctx.clock.now(), source: 'camera' },
    }));
    await handlersOf(mood).setManualMood('sad', 'spotify-tab');
    await ctx.events.idle();
    expect((await ctx.live.get()).personalExamples).toBe(1);
    expect(kept).toEqual(['sad']);
    const list = await handlersOf(service).listPersonalExamples(undefined, 'extension-page');
    expect(list).toEqual([{ id: expect.any(Number), mood: 'sad', at: ctx.clock.now() }]);
  });

  it('keeps nothing when the camera did not show a mood, showed the same one, or is not running', async () => {
    const { ctx, mood, kept } = setup();
    await handlersOf(mood).setManualMood('sad', 'spotify-tab');
    await ctx.live.update((s) => ({
      ...s,
      manualMood: null,
      camera: running,
      mood: { mood: 'sad', confidence: 0.8, since: 0, source: 'camera' },
    }));
    await handlersOf(mood).setManualMood('sad', 'spotify-tab');
    await ctx.live.update((s) => ({
      ...s,
      manualMood: null,
      camera: { ...running, status: 'paused' },
      mood: { mood: 'happy', confidence: 0.8, since: 0, source: 'camera' },
    }));
    await handlersOf(mood).setManualMood('sad', 'spotify-tab');
    await ctx.live.update((s) => ({ ...s, manualMood: null, camera: running, mood: null }));
    await handlersOf(mood).setManualMood(null, 'spotify-tab');
    await ctx.events.idle();
    expect(kept).toEqual([]);
  });

  it('asks nothing of a closed offscreen document', async () => {
    const { ctx, mood, kept } = setup(false);
    await ctx.live.update((s) => ({
      ...s,
      camera: running,
      mood: { mood: 'neutral', confidence: 0.8, since: 0, source: 'camera' },
    }));
    await handlersOf(mood).setManualMood('angry', 'spotify-tab');
    await ctx.events.idle();
    expect(kept).toEqual([]);
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
