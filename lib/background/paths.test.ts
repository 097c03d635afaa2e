import { describe, expect, it } from 'vitest';
import { createOffscreenManager } from '@/lib/camera/offscreen-manager';
import { createCameraService } from '@/lib/camera/service';
import { createDjService } from '@/lib/dj/service';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import { createLiveStateStore } from '@/lib/live-state/store';
import { createPanelViewService } from '@/lib/panel/panel-service';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { fakeContext } from '@/test/support/background';
import { makeFeatures } from '@/test/support/data-fixtures';
import { handlersOf } from '@/test/support/handlers';
import { makeLibrary } from '@/test/support/sync-fixtures';
import type { BackgroundContext } from './context';
import { createEventBus } from './event-bus';
import { createSettingsAccess } from './settings-access';
import { panelCollapsedItem } from './worker-apis';

// The cost of two everyday paths, measured: how often the settings storage is read
// and how many live-state broadcasts go out. These pin the new figures.

function realParts(initial: Settings) {
  let stored = initial;
  const storage = { reads: 0 };
  const broadcasts: LiveState[] = [];
  const reported: unknown[] = [];
  const events = createEventBus((error) => reported.push(error));
  const settings = createSettingsAccess(
    {
      read: async () => {
        storage.reads++;
        return stored;
      },
      write: async (next) => {
        stored = next;
      },
      watch: () => () => undefined,
    },
    (change) => events.emit('settingsChanged', change),
  );
  let value: unknown = INITIAL_LIVE_STATE;
  const live = createLiveStateStore({
    broadcast: (state) => broadcasts.push(state),
    item: {
      getValue: async () => value,
      setValue: async (next) => {
        value = next;
      },
    },
  });
  const ctx: BackgroundContext = { ...fakeContext({ events }), settings, live };
  return { ctx, storage, broadcasts, reported };
}

const endOfTask = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('measured paths', () => {
  it('a camera mood change reads the settings storage at most once and sends one broadcast', async () => {
    const on = { ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, enabled: true } };
    const { ctx, storage, broadcasts } = realParts(on);
    let exists = false;
    const offscreen = createOffscreenManager({
      hasDocument: async () => exists,
      async create() {
        exists = true;
      },
      async close() {
        exists = false;
      },
    });
    const channel = {
      ping: async () => true,
      configure: async () => undefined,
      calibrate: async () => ({ ok: true as const, frames: 9 }),
      calibrationCleared: async () => undefined,
      readStats: async () => ({
        frames: 0,
        faceFrames: 0,
        inferenceMs: null,
        streamStartedAt: null,
        firstMoodAt: null,
      }),
    };
    const camera = createCameraService(ctx, {
      offscreen,
      channel,
      idle: { query: async () => false, onChange: () => undefined },
    });
    ctx.events.emit('panelsChanged', 1);
    await endOfTask();
    const readsBefore = storage.reads;
    const sentBefore = broadcasts.length;
    let moodEvents = 0;
    ctx.events.on('moodChanged', () => moodEvents++);

    await handlersOf(camera).cameraReport(
      { status: 'running', reading: { mood: 'happy', confidence: 0.8, noFace: false } },
      'offscreen',
    );
    await endOfTask();

    expect(storage.reads - readsBefore).toBe(0);
    expect(storage.reads).toBeLessThanOrEqual(1);
    expect(broadcasts.length - sentBefore).toBe(1);
    expect(broadcasts.at(-1)?.mood?.mood).toBe('happy');
    expect(moodEvents).toBe(1);
  });

  it("the panel's DJ switch answers with an acknowledgement and its new state arrives in one broadcast", async () => {
    const { ctx, storage, broadcasts } = realParts(DEFAULT_SETTINGS);
    createPanelViewService(ctx, panelCollapsedItem());
    const dj = createDjService(ctx);
    await ctx.settings.get();
    await endOfTask();
    const sentBefore = broadcasts.length;
    const answer = await handlersOf(dj).updateDjSettings({ autoDj: true, mode: 'lift' }, 'spotify-tab');
    await endOfTask();
    expect(answer).toBeUndefined();
    expect(storage.reads).toBe(1);
    expect(broadcasts.length - sentBefore).toBe(1);
    expect(broadcasts.at(-1)?.dj).toMatchObject({ autoDj: true, mode: 'lift' });
  });

  it('a burst of DJ updates in one task (busy, queued, new suggestions, not busy) goes out as one broadcast', async () => {
    const { ctx, broadcasts } = realParts(DEFAULT_SETTINGS);
    const publish = (change: (dj: LiveState['dj']) => LiveState['dj']) =>
      ctx.live.update((state) => ({ ...state, dj: change(state.dj) }));
    await publish((dj) => ({ ...dj, busy: true }));
    await publish((dj) => ({ ...dj, suggestions: [] }));
    await publish((dj) => ({ ...dj, forMood: 'happy' }));
    await publish((dj) => ({ ...dj, busy: false }));
    await endOfTask();
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.dj).toMatchObject({ busy: false, forMood: 'happy' });
  });
});

describe('measured paths: "Queue 5"', () => {
  it('answers with an acknowledgement, reads no settings from storage, and sends at most three broadcasts', async () => {
    const { ctx: base, storage, broadcasts } = realParts(DEFAULT_SETTINGS);
    const queued: string[] = [];
    const spotify = {
      devices: async () => [
        { id: 'web-player', is_active: true, name: 'Web Player (Chrome)', type: 'Computer', is_restricted: false },
      ],
      async queue(uri: string) {
        queued.push(uri);
      },
      currentlyPlaying: async () => null,
    } as unknown as SpotifyClient;
    let settingsAsked = 0;
    const ctx: BackgroundContext = {
      ...base,
      spotify,
      settings: {
        get: () => {
          settingsAsked++;
          return base.settings.get();
        },
        update: (patch) => base.settings.update(patch),
      },
    };
    const library = makeLibrary(40);
    await ctx.db.tracks.bulkAdd(library.map((t) => ({ ...t, seenInSync: 1 })));
    await ctx.db.features.bulkAdd(library.map((t, i) => makeFeatures(t.id, i)));
    const dj = createDjService(ctx, { seed: () => 7 });
    await ctx.live.update((state) => ({
      ...state,
      mood: { mood: 'happy', confidence: 1, since: 0, source: 'manual' },
    }));
    // The root reads the settings once when the worker starts.
    await ctx.settings.get();
    await endOfTask();
    const sentBefore = broadcasts.length;
    const askedBefore = settingsAsked;
    const readsBefore = storage.reads;

    const answer = await handlersOf(dj).queueTracks({ count: 5 }, 'spotify-tab');
    await endOfTask();

    expect(answer).toBeUndefined();
    expect(queued).toHaveLength(5);
    // Before: four full broadcasts plus a reply carrying the whole state, and four settings reads from storage.
    // Now: the settings come from the cache (asked a few times, read from storage not at all on this path), and
    // the DJ's updates (busy, queued, new suggestions, not busy) go out in at most three broadcasts.
    expect(storage.reads - readsBefore).toBe(0);
    expect(settingsAsked - askedBefore).toBeGreaterThan(0);
    expect(broadcasts.length - sentBefore).toBeLessThanOrEqual(3);
    expect(broadcasts.at(-1)?.dj.busy).toBe(false);
  });
});
