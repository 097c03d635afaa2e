import type { BackgroundContext } from '@/lib/background/context';
import type { KeyTestResult } from './messages';
import { resetSoundNet, setSoundNetAccess } from './queue-state';
import type { SyncSources } from './sources';

/**
 * The browser's grant of SoundNet's host, an optional host permission: the install does not ask for it; Options
 * asks when the person saves a RapidAPI key (`lib/ui/options/soundnet-key.ts`), and the person can take it back in
 * the browser's extension settings at any time. The root hands the real one (`lib/background/worker-apis.ts`),
 * tests a fake.
 */
export interface HostAccess {
  /** Whether the browser lets MoodDJ reach the host now. */
  has(): Promise<boolean>;
  /** Gives the grant back: without a key MoodDJ has no use for the host. */
  release(): Promise<void>;
  /** Calls `listener` when the grant is given or taken back, wherever that happened. */
  onChange(listener: () => void): void;
}

export interface SoundNetKeyDeps {
  access: HostAccess;
  sources: SyncSources;
  /** The sync's publish: counts and problems recomputed, the live state sent round. */
  publish(): Promise<void>;
  /** Starts a sync step (or queues one behind the run under way): SoundNet may serve what waited for it. */
  resume(): void;
}

/**
 * The RapidAPI key and the grant of SoundNet's host, for the sync service: which key a drain may use (none while the
 * host is not granted, so no request is sent to fail), what Options shows ("SoundNet needs access…"), and the
 * key's messages. Nothing is lost while the grant is missing: the tracks only SoundNet could serve wait as unknown,
 * due again as soon as it is back (`setSoundNetAccess`).
 */
export function soundnetKey(ctx: BackgroundContext, deps: SoundNetKeyDeps) {
  const { db, clock, live } = ctx;

  /** Shows the key's state; `rejected` is left to the queue's own publish. */
  async function show(keySet: boolean, needsAccess: boolean): Promise<void> {
    await live.update((state) =>
      state.soundnet.keySet === keySet && state.soundnet.needsAccess === needsAccess
        ? state
        : { ...state, soundnet: { ...state.soundnet, keySet, needsAccess } },
    );
  }

  /**
   * Checks the key and the grant, records and shows what changed, and answers the key a drain may use now: null
   * without a key, or without the grant. A grant back after a loss makes the work that waited for it due again.
   */
  async function usableKey(): Promise<string | null> {
    const key = await ctx.secrets.rapidApiKey.get();
    // Without a key the grant does not matter: it is neither needed nor recorded.
    if (key === null) {
      await show(false, false);
      return null;
    }
    const granted = await deps.access.has();
    const regained = (await setSoundNetAccess(db, granted, clock.now())) && granted;
    await show(true, !granted);
    if (regained) deps.resume();
    return granted ? key : null;
  }

  /** Stores (or with null, deletes) the key; the grant was asked for in Options, during the click. */
  async function setKey(key: string | null): Promise<void> {
    await ctx.secrets.rapidApiKey.set(key);
    await resetSoundNet(db, clock.now(), key !== null);
    await live.update((state) => ({
      ...state,
      soundnet: { ...state.soundnet, keySet: key !== null, rejected: false },
    }));
    // No key, no use for the host: the grant goes back, so the browser lists one site fewer for MoodDJ.
    if (key === null) await release();
    const usable = await usableKey();
    await deps.publish();
    if (usable) deps.resume();
  }

  /** "Test key": one real request, unless the browser would not let it through. */
  async function testKey(draft: string | null): Promise<KeyTestResult> {
    const apiKey = draft ?? (await ctx.secrets.rapidApiKey.get());
    if (!apiKey) return 'no-key';
    try {
      if (!(await deps.access.has())) return 'no-access';
      return await deps.sources.testKey(apiKey);
    } finally {
      // Options asked for the host to test a key it has not saved: with no key stored (read again, a save may have
      // come in meanwhile) MoodDJ has no use for the host, so it goes back as with "Remove key".
      if (!(await ctx.secrets.rapidApiKey.get())) await release();
    }
  }

  // The browser's extension settings can take the grant back (or give it) while no MoodDJ page is open.
  deps.access.onChange(() => {
    usableKey()
      .then(() => deps.publish())
      .catch((error) => ctx.report(error, 'sync'));
  });
  // "Delete everything" took the key with it, so the grant goes back as with "Remove key".
  ctx.events.on('dataReset', (what) => (what === 'delete' ? release() : undefined));

  function release(): Promise<void> {
    return deps.access.release().catch((error) => ctx.report(error, 'sync'));
  }

  return {
    usableKey,
    setKey,
    testKey,
    /** Options' "Grant access" was granted: check, resume, answer whether SoundNet can be asked now. */
    async checkAccess(): Promise<boolean> {
      await usableKey();
      await deps.publish();
      return deps.access.has();
    },
  };
}
