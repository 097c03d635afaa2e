import { reportError } from '@/lib/errors/report';
import { MessageRefused } from './sender-policy';

/** Distinct refusals remembered per context; past this, refusals are no longer logged at all. */
const MAX_REMEMBERED = 200;

/**
 * Refuses messages: logs each kind of refusal once, through the one error funnel, and
 * returns the error to throw back at the sender. A hostile page can send the same bad
 * message in a loop; the console gets one line for it, not one per message.
 */
export function createRefusals(report: (error: Error) => void = (error) => reportError('messaging', error)) {
  const seen = new Set<string>();
  return {
    /** `why` names the problem (a sender kind, a field and zod code), never the data itself. */
    refuse(type: string, why: string): MessageRefused {
      const error = new MessageRefused(`MoodDJ refused "${type}": ${why}.`);
      const key = `${type}\n${why}`;
      if (!seen.has(key) && seen.size < MAX_REMEMBERED) {
        seen.add(key);
        report(error);
      }
      return error;
    },
  };
}

export type Refusals = ReturnType<typeof createRefusals>;

/** This context's refusals. */
export const refusals: Refusals = createRefusals();
