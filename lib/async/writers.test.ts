import { describe, expect, it } from 'vitest';
import { createWriters } from './writers';

/** A promise to settle by hand. */
function gate() {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const turns = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('createWriters', () => {
  it('runs writers side by side and answers with their results', async () => {
    const writers = createWriters();
    const first = gate();
    const a = writers.run('a', async () => {
      await first.promise;
      return 1;
    });
    const b = writers.run('b', () => 2);
    expect(await b).toBe(2);
    expect(writers.running()).toEqual(['a']);
    first.open();
    expect(await a).toBe(1);
    expect(writers.running()).toEqual([]);
  });

  it('waits for every writer under way before the exclusive work, and for a failing one too', async () => {
    const writers = createWriters();
    const log: string[] = [];
    const slow = gate();
    const queue = writers.run('queue', async () => {
      await slow.promise;
      log.push('queue wrote');
    });
    const failing = writers.run('session', async () => {
      await slow.promise;
      throw new Error('Spotify said no');
    });
    const deleting = writers.exclusive(async () => {
      log.push('deleted');
      return 'done';
    });
    await turns();
    expect(log).toEqual([]);
    slow.open();
    expect(await deleting).toBe('done');
    await queue;
    await expect(failing).rejects.toThrow('Spotify said no');
    expect(log).toEqual(['queue wrote', 'deleted']);
  });

  it('holds a writer that starts during the exclusive work until it is done, then runs it', async () => {
    const writers = createWriters();
    const log: string[] = [];
    const deleting = gate();
    const exclusive = writers.exclusive(async () => {
      await deleting.promise;
      log.push('deleted');
    });
    // Asked for in the same task as the exclusive: already held.
    const held = writers.run('calibration', () => {
      log.push('calibrated');
      return 'baseline';
    });
    await turns();
    expect(log).toEqual([]);
    expect(writers.running()).toEqual([]);
    deleting.open();
    await exclusive;
    expect(await held).toBe('baseline');
    expect(log).toEqual(['deleted', 'calibrated']);
  });

  it('lets writers go after a failed exclusive, and runs two exclusives one after the other', async () => {
    const writers = createWriters();
    const log: string[] = [];
    const first = gate();
    const a = writers.exclusive(async () => {
      await first.promise;
      log.push('import');
      throw new Error('broken file');
    });
    const b = writers.exclusive(() => {
      log.push('delete');
    });
    const held = writers.run('dj', () => log.push('queued'));
    first.open();
    await expect(a).rejects.toThrow('broken file');
    await b;
    await held;
    expect(log).toEqual(['import', 'delete', 'queued']);
    // Nothing is held any more: a writer now runs at once.
    const after = writers.run('dj', () => 'now');
    expect(writers.running()).toEqual(['dj']);
    expect(await after).toBe('now');
  });
});
