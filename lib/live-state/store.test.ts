import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS, liveStateSchema } from './schema';
import { INITIAL_LIVE_STATE, type LiveState, type SuggestedTrack } from './state';
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
  const reported: unknown[] = [];
  let pending: (() => void)[] = [];
  const store = createLiveStateStore({
    item,
    broadcast: (state) => broadcasts.push(state),
    defer: (run) => pending.push(run),
    report: (error) => reported.push(error),
  });
  const endTask = () => {
    const runs = pending;
    pending = [];
    for (const run of runs) run();
  };
  return { store, item, broadcasts, reported, endTask, stored: () => value };
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

  it('cuts a text over its bound before storing and broadcasting, so every receiver accepts the state', async () => {
    const { store, broadcasts, reported, endTask, stored } = setup();
    const long = suggestion('t1', 'x'.repeat(5000));
    // A track with more artists than a state carries, each name too long as well.
    const crowded = { ...suggestion('t2', 'Fine'), artists: Array.from({ length: 150 }, () => 'a'.repeat(3000)) };
    await store.update((s) => ({
      ...s,
      dj: { ...s.dj, suggestions: [long, crowded], nowPlaying: { name: 'y'.repeat(2001), artists: [], kind: 'track' } },
      camera: { ...s.camera, detail: 'z'.repeat(LIVE_LIMITS.text) },
    }));
    endTask();
    expect(reported).toEqual([]);
    expect(broadcasts).toHaveLength(1);
    const sent = broadcasts[0] as LiveState;
    // What a surface does with a broadcast: check it against the schema.
    expect(liveStateSchema.safeParse(sent).success).toBe(true);
    const [first, second] = sent.dj.suggestions;
    expect(first?.name).toHaveLength(LIVE_LIMITS.text);
    expect(first?.name).toBe(`${'x'.repeat(LIVE_LIMITS.text - 1)}…`);
    expect(second?.name).toBe('Fine');
    expect(second?.artists).toHaveLength(LIVE_LIMITS.list);
    expect(second?.artists.every((name) => name.length === LIVE_LIMITS.text && name.endsWith('…'))).toBe(true);
    expect(sent.dj.nowPlaying?.name).toHaveLength(LIVE_LIMITS.text);
    // A text exactly at its bound is left whole.
    expect(sent.camera.detail).toBe('z'.repeat(LIVE_LIMITS.text));
    expect(stored()).toEqual(sent);
    expect(await store.get()).toEqual(sent);
  });

  it('cuts a problem detail to its own, smaller bound', async () => {
    const { store, reported } = setup();
    const next = await store.update((s) => ({
      ...s,
      dj: { ...s.dj, problem: { kind: 'unknown', detail: 'd'.repeat(5000) } },
    }));
    expect(reported).toEqual([]);
    expect(liveStateSchema.safeParse(next).success).toBe(true);
    const problem = next.dj.problem;
    expect(problem?.kind === 'unknown' && problem.detail.length).toBe(500);
  });

  it('refuses an update that is invalid in another way: reported, nothing stored or sent, the state kept', async () => {
    const { store, item, broadcasts, reported, endTask } = setup();
    const before = await store.update((s) => ({ ...s, spotifyTabs: 2 }));
    endTask();
    const writes = item.writes;
    const answer = await store.update((s) => ({
      ...s,
      spotifyTabs: 3,
      // Also too long, and would be cut; the NaN cannot be repaired.
      dj: { ...s.dj, relaxed: Number.NaN, suggestions: [suggestion('t1', 'x'.repeat(5000))] },
    }));
    endTask();
    expect(answer).toEqual(before);
    expect(await store.get()).toEqual(before);
    expect(item.writes).toBe(writes);
    expect(broadcasts).toHaveLength(1);
    expect(reported).toHaveLength(1);
    expect(String(reported[0])).toContain('dj.relaxed');
    // The report says where, never the values (track names are the person's).
    expect(String(reported[0])).not.toContain('xxxx');
    // The store still takes a valid update afterwards.
    expect((await store.update((s) => ({ ...s, spotifyTabs: 4 }))).spotifyTabs).toBe(4);
  });

  it('fits a cached state with a text over its bound instead of throwing it away', async () => {
    const cached = {
      ...INITIAL_LIVE_STATE,
      spotifyTabs: 2,
      spotify: { connected: true, user: 'u'.repeat(3000), problem: null },
    };
    const { store, reported } = setup(cached);
    const state = await store.get();
    expect(state.spotifyTabs).toBe(2);
    expect(state.spotify.user).toHaveLength(LIVE_LIMITS.text);
    expect(reported).toEqual([]);
  });
});

function suggestion(id: string, name: string): SuggestedTrack {
  return {
    id,
    uri: `spotify:track:${id}`,
    name,
    artists: ['Someone'],
    valence: 0.5,
    energy: 0.5,
    tempo: 120,
    reason: { widened: 0, outside: [], distance: 0, lift: null },
    queued: false,
  };
}
