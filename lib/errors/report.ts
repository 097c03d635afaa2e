import { AppError } from './app-error';
import { scrubSecrets } from './scrub';

/** Where in a context an error came from; shows up in its log prefix. */
export type ErrorTag =
  | 'settings'
  | 'messaging'
  | 'db'
  | 'camera'
  | 'offscreen'
  | 'spotify'
  | 'provider'
  | 'network'
  | 'sync'
  | 'dj'
  | 'history'
  | 'data'
  | 'live-state'
  | 'panel'
  | 'popup'
  | 'options'
  /** Nobody caught it: an unhandled rejection or an uncaught exception (see `installErrorFunnel`). */
  | 'unhandled';

/** A JS context of the extension: the worker, the offscreen document, a page, the content script. */
export type ErrorContext = 'background' | 'offscreen' | 'popup' | 'options' | 'content' | (string & {});

export interface ErrorFunnel {
  readonly context: ErrorContext;
  report(tag: ErrorTag, error: unknown): void;
}

/** How deep a chain of `cause`s is followed; a cycle or a long chain must not hang the logger. */
const MAX_CAUSES = 3;

/**
 * One log line for `error`, formatted here and nowhere else:
 * `[MoodDJ background/sync] spotify: SpotifyError: … (cause: TypeError: …)`, secrets scrubbed.
 */
export function formatError(context: ErrorContext, tag: ErrorTag, error: unknown): string {
  const kind = error instanceof AppError ? `${error.kind}: ` : '';
  let line = `[MoodDJ ${context}/${tag}] ${kind}${describeThrown(error)}`;
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
    line += ` (cause: ${describeThrown(cause)})`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return scrubSecrets(line);
}

/** A funnel for one context, writing to `write` (the console's `warn` unless a test passes its own). */
export function createErrorFunnel(
  context: ErrorContext,
  write: (line: string) => void = (line) => console.warn(line),
): ErrorFunnel {
  return { context, report: (tag, error) => write(formatError(context, tag, error)) };
}

/** The funnel of this JS context (each extension context is its own realm, so its own module state). */
let funnel: ErrorFunnel | null = null;

/**
 * The one entry for reporting an error, in every context. Services reach it through `ctx.report`;
 * other code calls it directly. Never throws.
 */
export function reportError(tag: ErrorTag, error: unknown): void {
  try {
    funnel ??= createErrorFunnel(currentContext());
    funnel.report(tag, error);
  } catch {
    // A logger that throws would turn a reported error into an unhandled one.
  }
}

/** The events a context's global scope fires for what nobody caught (`self` in the worker, `window` in a page). */
export interface UncaughtSource {
  addEventListener(type: 'error' | 'unhandledrejection', listener: (event: Event) => void): void;
  removeEventListener(type: 'error' | 'unhandledrejection', listener: (event: Event) => void): void;
}

/**
 * Makes this context's funnel `context`'s, and sends what nobody caught through it: unhandled
 * rejections and uncaught exceptions. The browser's own report is suppressed (`preventDefault`),
 * so each appears once, formatted and scrubbed, and never as a raw "Uncaught (in promise)" line
 * that could quote a secret. Returns a function that uninstalls the handlers.
 */
export function installErrorFunnel(
  context: ErrorContext,
  scope: UncaughtSource = globalThis as unknown as UncaughtSource,
  write?: (line: string) => void,
): () => void {
  const own = createErrorFunnel(context, write);
  funnel = own;
  const onRejection = (event: Event) => {
    event.preventDefault();
    own.report('unhandled', (event as Event & { reason?: unknown }).reason);
  };
  const onError = (event: Event) => {
    event.preventDefault();
    const { error, message } = event as Event & { error?: unknown; message?: string };
    own.report('unhandled', error ?? message ?? 'Unknown error');
  };
  scope.addEventListener('unhandledrejection', onRejection);
  scope.addEventListener('error', onError);
  return () => {
    scope.removeEventListener('unhandledrejection', onRejection);
    scope.removeEventListener('error', onError);
    if (funnel === own) funnel = null;
  };
}

/**
 * A short sentence for the UI from anything thrown: an AppError's own words (translated where it
 * was raised), else the error's message (scrubbed: it reaches a screen).
 */
export function describeError(error: unknown): string {
  if (error instanceof AppError && error.userMessage) return error.userMessage;
  return scrubSecrets(error instanceof Error ? error.message : String(error));
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** `background`, `offscreen`, `popup`, `options` from the page's file name; `content` on a web page. */
function currentContext(): ErrorContext {
  const location = (globalThis as { location?: { protocol: string; pathname: string } }).location;
  if (!location) return 'node';
  if (!/-extension:$/.test(location.protocol)) return 'content';
  return location.pathname.replace(/^.*\//, '').replace(/\.[^.]*$/, '') || 'extension';
}
