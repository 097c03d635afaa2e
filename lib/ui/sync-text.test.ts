import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE_STATE, type SyncProgress } from '@/lib/live-state/state';
import { syncFraction, syncSummary, unreadableText } from './sync-text';

const base: SyncProgress = { ...INITIAL_LIVE_STATE.sync, lastSyncAt: 1 };

describe('syncSummary', () => {
  it('reads like the brief: analysed / total, unknown, next batch', () => {
    const sync = {
      ...base,
      phase: 'analysing' as const,
      tracks: 2000,
      analysed: 1240,
      unknown: 3,
      nextBatchAt: 28_000,
    };
    expect(syncSummary(sync, 0)).toBe('1,240 / 2,000 tracks analysed, 3 unknown, next batch in 28 s');
    expect(syncFraction(sync)).toBeCloseTo(0.6215, 3);
  });

  it('shows listing progress and a paused queue', () => {
    expect(syncSummary({ ...base, phase: 'listing', listed: 150, listTotal: 2000 }, 0)).toBe(
      'Reading your library: 150 / 2,000 tracks',
    );
    expect(syncSummary({ ...base, phase: 'paused', tracks: 10, analysed: 4 }, 0)).toBe(
      '4 / 10 tracks analysed, paused',
    );
  });

  it('says how many saved items could not be read, and nothing when all were', () => {
    expect(unreadableText(base)).toBeNull();
    expect(unreadableText({ ...base, unreadable: 1 })).toBe('1 saved item could not be read and was skipped.');
    expect(unreadableText({ ...base, unreadable: 1200 })).toBe('1,200 saved items could not be read and were skipped.');
  });

  it('says when nothing is synced yet', () => {
    expect(syncSummary(INITIAL_LIVE_STATE.sync, 0)).toBe('Your library is not synced yet.');
  });
});
