import { planResetAt } from '@/lib/audio-features/soundnet';
import type { ProviderError } from '@/lib/audio-features/types';
import type { FeatureProvider } from '@/lib/db/schema';
import type { QueueState } from './queue-state';

/*
 * Quotas are per provider: a provider's 429 parks that provider alone, and the other carries on with
 * the tracks it can serve. Before, any 429 blocked the whole queue and its head went back to SoundNet, so once a
 * free RapidAPI plan was spent ReccoBeats was never asked either.
 */

const LABEL: Record<FeatureProvider, string> = { soundnet: 'SoundNet', reccobeats: 'ReccoBeats' };

/** When a parked `provider` may be asked again (epoch ms), or null when it is not parked at `now`. */
export function parkedUntil(state: QueueState, provider: FeatureProvider, now: number): number | null {
  const park = state.parks[provider];
  return park !== null && park.until > now ? park.until : null;
}

/**
 * The queue state after a provider's 429: that provider is parked, nothing else. A spent plan (`plan-used-up`)
 * until it resets, as the provider said or else the start of the next calendar month in UTC (`planResetAt`: the
 * best estimate of a monthly plan's reset); a burst limit for its Retry-After, or `backoff` when it sent none,
 * plus up to 1 s of jitter.
 */
export function parkAfter429(
  state: QueueState,
  error: ProviderError,
  now: number,
  backoff: number,
  random: () => number,
): QueueState {
  const { provider } = error;
  const planUsedUp = error.kind === 'plan-used-up';
  const until = planUsedUp
    ? now + (error.retryAfterMs ?? planResetAt(now) - now)
    : now + (error.retryAfterMs ?? backoff) + Math.round(random() * 1000);
  return {
    ...state,
    parks: { ...state.parks, [provider]: { until, why: planUsedUp ? 'plan-used-up' : 'rate-limited' } },
    // A spent plan is no sign of overload: the backoff of the next fault does not grow for it.
    backoffStep: planUsedUp ? state.backoffStep : state.backoffStep + 1,
    lastError: planUsedUp ? error.message : `${LABEL[provider]} asked MoodDJ to slow down (429).`,
    lastFault: { kind: 'rate-limited', provider },
  };
}
