import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOffscreenManager } from '@/lib/camera/offscreen-manager';
import { CONTRACTS, senderTable } from '@/lib/protocol';
import { fakeContext } from '@/test/support/background';
import { fakeHostAccess } from '@/test/support/host-access';
import { serviceTables } from './context';
import { createServices } from './services';

describe('the services the root composes', () => {
  it('handle every message someone may send the background, each exactly once', () => {
    fakeBrowser.reset();
    const services = createServices(
      fakeContext(),
      {
        offscreen: createOffscreenManager({
          hasDocument: async () => false,
          create: async () => undefined,
          close: async () => undefined,
        }),
        channel: {
          ping: async () => false,
          configure: async () => undefined,
          calibrate: async () => ({ ok: false, reason: 'none' }),
          calibrationCleared: async () => undefined,
          readStats: async () => ({
            frames: 0,
            faceFrames: 0,
            inferenceMs: null,
            streamStartedAt: null,
            firstMoodAt: null,
          }),
        },
        idle: { query: async () => false, onChange: () => undefined },
      },
      { onCommand: () => undefined },
      fakeHostAccess().access,
    );
    // serviceTables throws when two services claim one message or alarm.
    const { handlers, implementations } = serviceTables(services);
    const toBackground = senderTable()
      .filter((row) => row.to === 'background')
      .map((row) => row.message);
    expect(Object.keys(handlers).sort()).toEqual(toBackground.sort());
    // Every background contract is implemented whole, by one service.
    const implemented = implementations.map((implementation) => implementation.contract);
    expect(CONTRACTS.filter((contract) => contract.to === 'background' && !implemented.includes(contract))).toEqual([]);
  });
});
