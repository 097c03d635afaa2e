import { latestOnly } from '@/lib/async/latest';
import { describeError } from '@/lib/errors/report';
import { clientFor } from '@/lib/messaging/client';
import { sessionMessages } from './messages';

const session = clientFor(sessionMessages);

import type { SessionProblem, SessionView } from './session-save';

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
  problem = $state<SessionProblem | null>(null);
  /** How many tracks the last save added (null before one). */
  added = $state<number | null>(null);
  /** An older answer that arrives late must not replace a newer one. */
  #latest = latestOnly();

  refresh(): Promise<void> {
    return this.#latest.run(
      () => session.readSession(),
      (view) => {
        if (this.saving) return;
        this.view = view;
        this.loaded = true;
      },
      (error) => {
        this.problem = { kind: 'request-failed', detail: describeError(error) };
      },
    );
  }

  async save(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.problem = null;
    try {
      const outcome = await session.saveSession();
      if (outcome.ok) {
        this.view = outcome.view;
        this.added = outcome.added;
      } else {
        this.problem = outcome.problem;
      }
    } catch (error) {
      this.problem = { kind: 'request-failed', detail: describeError(error) };
    } finally {
      this.saving = false;
    }
  }
}
