import { browser } from 'wxt/browser';
import { clientFor } from '@/lib/messaging/client';
import { listenFromBackground } from '@/lib/messaging/receive';
import { commandStatus } from '@/lib/ui/commands.svelte';
import { liveStateBroadcast, liveStateMessages } from './messages';
import { LIVE_STATE_SESSION_KEY, liveStateSchema } from './schema';
import type { LiveState } from './state';

/**
 * The live state for one surface: fetched once when the surface opens, then pushed by the background on
 * every change. One per context (see `liveState()`): the messaging library allows one listener per type.
 * Commands that change it are each feature's (`commandsFor(djMessages)`, …).
 */
export class LiveStateClient {
  state = $state<LiveState | null>(null);
  /** Set by the first broadcast, which is never older than the answer to `getLiveState`. */
  #broadcastSeen = false;
  constructor(initial: LiveState | null = null) {
    this.state = initial;
    // Only the background's broadcast counts: a content script's runtime.sendMessage reaches extension
    // pages too, and must not paint a forged state.
    listenFromBackground(liveStateBroadcast, {
      liveStateChanged: (data) => {
        this.#broadcastSeen = true;
        this.state = data;
      },
    });
    void readCachedState().then((cached) => {
      if (cached && !this.state) this.state = cached;
    });
    void commandStatus().run(async () => {
      const current = await clientFor(liveStateMessages).getLiveState();
      // A broadcast that overtook the answer is at least as new; the answer only fills an empty page.
      if (!this.#broadcastSeen) this.state = current;
    });
  }
}

/**
 * The live state the background cached in `storage.session`, so an extension page (the popup must open
 * fast) renders at once. Content scripts may not touch extension storage (`session` and `local` are
 * trusted-contexts-only), so they skip this and wait for the background's answer.
 */
async function readCachedState(): Promise<LiveState | null> {
  const protocol = globalThis.location?.protocol;
  if (protocol !== 'chrome-extension:' && protocol !== 'moz-extension:') return null;
  try {
    const stored = await browser.storage.session.get(LIVE_STATE_SESSION_KEY);
    const parsed = liveStateSchema.safeParse(stored[LIVE_STATE_SESSION_KEY]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

let shared: LiveStateClient | undefined;

/** This context's live-state client; a remounted panel gets the same one back. */
export function liveState(): LiveStateClient {
  shared ??= new LiveStateClient();
  return shared;
}
