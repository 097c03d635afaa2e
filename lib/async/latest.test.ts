import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest';

/** A promise the test settles by hand. */
function gate<T>() {
  let open: (value: T) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('latestOnly', () => {
  it('applies the newest answer and drops an older one that arrives after it', async () => {
    const latest = latestOnly();
    const applied: string[] = [];
    const slow = gate<string>();
    const fast = gate<string>();
    const first = latest.run(
      () => slow.promise,
      (value) => applied.push(value),
    );
    const second = latest.run(
      () => fast.promise,
      (value) => applied.push(value),
    );
    fast.open('new');
    await second;
    slow.open('old');
    await first;
    expect(applied).toEqual(['new']);
  });

  it('applies each answer when every ask came back before the next began', async () => {
    const latest = latestOnly();
    const applied: number[] = [];
    await latest.run(
      async () => 1,
      (value) => applied.push(value),
    );
    await latest.run(
      async () => 2,
      (value) => applied.push(value),
    );
    expect(applied).toEqual([1, 2]);
  });

  it('hands the newest failure to `fail` and drops an older one', async () => {
    const latest = latestOnly();
    const failed: unknown[] = [];
    const old = gate<number>();
    const first = latest.run(
      () => old.promise,
      () => undefined,
      (error) => failed.push(error),
    );
    await latest.run(
      () => Promise.reject(new Error('newest')),
      () => undefined,
      (error) => failed.push(error),
    );
    old.fail(new Error('older'));
    await first;
    expect(failed.map((error) => (error as Error).message)).toEqual(['newest']);
  });

  it('rejects with the newest failure when there is no `fail`; an older failure resolves quietly', async () => {
    const latest = latestOnly();
    const old = gate<number>();
    const first = latest.run(
      () => old.promise,
      () => undefined,
    );
    await expect(
      latest.run(
        () => Promise.reject(new Error('newest')),
        () => undefined,
      ),
    ).rejects.toThrow('newest');
    old.fail(new Error('older'));
    await expect(first).resolves.toBeUndefined();
  });

  it('drops everything on its way after `cancel`', async () => {
    const latest = latestOnly();
    const applied: string[] = [];
    const pending = gate<string>();
    const run = latest.run(
      () => pending.promise,
      (value) => applied.push(value),
    );
    latest.cancel();
    pending.open('late');
    await run;
    expect(applied).toEqual([]);
  });

  it('`begin` says whether an ask is still the newest', () => {
    const latest = latestOnly();
    const first = latest.begin();
    expect(first()).toBe(true);
    const second = latest.begin();
    expect([first(), second()]).toEqual([false, true]);
    latest.cancel();
    expect(second()).toBe(false);
  });
});
