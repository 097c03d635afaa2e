import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { keepBackgroundAwake } from './keep-alive';

describe('keepBackgroundAwake (Firefox’s camera tab)', () => {
  const sent: unknown[] = [];
  beforeEach(() => {
    fakeBrowser.reset();
    sent.length = 0;
    vi.useFakeTimers();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      sent.push((message as { type?: string }).type);
      return { res: undefined };
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('tells the background it is alive at each interval, and stops when asked', async () => {
    const stop = keepBackgroundAwake(20_000);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['cameraAlive']);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toEqual(['cameraAlive', 'cameraAlive']);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(2);
  });
});
