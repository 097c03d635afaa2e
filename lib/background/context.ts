import type { Writers } from '@/lib/async/writers';
import type { MoodDjDb } from '@/lib/db/schema';
import type { ErrorTag } from '@/lib/errors/report';
import type { CurrentMood, LiveState } from '@/lib/live-state/state';
import type { LiveStateStore } from '@/lib/live-state/store';
import type { Implementation } from '@/lib/messaging/contract';
import type { BackgroundHandlers } from '@/lib/protocol';
import type { Settings, SettingsPatch } from '@/lib/settings/schema';
import type { TokenStore } from '@/lib/spotify/auth';
import type { SpotifyClient } from '@/lib/spotify/client';
import type { SpotifyGate } from '@/lib/spotify/gate';
import type { RequestLog } from '@/lib/spotify/usage';

/** Time, injectable: services never call `Date.now` or `setTimeout` themselves. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** The part of `browser.alarms` services use; tests pass an in-memory fake. */
export interface Alarms {
  create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): Promise<void>;
  clear(name: string): Promise<boolean>;
  get(name: string): Promise<{ name: string; scheduledTime: number; periodInMinutes?: number } | undefined>;
}

/**
 * Settings, read once and then kept current by the storage watch: a service asks `get()` as often as it likes
 * and the storage is read once per change, not once per question.
 */
export interface SettingsAccess {
  get(): Promise<Settings>;
  /** Validates and saves; the new value is what `get()` answers from then on. */
  update(patch: SettingsPatch): Promise<Settings>;
}

/** The secrets only the background holds (IndexedDB `secrets`). */
export interface Secrets {
  spotifyTokens: TokenStore;
  rapidApiKey: { get(): Promise<string | null>; set(key: string | null): Promise<void> };
}

/**
 * What happened in one service that another reacts to. Services never call each other; they emit and
 * listen here, so each can be tested alone.
 */
export interface BackgroundEvents {
  /** The mood in effect changed (camera or manual pick), or went away. */
  moodChanged: CurrentMood | null;
  /** New audio features were stored. */
  featuresAnalysed: undefined;
  /** Settings changed (any context wrote them). `previous` is null at the first read. */
  settingsChanged: { settings: Settings; previous: Settings | null };
  /** The number of web-player tabs with a live panel changed. */
  panelsChanged: number;
  /** An import replaced the data, or "delete everything" emptied it. */
  dataReset: 'import' | 'delete';
  /** The person connected Spotify (a new sign-in) or disconnected it on purpose. */
  spotifyConnection: 'connected' | 'disconnected';
  /** Spotify refused the sign-in (refresh token refused, or a scope missing): only connecting again helps. */
  spotifySignedOut: undefined;
  /**
   * The live state as the surfaces get it (one per task, with its broadcast), for a service that shows what the
   * state says outside the pages (the camera's badge on the toolbar button).
   */
  liveStateChanged: LiveState;
}

export interface EventBus {
  emit<K extends keyof BackgroundEvents>(event: K, value: BackgroundEvents[K]): void;
  /** Returns a function that stops listening. */
  on<K extends keyof BackgroundEvents>(event: K, listener: (value: BackgroundEvents[K]) => void): () => void;
  /**
   * Resolves once the work listeners started has settled, including the work of the events that work
   * emitted. A listener hands its work over by returning its promise (a failure goes to `report`).
   */
  idle(): Promise<void>;
}

/** Everything a background service may use. Built once by the root (`main.ts`), faked in tests. */
export interface BackgroundContext {
  db: MoodDjDb;
  live: LiveStateStore;
  settings: SettingsAccess;
  secrets: Secrets;
  spotify: SpotifyClient;
  /** Whether Spotify is refusing MoodDJ's requests, and until when; the client asks it before every request. */
  spotifyGate: SpotifyGate;
  /** The Web API requests MoodDJ made (last hour, last 24 hours). */
  spotifyRequests: RequestLog;
  alarms: Alarms;
  clock: Clock;
  events: EventBus;
  /**
   * The writers of the person's data (a queue call, a session save, a calibration): "delete everything" and
   * an import wait for them (`writers.exclusive`) so none writes its rows back afterwards.
   */
  writers: Writers;
  /** Reports a failure through the background's one error funnel, tagged by where it came from. */
  report(error: unknown, tag?: ErrorTag): void;
}

/**
 * A feature of the background: its message handlers and alarms in one table, and what it does when the
 * worker starts. No two services handle the same message or alarm (the root checks).
 */
export interface Service {
  name: string;
  /** The contracts it implements, each with its handlers (`implement(contract, { … })`). */
  handles?: readonly Implementation[];
  /** Alarm name → what to do when it fires. Alarm names are owned by the service that handles them. */
  alarms?: Record<string, () => Promise<void>>;
  /** Runs on every worker start, after all services are built (restore state, re-create alarms). */
  start?(): Promise<void>;
}

/** Merges the services' tables; a message or alarm claimed twice is a programming error. */
export function serviceTables(services: readonly Service[]): {
  implementations: Implementation[];
  handlers: BackgroundHandlers;
  alarms: Map<string, () => Promise<void>>;
} {
  const handlers: Record<string, unknown> = {};
  const alarms = new Map<string, () => Promise<void>>();
  const implementations: Implementation[] = [];
  for (const service of services) {
    for (const implementation of service.handles ?? []) {
      implementations.push(implementation);
      for (const [type, handler] of Object.entries(implementation.handlers)) {
        if (type in handlers) throw new Error(`Two services handle "${type}" (the second is ${service.name}).`);
        handlers[type] = handler;
      }
    }
    for (const [name, run] of Object.entries(service.alarms ?? {})) {
      if (alarms.has(name)) throw new Error(`Two services handle the alarm "${name}" (the second is ${service.name}).`);
      alarms.set(name, run);
    }
  }
  return { implementations, handlers: handlers as BackgroundHandlers, alarms };
}
