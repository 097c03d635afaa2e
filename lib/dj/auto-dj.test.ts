import { describe, expect, it } from 'vitest';
import type { Device } from '@/lib/spotify/schemas';
import { advanceLedger, aheadFor, autoDjWants } from './auto-dj';
import { pickDevice } from './devices';

const base = {
  enabled: true,
  mood: { mood: 'happy' as const, since: 0 },
  now: 30_000,
  holdMs: 20_000,
  queueAhead: 3,
  queuedAhead: 0,
  aheadMood: null,
};

describe('autoDjWants', () => {
  it('waits until the mood has held, then keeps N queued ahead', () => {
    expect(autoDjWants({ ...base, now: 19_999 })).toBe(0);
    expect(autoDjWants(base)).toBe(3);
    expect(autoDjWants({ ...base, queuedAhead: 2, aheadMood: 'happy' })).toBe(1);
    expect(autoDjWants({ ...base, queuedAhead: 3, aheadMood: 'happy' })).toBe(0);
  });

  it('does nothing when off or without a mood', () => {
    expect(autoDjWants({ ...base, enabled: false })).toBe(0);
    expect(autoDjWants({ ...base, mood: null })).toBe(0);
  });

  it('does not count tracks queued for an older mood', () => {
    expect(autoDjWants({ ...base, queuedAhead: 3, aheadMood: 'sad' })).toBe(3);
  });
});

describe('the queue ledger', () => {
  const ledger = {
    queued: [
      { trackId: 'a', mood: 'happy' as const, at: 0 },
      { trackId: 'b', mood: 'happy' as const, at: 0 },
      { trackId: 'c', mood: 'happy' as const, at: 0 },
    ],
  };

  it('drops what has started playing and keeps what is still ahead', () => {
    const next = advanceLedger(ledger, 'b', 1000, 3_600_000);
    expect(next.queued.map((e) => e.trackId)).toEqual(['c']);
    expect(aheadFor(next, 'happy')).toBe(1);
    expect(advanceLedger(ledger, 'unrelated', 1000, 3_600_000).queued).toHaveLength(3);
  });

  it('forgets entries too old to still be queued', () => {
    expect(advanceLedger(ledger, null, 4_000_000, 3_600_000).queued).toEqual([]);
  });
});

describe('pickDevice', () => {
  const device = (over: Partial<Device>): Device =>
    ({ id: 'x', is_active: false, name: 'Phone', type: 'Smartphone', is_restricted: false, ...over }) as Device;

  it('prefers the web player, then the active device, else none', () => {
    const web = device({ id: 'web', name: 'Web Player (Chrome)', type: 'Computer' });
    const phone = device({ id: 'phone', is_active: true });
    expect(pickDevice([phone, web])?.id).toBe('web');
    expect(pickDevice([phone])?.id).toBe('phone');
    expect(pickDevice([device({ id: 'idle' })])).toBeNull();
    expect(pickDevice([device({ id: null, is_active: true })])).toBeNull();
    expect(pickDevice([device({ id: 'r', is_active: true, is_restricted: true })])).toBeNull();
  });
});
