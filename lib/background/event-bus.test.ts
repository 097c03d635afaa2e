import { describe, expect, it } from 'vitest';
import { createEventBus } from './event-bus';

/** A promise the test settles by hand. */
function gate() {
  let open: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Whether `promise` has settled once everything already queued has run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('the event bus', () => {
  it('delivers in order, and one failing listener neither stops the others nor throws', () => {
    const reported: unknown[] = [];
    const bus = createEventBus((error) => reported.push(error));
    const seen: string[] = [];
    bus.on('dataReset', (what) => seen.push(`first ${what}`));
    bus.on('dataReset', () => {
      throw new Error('broken listener');
    });
    const stop = bus.on('dataReset', (what) => seen.push(`last ${what}`));
    bus.emit('dataReset', 'import');
    stop();
    bus.emit('dataReset', 'delete');
    expect(seen).toEqual(['first import', 'last import', 'first delete']);
    expect(reported).toHaveLength(2);
  });

  it('is idle at once when no listener’s work is under way', async () => {
    const bus = createEventBus(() => undefined);
    bus.on('panelsChanged', () => 'not a promise');
    bus.emit('panelsChanged', 1);
    expect(await hasSettled(bus.idle())).toBe(true);
  });

  it('waits for the promise a listener returned', async () => {
    const bus = createEventBus(() => undefined);
    const work = gate();
    let done = false;
    bus.on('dataReset', async () => {
      await work.promise;
      done = true;
    });
    bus.emit('dataReset', 'delete');
    const idle = bus.idle();
    expect(await hasSettled(idle)).toBe(false);
    work.open();
    await idle;
    expect(done).toBe(true);
  });

  it('waits for the work of events emitted by listeners’ work, however late', async () => {
    const bus = createEventBus(() => undefined);
    const first = gate();
    const second = gate();
    const log: string[] = [];
    bus.on('spotifyConnection', async () => {
      await first.promise;
      bus.emit('featuresAnalysed', undefined);
      log.push('connection handled');
    });
    bus.on('featuresAnalysed', async () => {
      await second.promise;
      log.push('features handled');
    });
    bus.emit('spotifyConnection', 'connected');
    const idle = bus.idle();
    first.open();
    expect(await hasSettled(idle)).toBe(false);
    expect(log).toEqual(['connection handled']);
    second.open();
    await idle;
    expect(log).toEqual(['connection handled', 'features handled']);
  });

  it('reports a listener’s rejected promise and still becomes idle', async () => {
    const reported: unknown[] = [];
    const bus = createEventBus((error) => reported.push(error));
    const work = gate();
    bus.on('spotifySignedOut', () => work.promise);
    bus.emit('spotifySignedOut', undefined);
    const idle = bus.idle();
    work.fail(new Error('listener failed'));
    await idle;
    expect(reported).toEqual([new Error('listener failed')]);
    // Nothing is left over for the next wait.
    expect(await hasSettled(bus.idle())).toBe(true);
  });
});
