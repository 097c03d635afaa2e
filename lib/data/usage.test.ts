import { describe, expect, it } from 'vitest';
import { formatBytes, storageUsed } from './usage';

describe('storageUsed', () => {
  it('reads the usage from the estimate, and 0 when the browser does not say', async () => {
    expect(await storageUsed(async () => ({ usage: 3_400_000, quota: 1e10 }))).toBe(3_400_000);
    expect(await storageUsed(async () => ({}))).toBe(0);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [850, '850 bytes'],
    [1_000, '1 kB'],
    [12_345, '12 kB'],
    [3_400_000, '3.4 MB'],
    [3_449_999, '3.4 MB'],
    [999_960, '1 MB'],
    [250_000_000, '250 MB'],
    [1_500_000_000, '1.5 GB'],
    [Number.NaN, '0 bytes'],
  ])('%d bytes reads "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
