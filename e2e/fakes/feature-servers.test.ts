// The feature fakes' own answers, byte for byte where the real services' wording matters. How the real clients
// read them is lib/audio-features/feature-servers.test.ts.
import { describe, expect, it } from 'vitest';
import type { CatalogTrack } from './catalog';
import { createFeatureFakes, type FakeAnswer, MONTHLY_QUOTA_MESSAGE } from './feature-servers';

const ID = '0VjIjW4GlUZAMYd2vXMi3b';
const TRACK: CatalogTrack = {
  id: ID,
  name: 'Respect',
  artists: ['Aretha Franklin'],
  album: 'I Never Loved a Man the Way I Love You',
  durationMs: 147_000,
  valence: 0.97,
  energy: 0.56,
  tempo: 115,
  danceability: 0.81,
  acousticness: 0.16,
  instrumentalness: 0,
  speechiness: 0.04,
  liveness: 0.05,
  loudness: -5,
  key: 0,
  mode: 1,
  genre: 'soul',
};

const soundNetRequest = (key = 'test-rapidapi-key') => ({
  method: 'GET',
  url: `https://track-analysis.p.rapidapi.com/pktx/spotify/${ID}`,
  headers: { 'x-rapidapi-key': key, 'x-rapidapi-host': 'track-analysis.p.rapidapi.com' },
});
const reccoBeatsRequest = { method: 'GET', url: `https://api.reccobeats.com/v1/audio-features?ids=${ID}`, headers: {} };

function answered(answer: FakeAnswer): { status: number; headers: Record<string, string>; body: string } {
  if ('abort' in answer) throw new Error('expected an answer, got an abort');
  return answer;
}

describe('the planUsedUp fault', () => {
  it('answers SoundNet with RapidAPI’s MONTHLY-quota 429 verbatim, without Retry-After, as often as queued', () => {
    const fakes = createFeatureFakes([TRACK]);
    fakes.fail.next(2, 'planUsedUp');
    for (let i = 0; i < 2; i++) {
      const answer = answered(fakes.handle(soundNetRequest()));
      expect(answer.status).toBe(429);
      expect(answer.body).toBe(
        '{"message":"You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/soundnet-soundnet-default/api/track-analysis"}',
      );
      expect(JSON.parse(answer.body)).toEqual({ message: MONTHLY_QUOTA_MESSAGE });
      expect(Object.keys(answer.headers).map((name) => name.toLowerCase())).not.toContain('retry-after');
    }
    expect(answered(fakes.handle(soundNetRequest())).status).toBe(200);
    expect(fakes.log.map((entry) => entry.status)).toEqual([429, 429, 200]);
  });

  it('is SoundNet’s alone: ReccoBeats answers meanwhile, and cannot be given it', () => {
    const fakes = createFeatureFakes([TRACK]);
    fakes.fail.next(1, 'planUsedUp');
    expect(answered(fakes.handle(reccoBeatsRequest)).status).toBe(200);
    expect(answered(fakes.handle(soundNetRequest())).status).toBe(429);
    expect(() => fakes.fail.next(1, 'planUsedUp', { provider: 'reccobeats' })).toThrow(/no planUsedUp fault/);
  });

  it('comes after the key check, as RapidAPI’s does: a wrong key is still a 403', () => {
    const fakes = createFeatureFakes([TRACK]);
    fakes.fail.next(1, 'planUsedUp');
    expect(answered(fakes.handle(soundNetRequest('wrong-key'))).status).toBe(403);
    expect(answered(fakes.handle(soundNetRequest())).status).toBe(429);
  });

  it('keeps the burst 429 apart: it sends Retry-After and no quota wording', () => {
    const fakes = createFeatureFakes([TRACK]);
    fakes.fail.next(1, 'status429', { provider: 'soundnet', retryAfterSeconds: 2 });
    const answer = answered(fakes.handle(soundNetRequest()));
    expect(answer).toMatchObject({ status: 429, headers: { 'retry-after': '2' } });
    expect(answer.body).not.toMatch(/quota/i);
  });
});
