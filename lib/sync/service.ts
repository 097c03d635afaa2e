import type { BackgroundContext, Service } from '@/lib/background/context';
import type { SyncProblem, SyncProgress } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import { problemFacts, retryAt, spotifyProblem } from '@/lib/spotify/problems';
import { drainQueue } from './feature-queue';
import { type LibraryCursor, libraryCursor, syncLibrary, toLibraryPage, unreadableItems, withListing } from './library';
import { syncMessages } from './messages';
import { queueProblem } from './problems';
import { queueState, setQueuePaused } from './queue-state';
import { type HostAccess, soundnetKey } from './soundnet-key';
import { forgetPlaylistOwner, playlistChoices, playlistPass, type SourcePassDeps } from './source-pass';
import { nextTickAt, realSources, type SyncSources } from './sources';

/** One alarm drives the feature queue; another lists the library daily. Both are this service's. */
export const SYNC_TICK_ALARM = 'sync-tick';
export const LIBRARY_ALARM = 'sync-library';
/** A tick sends requests for at most this long, well inside the worker's 5-minute event limit. */
const TICK_MS = 25_000;
/** If a worker dies mid-tick, this alarm brings it back to resume. */
const WATCHDOG_MS = 30_000;
/** Wait after a network or server fault of Spotify's before the next try (longer if Spotify asks: Retry-After). */
const SPOTIFY_RETRY_MS = 60_000;
/** Analysis progress is published at most this often (coalesced): each publish sends the whole state around. */
export const PROGRESS_EVERY_MS = 500;
const DAY_MINUTES = 24 * 60;

/** The pause between two pages of a listing (a 10,000-track library: 200 pages, under a minute). */
export const LIST_PAGE_GAP_MS = 250;

export interface SyncDeps {
  /** @default LIST_PAGE_GAP_MS */
  listPageGapMs?: number;
  sources?: SyncSources;
  /** 0–1, for the queue's jitter. @default Math.random */
  random?: () => number;
  /** The browser's grant of SoundNet's host (an optional host permission). */
  access: HostAccess;
}

type RunOptions = { list: boolean; full: boolean };

/** The sync service, plus the one thing the data service needs from it. */
export interface SyncService extends Service {
  /**
   * Runs `work` with the listing and the drain stopped: an in-flight run finishes its current request or
   * page (a safe point: nothing is half-written), new runs wait, and afterwards one run recounts, reschedules
   * and does what was asked meanwhile plus `then`. For an import or a deletion, which rewrite the tables.
   */
  exclusive<T>(work: () => Promise<T>, then?: RunOptions): Promise<T>;
}

/**
 * Library sync and audio-feature analysis: one run at a time (list the library when asked or unfinished, then
 * drain the feature queue), state in IndexedDB, scheduled by alarms so a stopped worker picks up where it was.
 * One service rather than two because both share the run lock, the safe point `exclusive` waits for, and the
 * one `sync` progress the surfaces show.
 */
