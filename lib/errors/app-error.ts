/**
 * What failed, as the UI and the log need to know it. A caller branches on `kind` (and on the
 * domain's own finer kinds, e.g. `SpotifyError.kind`), never on the words of a message.
 */
export type ErrorKind =
  /** Spotify's Web API or accounts service. */
  | 'spotify'
  /** An audio-feature provider (ReccoBeats, SoundNet). */
  | 'provider'
  /** IndexedDB. */
  | 'db'
  /** The camera, the offscreen document or the face model. */
  | 'camera'
  /** A message between contexts. */
  | 'messaging'
  /** Reading, validating or migrating settings. */
  | 'settings'
  /** No answer at all: offline, DNS, timeout. */
  | 'network';

/**
 * An error MoodDJ raised on purpose. `message` is for the log (English, names a field or an
 * endpoint, never a secret); `userMessage` is what the UI shows when the error reaches a person,
 * already translated where it is raised, its i18n key written out at that call (so lib/i18n.test.ts
 * sees every key in use).
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly kind: ErrorKind;
  readonly userMessage: string | null;

  constructor(kind: ErrorKind, message: string, options: { userMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.userMessage = options.userMessage ?? null;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** `error` as an AppError of `kind` unless it already is one (the original becomes its cause). */
export function toAppError(error: unknown, kind: ErrorKind): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(kind, message, { cause: error });
}
