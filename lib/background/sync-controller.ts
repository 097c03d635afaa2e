import { browser } from 'wxt/browser';
import { createReccoBeats } from '@/lib/audio-features/reccobeats';
import { createSoundNet, testSoundNetKey } from '@/lib/audio-features/soundnet';
import type { FeatureSource } from '@/lib/audio-features/types';
import { db } from '@/lib/db/schema';
import { describeError, reportError } from '@/lib/errors/report';
import { t } from '@/lib/i18n';
import type { SyncProblem, SyncProgress } from '@/lib/live-state/state';
import type { KeyTestResult } from '@/lib/messaging/protocol';
import { getSettings } from '@/lib/settings/store';
import { connect } from '@/lib/spotify/auth';
import { savedTrackRows } from '@/lib/spotify/client';
import { SpotifyAuthError, SpotifyError } from '@/lib/spotify/errors';
import { type DrainResult, drainQueue, queueState, resetSoundNet, setQueuePaused } from '@/lib/sync/feature-queue';
import { libraryCursor, syncLibrary } from '@/lib/sync/library';
import type { LiveStateStore } from '../live-state/store';
import { rapidApiKeyStore, spotifyTokenStore } from './secrets';
import { spotifyClient as client } from './spotify';

/** One alarm drives the feature queue; another lists the library daily. */
export const SYNC_TICK_ALARM = 'sync-tick';
export const LIBRARY_ALARM = 'sync-library';
/** A tick sends requests for at most this long, well inside the worker's 5-minute event limit. */
const TICK_MS = 25_000;
/** If a worker dies mid-tick, this alarm brings it back to resume. */
const WATCHDOG_MS = 30_000;
/** Wait after a network or server fault of Spotify's before the next try. */
const SPOTIFY_RETRY_MS = 60_000;

/**
 * When the feature tick should fire after a drain, or null for no alarm at all: a paused queue or one with
 * nothing due must not wake the worker (the watchdog set at the start of a run is cleared then).
 */
export function nextTickAt(result: DrainResult, now: number): number | null {
  if (result.stoppedBy === 'paused' || result.resumeAt === null) return null;
  if (result.stoppedBy === 'deadline') return now + 1000;
  return Math.max(result.resumeAt, now + 1000);
}

/** The feature providers, made per run (SoundNet with the key stored then). Tests pass fakes. */
export interface SyncSources {
  soundnet(apiKey: string): FeatureSource;
  reccobeats(): FeatureSource;
}

const realSources: SyncSources = {
  soundnet: (apiKey) => createSoundNet({ apiKey }),
  reccobeats: () => createReccoBeats(),
};

type RunOptions = { list: boolean; full: boolean };

export type SyncController = ReturnType<typeof createSyncController>;

/**
 * Library sync and feature fetching for the background: one run at a time, state in
 * IndexedDB, scheduled by alarms so a stopped worker picks up where it was.
 */
