import { describe, expect, it } from 'vitest';
import { spotifyCalls } from './spotify-calls';

// Call counts, not times: deterministic (a fake clock), so the quota's targets can be held in a test.
describe('the Web API requests MoodDJ spends (simulated)', () => {
  it('stays within Spotify’s development-mode quota: idle, listening, and not one call while locked out', async () => {
    const figures = await spotifyCalls();
    expect(figures.spotify_calls_idle_hour).toBeLessThanOrEqual(20);
    // The simulation does listen: the auto-DJ queued tracks for the changing moods.
    expect(figures.spotify_listening_queued).toBeGreaterThan(5);
    expect(figures.spotify_calls_listening_hour).toBeLessThanOrEqual(120);
    expect(figures.spotify_quota_answered_after).toBe(1);
    expect(figures.spotify_lockout_ms).toBeGreaterThan(13 * 60 * 60_000);
    expect(figures.spotify_calls_during_quota_lockout).toBe(0);
    expect(figures.spotify_calls_quota_probe).toBe(1);
    // After the probe, MoodDJ carries on.
    expect(figures.spotify_after_lockout_calls).toBeGreaterThan(1);
  }, 120_000);
});
