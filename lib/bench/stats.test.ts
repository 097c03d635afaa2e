import { describe, expect, it } from 'vitest';
import { summarise } from './stats';

describe('summarise', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarise(samples)).toEqual({ p50: 50, p95: 95, n: 100 });
    expect(summarise([7])).toEqual({ p50: 7, p95: 7, n: 1 });
  });

  it('refuses an empty run', () => {
    expect(() => summarise([])).toThrow('No samples');
  });
});
