import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial';

/** A promise the test settles by hand. */
function gate<T = void>() {
  let open: (value: T) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('createSerialQueue', () => {
  it('runs jobs one at a time, in the order given, and answers each caller with its own result', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    const first = gate<string>();
    const a = queue.run(async () => {
      log.push('a starts');
      const value = await first.promise;
      log.push('a ends');
      return value;
    });
    const b = queue.run(() => {
      log.push('b runs');
      return 2;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a starts']);
    first.open('one');
    expect(await a).toBe('one');
    expect(await b).toBe(2);
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('starts a job after the caller’s synchronous code, even when nothing is queued', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    const done = queue.run(() => log.push('job'));
    log.push('caller');
    await done;
    expect(log).toEqual(['caller', 'job']);
  });

  it('gives a failure to its own caller only, and runs the next job anyway', async () => {
    const queue = createSerialQueue();
    const failing = gate();
    const a = queue.run(() => failing.promise);
    const b = queue.run(async () => 'b');
    const c = queue.run(() => {
      throw new Error('thrown');
    });
    const d = queue.run(() => 'd');
    failing.fail(new Error('rejected'));
    await expect(a).rejects.toThrow('rejected');
    await expect(b).resolves.toBe('b');
    await expect(c).rejects.toThrow('thrown');
    await expect(d).resolves.toBe('d');
  });

  it('runs a job queued from inside a job after that job', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    let inner: Promise<void> | undefined;
    await queue.run(async () => {
      inner = queue.run(() => void log.push('inner'));
      await new Promise((resolve) => setImmediate(resolve));
      log.push('outer');
    });
    await inner;
    expect(log).toEqual(['outer', 'inner']);
  });
});
