import { describeError } from '@/lib/errors/report';
import { t } from '@/lib/i18n';

/** The item of a list a failure belongs to (a row's "Delete"), or null for the action as a whole. */
export type OutcomeItem = string | number | null;

/**
 * What an action ended with, in words shown beside its button: done (a few words, "Saved") or failed (the
 * reason a person can act on). A failure can belong to one item of a list, so it stays by that item's row.
 */
export type Outcome = { kind: 'done'; text: string } | { kind: 'failed'; text: string; item: OutcomeItem };

/** What an action's outcome reads as. */
export interface OutcomeWords<T> {
  /** Done, in a few words; null shows nothing (the page already shows it another way). */
  done: string | null | ((result: T) => string | null);
  /** A failure's sentence around the reason. @default the reason itself */
  failed?: (reason: string) => string;
  /** The row the action is about, so a failure shows there. @default null */
  item?: OutcomeItem;
}

/** An update under this page: only reloading it helps (see `CommandStatus`). */
const CONTEXT_GONE = /Extension context invalidated|context invalidated/i;
/** The background did not answer: a worker mid-restart, or no listener at all. */
const NO_ANSWER = /Receiving end does not exist|Could not establish connection|message port closed|^No response$/i;

/** Why an action failed, in words: transport failures become what to do about them, anything else its message. */
export function failureText(error: unknown): string {
  const text = describeError(error).trim();
  if (CONTEXT_GONE.test(text)) return t('outcome_reload_page');
  if (NO_ANSWER.test(text)) return t('outcome_no_answer');
  return text || t('outcome_failed_unknown');
}

/** Where an action's state lives: a rune class on a page (`ActionOutcome`), a plain object in a test. */
export interface OutcomeHolder {
  busy: boolean;
  outcome: Outcome | null;
}

/**
 * Runs one action and records how it went in `holder`: busy while it runs, then done or failed. Never throws;
 * resolves with the action's result, or undefined when it failed. A `work` that finishes without doing its job
 * (an answer that says "no") throws an `Error` whose message is the reason in words.
 */
export async function perform<T>(
  holder: OutcomeHolder,
  work: () => Promise<T>,
  words: OutcomeWords<T>,
): Promise<T | undefined> {
  holder.busy = true;
  holder.outcome = null;
  try {
    const result = await work();
    const done = typeof words.done === 'function' ? words.done(result) : words.done;
    holder.outcome = done ? { kind: 'done', text: done } : null;
    return result;
  } catch (error) {
    const reason = failureText(error);
    holder.outcome = { kind: 'failed', text: words.failed ? words.failed(reason) : reason, item: words.item ?? null };
    return undefined;
  } finally {
    holder.busy = false;
  }
}

/**
 * The outcome to show in one place: a failure shows by the item it belongs to (`item`), everything else where
 * the action shows its outcome (no `item`).
 */
export function outcomeAt(outcome: Outcome | null, item?: OutcomeItem): Outcome | null {
  if (!outcome) return null;
  const belongsTo = outcome.kind === 'failed' ? outcome.item : null;
  return belongsTo === (item ?? null) ? outcome : null;
}