export function createSyncController(
  live: LiveStateStore,
  onAnalysed: () => void = () => undefined,
  sources: SyncSources = realSources,
) {
  let running: Promise<void> | null = null;
  let again: RunOptions | null = null;
  /** The last listing's Spotify problem; it stays shown until a listing succeeds. */
  let spotifyIssue: SyncProblem | null = null;
  /** Set while an import or a deletion owns the database: runs stop at a safe point and new ones wait. */
  let suspended = 0;
  /** Aborted on suspension, so a drain waiting out a backoff or its spacing wakes at once. */
  let wake = new AbortController();

  const merge = (a: RunOptions | null, b: RunOptions): RunOptions => ({
    list: (a?.list ?? false) || b.list,
    full: (a?.full ?? false) || b.full,
  });

  /** Runs (or queues behind the current run) a sync step: list the library if asked or unfinished, then drain. */
  function run(options: RunOptions): Promise<void> {
    if (running || suspended > 0) {
      again = merge(again, options);
      return running ?? Promise.resolve();
    }
    running = runOnce(options)
      .catch((error) => reportError('db', error))
      .finally(() => {
        running = null;
        if (suspended > 0) return;
        const next = again;
        again = null;
        if (next) void run(next);
      });
    return running;
  }

  function sleep(ms: number): Promise<void> {
    const { signal } = wake;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async function runOnce(options: { list: boolean; full: boolean }): Promise<void> {
    await browser.alarms.create(SYNC_TICK_ALARM, { when: Date.now() + WATCHDOG_MS });
    const database = db();
    const cursor = await libraryCursor.get(database);
    // An unfinished listing resumes on the next tick, unless Spotify stopped it: then only its own retry
    // alarm or the person retries, so a tick every few seconds never hammers a failing Spotify.
    if (options.list || (cursor.phase === 'listing' && spotifyIssue === null)) {
      // A failed listing still lets the queue drain: features do not need Spotify.
      if (!(await listLibrary(options.full))) await publish();
    }
    const settings = await getSettings();
    const apiKey = await rapidApiKeyStore.get();
    await publish({ phase: 'analysing' });
    const result = await drainQueue(
      {
        db: database,
        soundnet: apiKey ? sources.soundnet(apiKey) : null,
        reccobeats: sources.reccobeats(),
        limits: { dailyBudget: settings.features.dailyBudget, perMinute: settings.features.perMinute },
        now: Date.now,
        sleep,
        random: Math.random,
        shouldStop: () => suspended > 0,
        onProgress: () => {
          void publish({ phase: 'analysing' });
          onAnalysed();
        },
      },
      Date.now() + TICK_MS,
    );
    const nextAt = nextTickAt(result, Date.now());
    if (nextAt === null) await browser.alarms.clear(SYNC_TICK_ALARM);
    else await browser.alarms.create(SYNC_TICK_ALARM, { when: nextAt });
    await publish({ nextBatchAt: nextAt });
  }

  /** Lists the library; false when Spotify stopped it (the problem is published). */
  async function listLibrary(full: boolean): Promise<boolean> {
    if (!(await spotifyTokenStore.get())) {
      // Kept like any listing problem, so the drain that follows does not publish it away.
      spotifyIssue = { kind: 'not-connected', message: t('sync_problem_not_connected') };
      await publish({ problem: spotifyIssue });
      return false;
    }
    try {
      await syncLibrary(
        {
          db: db(),
          now: Date.now,
          shouldStop: () => suspended > 0,
          fetchPage: async (offset, limit) => {
            const page = await client.savedTracks({ offset, limit });
            return {
              tracks: savedTrackRows(page),
              itemCount: page.items.length,
              total: page.total,
              hasNext: page.next !== null,
            };
          },
          onProgress: (cursor) =>
            void live.update((state) => ({
              ...state,
              sync: {
                ...state.sync,
                phase: cursor.phase === 'listing' ? 'listing' : state.sync.phase,
                listed: cursor.offset,
                listTotal: cursor.total,
                problem: null,
              },
            })),
        },
        { full },
      );
      spotifyIssue = null;
      await live.update((state) => ({ ...state, spotify: { ...state.spotify, problem: null } }));
      return true;
    } catch (error) {
      await spotifyProblem(error);
      return false;
    }
  }

  async function spotifyProblem(error: unknown): Promise<void> {
    const kind = error instanceof SpotifyError || error instanceof SpotifyAuthError ? error.kind : null;
    let problem: SyncProblem;
    if (kind === 'not-connected') {
      problem = { kind: 'not-connected', message: t('sync_problem_not_connected') };
    } else if (kind === 'reconnect') {
      problem = { kind: 'reconnect', message: t('sync_problem_reconnect') };
      await live.update((state) => ({
        ...state,
        spotify: { ...state.spotify, problem: t('sync_spotify_signin_rejected') },
      }));
    } else if (kind === 'rate-limited') {
      problem = { kind: 'rate-limited', message: t('sync_problem_rate_limited') };
      await browser.alarms.create(LIBRARY_ALARM, { when: Date.now() + SPOTIFY_RETRY_MS, periodInMinutes: 24 * 60 });
    } else if (kind === 'network') {
      problem = { kind: 'offline', message: t('sync_problem_offline') };
      await browser.alarms.create(LIBRARY_ALARM, { when: Date.now() + SPOTIFY_RETRY_MS, periodInMinutes: 24 * 60 });
    } else if (kind === 'invalid-response') {
      problem = { kind: 'invalid', message: `Spotify sent something unexpected: ${describeError(error)}` };
    } else {
      problem = {
        kind: 'server',
        message: `Spotify had a problem (${describeError(error)}). MoodDJ tries again soon.`,
      };
      await browser.alarms.create(LIBRARY_ALARM, { when: Date.now() + SPOTIFY_RETRY_MS, periodInMinutes: 24 * 60 });
    }
    spotifyIssue = problem;
    await publish({ problem });
  }

  /** Recomputes the counts from the database and publishes them with `patch`. */
  async function publish(patch: Partial<SyncProgress> = {}): Promise<void> {
    const database = db();
    const [tracks, queued, unknown, failed, cursor, queue, alarm] = await Promise.all([
      database.tracks.count(),
      database.featureQueue.count(),
      countStatus('unknown'),
      countStatus('failed'),
      libraryCursor.get(database),
      queueState.get(database),
      browser.alarms.get(SYNC_TICK_ALARM),
    ]);
    const budgetSpent = queue.usedToday >= (await getSettings()).features.dailyBudget;
    const queueProblem: SyncProblem | null = queue.soundnetRejected
      ? { kind: 'key-rejected', message: t('sync_problem_key_rejected') }
      : budgetSpent && queued > unknown
        ? { kind: 'budget', message: t('sync_problem_budget') }
        : queue.blockedUntil > Date.now() && queue.lastError
          ? { kind: queue.lastError.includes('429') ? 'rate-limited' : 'server', message: queue.lastError }
          : null;
    await live.update((state) => {
      const phase = patch.phase ?? (cursor.phase === 'listing' ? 'listing' : queue.paused ? 'paused' : 'idle');
      return {
        ...state,
        soundnet: { ...state.soundnet, rejected: queue.soundnetRejected },
        sync: {
          ...state.sync,
          phase: queue.paused && phase === 'analysing' ? 'paused' : phase,
          tracks,
          // Never below 0, should a queued row outlive its track for a moment.
          analysed: Math.max(0, tracks - queued),
          unknown,
          failed,
          listed: cursor.phase === 'listing' ? cursor.offset : null,
          listTotal: cursor.phase === 'listing' ? cursor.total : null,
          nextBatchAt: patch.nextBatchAt !== undefined ? patch.nextBatchAt : (alarm?.scheduledTime ?? null),
          lastSyncAt: cursor.lastSyncAt,
          problem: patch.problem !== undefined ? patch.problem : (spotifyIssue ?? queueProblem),
        },
      };
    });
  }

  function countStatus(status: 'unknown' | 'failed'): Promise<number> {
    return db()
      .featureQueue.where('[status+nextAttemptAt]')
      .between([status, Number.NEGATIVE_INFINITY], [status, Number.POSITIVE_INFINITY])
      .count();
  }

  return {
    /**
     * Runs `work` with the listing and the drain stopped: an in-flight run finishes its current request or
     * page (a safe point: nothing is half-written), new runs wait, and afterwards one run recounts, reschedules
     * and does what was asked meanwhile plus `then`. For an import or a deletion, which rewrite the tables.
     */
    async exclusive<T>(work: () => Promise<T>, then: RunOptions = { list: false, full: false }): Promise<T> {
      suspended++;
      wake.abort();
      try {
        while (running) await running;
        return await work();
      } finally {
        suspended--;
        if (suspended === 0) {
          wake = new AbortController();
          const next = merge(again, then);
          again = null;
          void run(next);
        }
      }
    },
    /** Restores state after a worker start: live fields, and an interrupted run's alarm. */
    async init(): Promise<void> {
      const [stored, key] = await Promise.all([spotifyTokenStore.get(), rapidApiKeyStore.get()]);
      await live.update((state) => ({
        ...state,
        spotify: { ...state.spotify, connected: stored !== null },
        soundnet: { ...state.soundnet, keySet: key !== null },
      }));
      if (!(await browser.alarms.get(LIBRARY_ALARM))) {
        await browser.alarms.create(LIBRARY_ALARM, { periodInMinutes: 24 * 60 });
      }
      await publish({ phase: 'idle' });
      // A worker stopped mid-sync resumes as soon as it wakes, not only at the next alarm.
      const [cursor, queue, queued] = await Promise.all([
        libraryCursor.get(db()),
        queueState.get(db()),
        db().featureQueue.count(),
      ]);
      if (cursor.phase === 'listing' || (!queue.paused && queued > 0)) void run({ list: false, full: false });
    },
    async onAlarm(name: string): Promise<void> {
      if (name === SYNC_TICK_ALARM) await run({ list: false, full: false });
      else if (name === LIBRARY_ALARM && (await spotifyTokenStore.get())) await run({ list: true, full: false });
    },
    async start(full: boolean): Promise<void> {
      await setQueuePaused(db(), false);
      void run({ list: true, full });
      await publish({ phase: 'listing', problem: null });
    },
    async setPaused(paused: boolean): Promise<void> {
      await setQueuePaused(db(), paused);
      if (!paused) void run({ list: false, full: false });
      else await browser.alarms.clear(SYNC_TICK_ALARM);
      await publish({ phase: paused ? 'paused' : 'analysing' });
    },
    async connect(): Promise<void> {
      const { spotify } = await getSettings();
      if (!spotify.clientId) throw new Error(t('sync_client_id_missing'));
      const fresh = await connect({
        clientId: spotify.clientId,
        redirectUri: browser.identity.getRedirectURL(),
        launchWebAuthFlow: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
      });
      await spotifyTokenStore.set(fresh);
      spotifyIssue = null;
      const me = await client.me();
      await live.update((state) => ({
        ...state,
        spotify: { connected: true, user: me.display_name ?? me.id, problem: null },
      }));
      // The first sync starts straight away.
      void run({ list: true, full: true });
    },
    async disconnect(): Promise<void> {
      await spotifyTokenStore.clear();
      spotifyIssue = null;
      await live.update((state) => ({ ...state, spotify: { connected: false, user: null, problem: null } }));
    },
    async setKey(key: string | null): Promise<void> {
      await rapidApiKeyStore.set(key);
      await resetSoundNet(db(), Date.now(), key !== null);
      await live.update((state) => ({ ...state, soundnet: { keySet: key !== null, rejected: false } }));
      await publish();
      if (key) void run({ list: false, full: false });
    },
    async testKey(key: string | null): Promise<KeyTestResult> {
      const apiKey = key ?? (await rapidApiKeyStore.get());
      if (!apiKey) return 'no-key';
      return testSoundNetKey({ apiKey });
    },
  };
}
