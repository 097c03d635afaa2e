// Test support for background services: a whole `BackgroundContext` made of fakes.
import 'fake-indexeddb/auto';
import { createSerialQueue } from '@/lib/async/serial';
import { createWriters } from '@/lib/async/writers';
import type {
  Alarms,
  BackgroundContext,
  BackgroundEvents,
  Clock,
  Secrets,
  SettingsAccess,
} from '@/lib/background/context';
import { createEventBus } from '@/lib/background/event-bus';
import { type MoodDjDb, openDb } from '@/lib/db/schema';
import type { ErrorTag } from '@/lib/errors/report';
import { INITIAL_LIVE_STATE, type LiveState } from '@/lib/live-state/state';
import type { LiveStateStore } from '@/lib/live-state/store';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { createSpotifyGate, type Refusal } from '@/lib/spotify/gate';
import { createRequestLog, type Usage } from '@/lib/spotify/usage';
import { createMemoryTokenStore } from './spotify';

/**
 * A clock you move by hand: `advance(ms)` runs the timers that fall due, in order. A timer's callback may
 * return a promise for the work it started (as a bus listener does); `advance` waits for it.
 */
export interface FakeClock extends Clock {
  advance(ms: number): Promise<void>;
  readonly pending: number;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), run });
      return id;
    },
    clearTimeout(timer) {
      timers.delete(timer as number);
    },
    get pending() {
      return timers.size;
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        const work: unknown = due[1].run();
        if (isPromiseLike(work)) await work;
        // Let the promise chains the timer started settle before the next one runs.
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = end;
    },
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * The real clock in the shape of a fake one, for a test that drives a service through real timers (e.g.
 * with `vi.waitFor`) rather than by hand; `advance` just waits.
 */
export function systemClock(): FakeClock {
  return {
    now: () => Date.now(),
    setTimeout: (run, ms) => setTimeout(run, ms),
    clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    pending: 0,
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

export interface FakeAlarms extends Alarms {
  /** Alarms by name, as `browser.alarms` would hold them. */
  readonly all: Map<string, { name: string; scheduledTime: number; periodInMinutes?: number }>;
}

export function fakeAlarms(clock: Pick<Clock, 'now'>): FakeAlarms {
  const all = new Map<string, { name: string; scheduledTime: number; periodInMinutes?: number }>();
  return {
    all,
    async create(name, info) {
      const scheduledTime = info.when ?? clock.now() + (info.delayInMinutes ?? info.periodInMinutes ?? 0) * 60_000;
      all.set(name, {
        name,
        scheduledTime,
        ...(info.periodInMinutes !== undefined ? { periodInMinutes: info.periodInMinutes } : {}),
      });
    },
    async clear(name) {
      return all.delete(name);
    },
    async get(name) {
      return all.get(name);
    },
  };
}

/** A live-state store in memory that counts what it would broadcast. */
export interface FakeLiveStore extends LiveStateStore {
  readonly broadcasts: LiveState[];
}

/** `onChange` hears each new state, as the real store hands it to its broadcast (`liveStateChanged`). */
export function fakeLiveStore(
  initial: LiveState = INITIAL_LIVE_STATE,
  onChange: (state: LiveState) => void = () => undefined,
): FakeLiveStore {
  let state = initial;
  const broadcasts: LiveState[] = [];
  const serial = createSerialQueue().run;
  return {
    broadcasts,
    async get() {
      return state;
    },
    update(change) {
      return serial(() => {
        const after = change(state);
        if (JSON.stringify(after) !== JSON.stringify(state)) {
          state = after;
          broadcasts.push(after);
          onChange(after);
        }
        return state;
      });
    },
  };
}

/** Settings in memory; `reads` counts how often a service asked. */
export interface FakeSettings extends SettingsAccess {
  reads: number;
  value: Settings;
}

/** `onChange` hears every update, as the real access reports it (`settingsChanged`, at once). */
export function fakeSettings(
  initial: Settings = DEFAULT_SETTINGS,
  onChange: (change: BackgroundEvents['settingsChanged']) => void = () => undefined,
): FakeSettings {
  const fake: FakeSettings = {
    reads: 0,
    value: initial,
    async get() {
      fake.reads++;
      return fake.value;
    },
    async update(patch) {
      const previous = fake.value;
      fake.value = applySettingsPatch(fake.value, patch);
      onChange({ settings: fake.value, previous });
      return fake.value;
    },
  };
  return fake;
}

export function fakeSecrets(): Secrets {
  let key: string | null = null;
  return {
    spotifyTokens: createMemoryTokenStore(),
    rapidApiKey: {
      async get() {
        return key;
      },
      async set(next) {
        key = next;
      },
    },
  };
}

export interface FakeContext extends BackgroundContext {
  db: MoodDjDb;
  live: FakeLiveStore;
  settings: FakeSettings;
  alarms: FakeAlarms;
  clock: FakeClock;
  /** Everything passed to `report`, in order. */
  reported: unknown[];
  /** The tag of each report, in the same order (undefined when none was given). */
  reportedTags: (ErrorTag | undefined)[];
}

/**
 * A background context of fakes: a fresh fake-indexeddb database, live state and settings in memory, fake
 * alarms and clock. A settings update emits `settingsChanged` and a live-state change `liveStateChanged`, as the
 * real ones do. `spotify` throws unless the test passes one (most services never touch it).
 */
export function fakeContext(overrides: Partial<Omit<FakeContext, 'reported' | 'reportedTags'>> = {}): FakeContext {
  const clock = overrides.clock ?? fakeClock();
  const reported: unknown[] = [];
  const reportedTags: (ErrorTag | undefined)[] = [];
  const report = (error: unknown, tag?: ErrorTag) => {
    reported.push(error);
    reportedTags.push(tag);
  };
  const unusedSpotify = new Proxy({} as SpotifyClient, {
    get(_, method) {
      throw new Error(`This test's context has no Spotify client (it called ${String(method)}).`);
    },
  });
  const events = overrides.events ?? createEventBus(report);
  return {
    db: openDb(`test-${Math.random()}`),
    live: fakeLiveStore(INITIAL_LIVE_STATE, (state) => events.emit('liveStateChanged', state)),
    settings: fakeSettings(DEFAULT_SETTINGS, (change) => events.emit('settingsChanged', change)),
    secrets: fakeSecrets(),
    spotify: unusedSpotify,
    spotifyGate: createSpotifyGate({ store: memoryRefusalStore(), now: () => clock.now() }),
    spotifyRequests: createRequestLog({
      store: memoryUsageStore(),
      now: () => clock.now(),
      setTimeout: (run, ms) => clock.setTimeout(run, ms),
      report,
    }),
    alarms: fakeAlarms(clock),
    events,
    writers: createWriters(),
    report,
    ...overrides,
    clock,
    reported,
    reportedTags,
  };
}

/** A refusal kept in memory, as IndexedDB keeps it in the worker. */
export function memoryRefusalStore(initial: Refusal | null = null) {
  let stored = initial;
  return {
    get: async () => stored,
    set: async (value: Refusal | null) => {
      stored = value;
    },
  };
}

function memoryUsageStore() {
  let stored: Usage = { slots: [] };
  return {
    get: async () => stored,
    set: async (value: Usage) => {
      stored = value;
    },
  };
}
