import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { t } from '@/lib/i18n';
import { AppError, toAppError } from './app-error';
import { createErrorFunnel, describeError, formatError, installErrorFunnel, reportError } from './report';

/** An uncaught-error source like `self`/`window`, whose events are cancelable like the real ones. */
function fakeScope() {
  const target = new EventTarget();
  return {
    scope: target,
    reject(reason: unknown): Event {
      const event = Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
      target.dispatchEvent(event);
      return event;
    },
    throw(error: unknown, message = 'Uncaught'): Event {
      const event = Object.assign(new Event('error', { cancelable: true }), { error, message });
      target.dispatchEvent(event);
      return event;
    },
  };
}

describe('formatError', () => {
  it('names the context, the tag and an AppError kind, once, with its causes', () => {
    const error = new AppError('spotify', 'GET /me/tracks failed', { cause: new TypeError('Failed to fetch') });
    expect(formatError('background', 'sync', error)).toBe(
      '[MoodDJ background/sync] spotify: AppError: GET /me/tracks failed (cause: TypeError: Failed to fetch)',
    );
    expect(formatError('options', 'data', 'plain words')).toBe('[MoodDJ options/data] plain words');
    expect(formatError('popup', 'messaging', { code: 7 })).toBe('[MoodDJ popup/messaging] {"code":7}');
  });

  it('never writes a secret, wherever it hides (message, cause, thrown object)', () => {
    const secret = 'BQDx7d9v3kLmN0pQrStUvWxYz_1234567890abcdefGHIJKLmnopQRSTuvwxYZ';
    const lines = [
      formatError('background', 'spotify', new Error(`401 for Authorization: Bearer ${secret}`)),
      formatError('background', 'provider', new Error('bad', { cause: new Error('x-rapidapi-key: k-123') })),
      formatError('background', 'spotify', { body: 'refresh_token=r-456' }),
    ];
    expect(lines.join('\n')).not.toMatch(new RegExp(`${secret}|k-123|r-456`));
    expect(lines.every((line) => line.includes('[redacted]'))).toBe(true);
  });

  it('stops at a cycle of causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(formatError('background', 'db', a).match(/cause:/g)).toHaveLength(3);
  });
});

describe('reportError', () => {
  const lines: string[] = [];
  let uninstall: () => void = () => undefined;
  beforeEach(() => {
    lines.length = 0;
    uninstall = installErrorFunnel('offscreen', new EventTarget(), (line) => lines.push(line));
  });
  afterEach(() => uninstall());

  it('goes through the context funnel installed last', () => {
    reportError('camera', new AppError('camera', 'NotAllowedError'));
    expect(lines).toEqual(['[MoodDJ offscreen/camera] camera: AppError: NotAllowedError']);
  });

  it('never throws, even when the writer does', () => {
    uninstall();
    uninstall = installErrorFunnel('background', new EventTarget(), () => {
      throw new Error('console gone');
    });
    expect(() => reportError('db', new Error('x'))).not.toThrow();
  });
});

describe('installErrorFunnel', () => {
  it('reports an unhandled rejection once, scrubbed, and suppresses the browser line', () => {
    const lines: string[] = [];
    const { scope, reject } = fakeScope();
    const uninstall = installErrorFunnel('background', scope, (line) => lines.push(line));
    const event = reject(new Error('refresh failed: refresh_token=abc'));
    expect(event.defaultPrevented).toBe(true);
    expect(lines).toEqual(['[MoodDJ background/unhandled] Error: refresh failed: refresh_token=[redacted]']);
    uninstall();
  });

  it('reports an uncaught exception, or its message when there is no error object', () => {
    const lines: string[] = [];
    const fake = fakeScope();
    const uninstall = installErrorFunnel('offscreen', fake.scope, (line) => lines.push(line));
    expect(fake.throw(new RangeError('frame too big')).defaultPrevented).toBe(true);
    fake.throw(undefined, 'Script error.');
    expect(lines).toEqual([
      '[MoodDJ offscreen/unhandled] RangeError: frame too big',
      '[MoodDJ offscreen/unhandled] Script error.',
    ]);
    uninstall();
  });

  it('stops listening once uninstalled', () => {
    const lines: string[] = [];
    const fake = fakeScope();
    installErrorFunnel('background', fake.scope, (line) => lines.push(line))();
    expect(fake.reject(new Error('late')).defaultPrevented).toBe(false);
    expect(lines).toEqual([]);
  });
});

describe('createErrorFunnel', () => {
  it('writes one line per report', () => {
    const lines: string[] = [];
    const funnel = createErrorFunnel('popup', (line) => lines.push(line));
    funnel.report('popup', new Error('one'));
    funnel.report('messaging', new Error('two'));
    expect(lines).toEqual(['[MoodDJ popup/popup] Error: one', '[MoodDJ popup/messaging] Error: two']);
  });
});

describe('describeError', () => {
  beforeEach(() => fakeBrowser.reset());

  it("shows an AppError's own words, not its log message", () => {
    const error = new AppError('settings', 'extensionsUsage is not a number', {
      userMessage: t('common_invalid_value'),
    });
    expect(describeError(error)).toBe('Invalid value');
  });

  it('falls back to the message, scrubbed, for anything else', () => {
    expect(describeError(new Error('Spotify said no'))).toBe('Spotify said no');
    expect(describeError('x-rapidapi-key=abc rejected')).toBe('x-rapidapi-key=[redacted] rejected');
  });

  it('keeps the original as the cause when wrapping', () => {
    const original = new TypeError('Failed to fetch');
    const wrapped = toAppError(original, 'network');
    expect(wrapped).toMatchObject({ kind: 'network', message: 'Failed to fetch', cause: original });
    expect(toAppError(wrapped, 'db')).toBe(wrapped);
  });
});
