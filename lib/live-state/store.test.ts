import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE_STATE, type LiveState } from './state';
import { createLiveStateStore, type LiveStateItem } from './store';

/** A store over memory, with the broadcasts it sent and a hand-run "end of task". */
function setup(stored: unknown = null) {
  let value = stored;
  const item: LiveStateItem & { reads: number; writes: number } = {
    reads: 0,
    writes: 0,
    async getValue() {
      item.reads++;
      return value;
    },
    async setValue(next) {
      item.writes++;
      value = next;
    },
  };
  const broadcasts: LiveState[] = [];
  let pending: (() => void)[] = [];
  const store = createLiveStateStore({
    item,
    broadcast: (state) => broadcasts.push(state),
    defer: (run) => pending.push(run),
  });
  const endTask = () => {
    const runs = pending;
    pending = [];
    for (const run of runs) run();
  };
  return { store, item, broadcasts, endTask, stored: () => value };
}

describe('createLiveStateStore', () => {
  it('sends one broadcast per task with the latest state, and writes the stored value on every change', async () => {
    const { store, item, broadcasts, endTask, stored } = setup();
    await store.update((s) => ({ ...s, spotifyTabs: 1 }));
    await store.update((s) => ({ ...s, dj: { ...s.dj, busy: true } }));
    await store.update((s) => ({ ...s, dj: { ...s.dj, busy: false }, spotifyTabs: 2 }));
    expect(broadcasts).toHaveLength(0);
    expect(item.writes).toBe(3);
    expect((stored() as LiveState).spotifyTabs).toBe(2);
    endTask();
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.spotifyTabs).toBe(2);
    expect(broadcasts[0]?.dj.busy).toBe(false);
    await store.update((s) => ({ ...s, spotifyTabs: 3 }));
    endTask();
    expect(broadcasts.map((s) => s.spotifyTabs)).toEqual([2, 3]);
  });

  it('sends nothing and writes nothing when an update changes nothing', async () => {
    const { store, item, broadcasts, endTask } = setup();
    await store.update((s) => ({ ...s }));
    endTask();
    expect(broadcasts).toHaveLength(0);
    expect(item.writes).toBe(0);
  });

  it('serialises updates so two quick changes both land', async () => {
    const { store } = setup();
    await Promise.all([
      store.update((s) => ({ ...s, spotifyTabs: s.spotifyTabs + 1 })),
      store.update((s) => ({ ...s, spotifyTabs: s.spotifyTabs + 1 })),
    ]);
    expect((await store.get()).spotifyTabs).toBe(2);
  });

  it('picks up the stored state after a worker restart, and reads the storage only once', async () => {
    const saved = { ...INITIAL_LIVE_STATE, spotifyTabs: 4 };
    const { store, item } = setup(saved);
    expect((await store.get()).spotifyTabs).toBe(4);
    const next = await store.update((s) => ({ ...s, manualMood: 'happy' }));
    expect(next).toMatchObject({ spotifyTabs: 4, manualMood: 'happy' });
    await store.get();
    expect(item.reads).toBe(1);
  });

  it('starts from the initial state when the stored value does not fit the schema, and repairs it', async () => {
    const { store, stored } = setup({ camera: 'nonsense' });
    expect(await store.get()).toEqual(INITIAL_LIVE_STATE);
    expect(stored()).toEqual(INITIAL_LIVE_STATE);
  });
});
