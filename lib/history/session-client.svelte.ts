import { describeError } from '@/lib/errors/report';
import type { DjProblem } from '@/lib/live-state/state';
import { sendMessage } from '@/lib/messaging/protocol';
import type { SessionView } from './session-save';

/**
 * "Save as playlist" on one surface: the session as the background last described it, and the save under
 * way. The background owns the session (pages and the panel never read the history themselves); this asks
 * again whenever the surface sees the live state move (a mood, a queue, a new track).
 */
export class SessionClient {
  view = $state<SessionView | null>(null);
  /** False until the background first answered. */
  loaded = $state(false);
  saving = $state(false);
  problem = $state<DjProblem | null>(null);
  /** How many tracks the last save added (null before one). */
  added = $state<number | null>(null);
  #asked = 0;

  async refresh(): Promise<void> {
    const ask = ++this.#asked;
    try {
      const view = await sendMessage('readSession');
      // An older answer that arrives late must not replace a newer one.
      if (ask !== this.#asked || this.saving) return;
      this.view = view;
      this.loaded = true;
    } catch (error) {
      if (ask === this.#asked) this.problem = { kind: 'error', message: describeError(error) };
    }
  }

  async save(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.problem = null;
    try {
      const outcome = await sendMessage('saveSession');
      if (outcome.ok) {
        this.view = outcome.view;
        this.added = outcome.added;
      } else {
        this.problem = outcome.problem;
      }
    } catch (error) {
      this.problem = { kind: 'error', message: describeError(error) };
    } finally {
      this.saving = false;
    }
  }
}
