import { type Outcome, type OutcomeItem, type OutcomeWords, perform } from './outcome';

/** How long "done" stays beside its button; a failure stays until the action runs again. */
export const DONE_SHOWN_MS = 8000;

let made = 0;

/**
 * One action of a page with its outcome beside its button (`components/ActionStatus.svelte`): busy while it
 * runs, then done in a few words or failed with the reason. The button points at the outcome with
 * `aria-describedby={action.describedBy()}`. Unlike `commandsFor` (whose failures land in a page-wide status),
 * the failure stays with the button that caused it.
 */
export class ActionOutcome {
  /** The outcome's element id, for the button's `aria-describedby`. */
  readonly id = `mdj-outcome-${++made}`;
  busy = $state(false);
  outcome = $state<Outcome | null>(null);
  #keepDone: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `keepDone`: a done outcome worth reading later (an import's summary) stays until the next run. */
  constructor(options: { keepDone?: boolean } = {}) {
    this.#keepDone = options.keepDone ?? false;
  }

  /** Runs the action; never throws. Resolves with its result, or undefined when it failed. */
  async run<T>(work: () => Promise<T>, words: OutcomeWords<T>): Promise<T | undefined> {
    clearTimeout(this.#timer);
    const result = await perform(this, work, words);
    if (this.outcome?.kind === 'done' && !this.#keepDone) {
      const shown = this.outcome;
      this.#timer = setTimeout(() => {
        if (this.outcome === shown) this.outcome = null;
      }, DONE_SHOWN_MS);
    }
    return result;
  }

  /** A failure found before anything was sent (a file too large to read). */
  fail(text: string, item: OutcomeItem = null): void {
    clearTimeout(this.#timer);
    this.outcome = { kind: 'failed', text, item };
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.outcome = null;
  }

  /** The id of the outcome shown for `item` (a row's own failure), or for the action. */
  describedBy(item?: OutcomeItem): string {
    return item === undefined || item === null ? this.id : `${this.id}-${item}`;
  }
}
