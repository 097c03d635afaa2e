import { describe, expect, it } from 'vitest';
import { announcePresence, type PresenceContext, type PresencePort } from './presence';

/** WXT's context in small: invalidation is an AbortSignal, and its timers skip once invalid. */
function fakeContext() {
  const controller = new AbortController();
  const timers: (() => void)[] = [];
  const ctx: PresenceContext = {
    get isInvalid() {
      return controller.signal.aborted;
    },
    onInvalidated(callback) {
      controller.signal.addEventListener('abort', callback);
      return () => controller.signal.removeEventListener('abort', callback);
    },
    setTimeout(handler) {
      timers.push(handler);
      return timers.length;
    },
  };
  return {
    ctx,
    invalidate: () => controller.abort(),
    runTimers() {
      for (const handler of timers.splice(0)) if (!controller.signal.aborted) handler();
    },
  };
}

class FakePort implements PresencePort {
  disconnected = false;
  #listeners: (() => void)[] = [];
  onDisconnect = { addListener: (callback: () => void) => void this.#listeners.push(callback) };
  disconnect() {
    this.disconnected = true;
  }
  /** The other side went away (the worker stopped). */
  drop() {
    for (const listener of this.#listeners) listener();
  }
}

function opener() {
  const ports: FakePort[] = [];
  return {
    ports,
    open: () => {
      const port = new FakePort();
      ports.push(port);
      return port;
    },
  };
}

describe('announcePresence', () => {
  it('opens one port and reopens it when the worker drops it', () => {
    const { ctx, runTimers } = fakeContext();
    const { ports, open } = opener();
    announcePresence(ctx, open);
    expect(ports).toHaveLength(1);
    ports[0]?.drop();
    runTimers();
    expect(ports).toHaveLength(2);
    expect(ports[1]?.disconnected).toBe(false);
  });

  it('closes the port when the context is invalidated, and never reopens it', () => {
    const { ctx, invalidate, runTimers } = fakeContext();
    const { ports, open } = opener();
    announcePresence(ctx, open);
    invalidate();
    expect(ports[0]?.disconnected).toBe(true);
    // Chrome may still report the drop afterwards; no new port follows.
    ports[0]?.drop();
    runTimers();
    expect(ports).toHaveLength(1);
  });

  it('closes the reopened port, not the dropped one, on invalidation', () => {
    const { ctx, invalidate, runTimers } = fakeContext();
    const { ports, open } = opener();
    announcePresence(ctx, open);
    ports[0]?.drop();
    runTimers();
    invalidate();
    expect(ports.map((p) => p.disconnected)).toEqual([false, true]);
  });

  it('opens nothing in a context that is already invalid', () => {
    const { ctx, invalidate } = fakeContext();
    const { ports, open } = opener();
    invalidate();
    announcePresence(ctx, open);
    expect(ports).toEqual([]);
  });
});
