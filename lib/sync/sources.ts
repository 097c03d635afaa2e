import { createReccoBeats } from '@/lib/audio-features/reccobeats';
import { createSoundNet, testSoundNetKey } from '@/lib/audio-features/soundnet';
import type { FeatureSource } from '@/lib/audio-features/types';
import type { DrainResult } from './feature-queue';
import type { KeyTestResult } from './messages';

/** The feature providers, made per run (SoundNet with the key stored then). Tests pass fakes. */
export interface SyncSources {
  soundnet(apiKey: string): FeatureSource;
  reccobeats(): FeatureSource;
  testKey(apiKey: string): Promise<Exclude<KeyTestResult, 'no-key' | 'no-access'>>;
}

export const realSources: SyncSources = {
  soundnet: (apiKey) => createSoundNet({ apiKey }),
  reccobeats: () => createReccoBeats(),
  testKey: (apiKey) => testSoundNetKey({ apiKey }),
};

/**
 * When the feature tick should fire after a drain, or null for no alarm at all: a paused queue or one with
 * nothing due must not wake the worker (the watchdog set at the start of a run is cleared then).
 */
export function nextTickAt(result: DrainResult, now: number): number | null {
  if (result.stoppedBy === 'paused' || result.resumeAt === null) return null;
  if (result.stoppedBy === 'deadline') return now + 1000;
  return Math.max(result.resumeAt, now + 1000);
}
