/** Where an error came from; shows up as its log prefix. */
export type ErrorArea = 'settings' | 'messaging' | 'offscreen' | 'panel' | 'db' | 'camera' | 'popup' | 'options';

/**
 * The one funnel for errors in every context. Secrets never reach it: callers pass
 * errors, and every message MoodDJ builds names a field, never a token or key.
 */
export function reportError(area: ErrorArea, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.warn(`[MoodDJ:${area}] ${message}`);
}

/** A short sentence for the UI from anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