export function createSyncService(ctx: BackgroundContext, deps: SyncDeps): SyncService {
  const { db, clock, alarms, live } = ctx;
  const sources = deps.sources ?? realSources;
  const random = deps.random ?? Math.random;
  let running: Promise<void> | null = null;
  let again: RunOptions | null = null;
  /** The last listing's Spotify problem; it stays shown until a listing succeeds. */
  let spotifyIssue: SyncProblem | null = null;
  let newSignIn = false;
  /** Set while an import or a deletion owns the database: runs stop at a safe point and new ones wait. */
  let suspended = 0;
  /** Aborted on suspension, so a drain waiting out a backoff or its spacing wakes at once. */
  let wake = new AbortController();
  let progressTimer: unknown = null;
  let lastPublishAt = Number.NEGATIVE_INFINITY;

  const merge = (a: RunOptions | null, b: RunOptions): RunOptions => ({
    list: (a?.list ?? false) || b.list,
    full: (a?.full ?? false) || b.full,
  });

  /** Runs (or queues behind the current run) a sync step. */
  function run(options: RunOptions): Promise<void> {
    if (running || suspended > 0) {
      again = merge(again, options);
      return running ?? Promise.resolve();
    }
    running = runOnce(options)
      .catch((error) => ctx.report(error, 'sync'))
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
      const done = () => {
        clock.clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  async function runOnce(options: RunOptions): Promise<void> {
    await alarms.create(SYNC_TICK_ALARM, { when: clock.now() + WATCHDOG_MS });
    const cursor = await libraryCursor.get(db);
    // An unfinished listing resumes on the next tick, unless Spotify stopped it: then only its own retry
    // alarm or the person retries, so a tick every few seconds never hammers a failing Spotify.
    if (options.list || (cursor.phase === 'listing' && spotifyIssue === null)) {
      // A failed listing still lets the queue drain: features do not need Spotify.
      if (!(await listLibrary(options.full))) await publish();
    }
    const settings = await ctx.settings.get();
    // None while the browser does not grant SoundNet's host: Options asks the person for it instead.
    const apiKey = await key.usableKey();
    await publish({ phase: 'analysing' });
    const result = await drainQueue(
      {
        db,
        soundnet: apiKey ? sources.soundnet(apiKey) : null,
        reccobeats: sources.reccobeats(),
        limits: {
          dailyBudget: settings.features.dailyBudget,
          perMinute: settings.features.perMinute,
          soundnetDailyBudget: settings.features.soundnetDailyBudget,
        },
        now: () => clock.now(),
        sleep,
        random,
        shouldStop: () => suspended > 0,
        onProgress: progressed,
      },
      clock.now() + TICK_MS,
    );
    if (progressTimer !== null) {
      // The publish below carries it; the DJ still hears that features arrived.
      clock.clearTimeout(progressTimer);
      progressTimer = null;
      ctx.events.emit('featuresAnalysed', undefined);
    }
    const nextAt = nextTickAt(result, clock.now());
    if (nextAt === null) await alarms.clear(SYNC_TICK_ALARM);
    else await alarms.create(SYNC_TICK_ALARM, { when: nextAt });
    await publish({ nextBatchAt: nextAt });
  }

  /** After each feature request: one coalesced publish (and `featuresAnalysed`) per `PROGRESS_EVERY_MS`. */
  function progressed(): void {
    if (progressTimer !== null) return;
    const wait = Math.max(0, lastPublishAt + PROGRESS_EVERY_MS - clock.now());
    progressTimer = clock.setTimeout(() => {
      progressTimer = null;
      ctx.events.emit('featuresAnalysed', undefined);
      publish({ phase: 'analysing' }).catch((error) => ctx.report(error, 'sync'));
    }, wait);
  }

  /** Lists the library; false when Spotify stopped it (the problem is published). */
  async function listLibrary(full: boolean): Promise<boolean> {
    if (!(await ctx.secrets.spotifyTokens.get())) {
      // Kept like any listing problem, so the drain that follows does not publish it away.
      spotifyIssue = { kind: 'not-connected' };
      await publish({ problem: spotifyIssue });
      return false;
    }
    let pages = 0;
    // Every request of a listing is spaced out, so it never bursts into Spotify's rolling rate-limit window.
    const gap = () => sleep(deps.listPageGapMs ?? LIST_PAGE_GAP_MS);
    try {
      const { sources } = await ctx.settings.get();
      if (sources.likedSongs) {
        const fetchPage = async (offset: number, limit: number) => {
          if (pages++ > 0) await gap();
          return toLibraryPage(await ctx.spotify.savedTracks({ offset, limit }));
        };
        const onProgress = (cursor: LibraryCursor) => void live.update((state) => withListing(state, cursor));
        await syncLibrary(
          { db, now: () => clock.now(), shouldStop: () => suspended > 0, fetchPage, onProgress },
          { full },
        );
      }
      if (newSignIn) newSignIn = !(await forgetPlaylistOwner(db));
      await playlistPass(passDeps(gap), sources);
      spotifyIssue = null;
      return true;
    } catch (error) {
      const problem = spotifyProblem(error, clock.now());
      const { report, signedOut } = problemFacts(problem);
      if (report) ctx.report(error, 'spotify');
      if (signedOut) ctx.events.emit('spotifySignedOut', undefined);
      const when = retryAt(problem, clock.now() + SPOTIFY_RETRY_MS);
      if (when !== null) await alarms.create(LIBRARY_ALARM, { when, periodInMinutes: DAY_MINUTES });
      spotifyIssue = problem;
      await publish({ problem });
      return false;
    }
  }

  function passDeps(gap: () => Promise<void>): SourcePassDeps {
    return { db, spotify: ctx.spotify, now: () => clock.now(), gap, shouldStop: () => suspended > 0 };
  }

  /** Recomputes the counts from the database and publishes them with `patch`. */
  async function publish(patch: Partial<SyncProgress> = {}): Promise<void> {
    lastPublishAt = clock.now();
    const [tracks, queued, unknown, failed, cursor, queue, alarm, settings] = await Promise.all([
      db.tracks.count(),
      db.featureQueue.count(),
      countStatus('unknown'),
      countStatus('failed'),
      libraryCursor.get(db),
      queueState.get(db),
      alarms.get(SYNC_TICK_ALARM),
      ctx.settings.get(),
    ]);
    const fromQueue = queueProblem(queue, { queued, unknown }, settings.features.dailyBudget, clock.now());
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
          unreadable: unreadableItems(cursor),
          nextBatchAt: patch.nextBatchAt !== undefined ? patch.nextBatchAt : (alarm?.scheduledTime ?? null),
          lastSyncAt: cursor.lastSyncAt,
          problem: patch.problem !== undefined ? patch.problem : (spotifyIssue ?? fromQueue),
        },
      };
    });
  }

  function countStatus(status: 'unknown' | 'failed'): Promise<number> {
    return db.featureQueue
      .where('[status+nextAttemptAt]')
      .between([status, Number.NEGATIVE_INFINITY], [status, Number.POSITIVE_INFINITY])
      .count();
  }

  async function exclusive<T>(work: () => Promise<T>, then: RunOptions = { list: false, full: false }): Promise<T> {
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
  }

  const key = soundnetKey(ctx, {
    access: deps.access,
    sources,
    publish: () => publish(),
    resume: () => void run({ list: false, full: false }),
  });

  ctx.events.on('spotifyConnection', (change) => {
    spotifyIssue = null;
    // The first sync starts straight away. Not handed to the bus: a run is paced by the clock and may
    // last minutes (`exclusive` is how others wait for it), so `events.idle()` would wait on the pacing.
    // Another account may have signed in: whose playlists are whose is asked again (`newSignIn`).
    newSignIn ||= change === 'connected';
    if (change === 'connected') void run({ list: true, full: true });
    else return publish().catch((error) => ctx.report(error, 'sync'));
  });
  // A source chosen or dropped in Options: list again (new playlists in, dropped ones out).
  ctx.events.on('settingsChanged', ({ settings: now, previous }) => {
    if (previous && JSON.stringify(now.sources) !== JSON.stringify(previous.sources))
      void run({ list: true, full: false });
  });
  ctx.events.on('dataReset', () => {
    spotifyIssue = null;
  });

  return {
    name: 'sync',
    exclusive,
    handles: [
      implement(syncMessages, {
        startSync: async ({ full }) => {
          // "Sync now" after fixing the dashboard or the owner's Premium: Spotify is asked again at once (a
          // quota or a rate limit keeps its time: the gate refuses without asking).
          await ctx.spotifyGate.retryNow();
          await setQueuePaused(db, false, clock.now());
          void run({ list: true, full });
          await publish({ phase: 'listing', problem: null });
        },
        setSyncPaused: async (paused) => {
          await setQueuePaused(db, paused, clock.now());
          if (!paused) void run({ list: false, full: false });
          else await alarms.clear(SYNC_TICK_ALARM);
          await publish({ phase: paused ? 'paused' : 'analysing' });
        },
        setRapidApiKey: (apiKey) => key.setKey(apiKey),
        testRapidApiKey: (apiKey) => key.testKey(apiKey),
        checkSoundNetAccess: () => key.checkAccess(),
        listPlaylists: async ({ refresh }) => {
          const granted = (await ctx.secrets.spotifyTokens.get())?.scope ?? null;
          return playlistChoices(
            passDeps(() => sleep(LIST_PAGE_GAP_MS)),
            refresh,
            granted,
          );
        },
      }),
    ],
    alarms: {
      [SYNC_TICK_ALARM]: () => run({ list: false, full: false }),
      [LIBRARY_ALARM]: async () => {
        if (await ctx.secrets.spotifyTokens.get()) await run({ list: true, full: false });
      },
    },
    async start() {
      // The grant may have been taken back while the worker slept.
      await key.usableKey();
      if (!(await alarms.get(LIBRARY_ALARM))) await alarms.create(LIBRARY_ALARM, { periodInMinutes: DAY_MINUTES });
      await publish({ phase: 'idle' });
      // A worker stopped mid-sync resumes as soon as it wakes, not only at the next alarm.
      const [cursor, queue, queued] = await Promise.all([
        libraryCursor.get(db),
        queueState.get(db),
        db.featureQueue.count(),
      ]);
      if (cursor.phase === 'listing' || (!queue.paused && queued > 0)) void run({ list: false, full: false });
    },
  };
}
