import { describe, expect, it } from 'vitest';
import { guardFetch } from './fetch-guard';
import { EXTENSION_PAGES_CSP, isAllowedUrl } from './hosts';

const EXT = 'chrome-extension://glmgeodeblocnbhnebfbkflannpckceg';

describe('the contacted hosts', () => {
  it('allow the extension itself, Spotify and the two feature providers, and nothing else', () => {
    expect(isAllowedUrl(`${EXT}/mediapipe/face_landmarker.task`, EXT)).toBe(true);
    expect(isAllowedUrl('https://api.spotify.com/v1/me/tracks', EXT)).toBe(true);
    expect(isAllowedUrl('https://accounts.spotify.com/api/token', EXT)).toBe(true);
    expect(isAllowedUrl('https://api.reccobeats.com/v1/audio-features?ids=a', EXT)).toBe(true);
    expect(isAllowedUrl('https://track-analysis.p.rapidapi.com/pktx/spotify/x', EXT)).toBe(true);
    for (const url of [
      'https://odml.pa.googleapis.com/v1/log',
      'http://api.spotify.com/v1/me',
      'https://api.spotify.com.evil.test/',
      'https://open.spotify.com/',
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop/x',
      'not a url',
    ]) {
      expect(isAllowedUrl(url, EXT), url).toBe(false);
    }
  });

  it('make a CSP whose connect-src lists exactly those hosts', () => {
    const connect = EXTENSION_PAGES_CSP.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('connect-src'));
    expect(connect?.split(' ').slice(1).sort()).toEqual(
      [
        "'self'",
        'https://accounts.spotify.com',
        'https://api.reccobeats.com',
        'https://api.spotify.com',
        'https://track-analysis.p.rapidapi.com',
      ].sort(),
    );
    expect(EXTENSION_PAGES_CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });
});

describe('guardFetch', () => {
  const seen: string[] = [];
  const inner = (async (input: RequestInfo | URL) => {
    seen.push(String(input instanceof Request ? input.url : input));
    return new Response('ok');
  }) as typeof fetch;
  const guarded = guardFetch(inner, EXT);

  it("refuses MediaPipe's metrics host without a network call", async () => {
    seen.length = 0;
    await expect(guarded('https://odml.pa.googleapis.com/v1/log', { method: 'POST' })).rejects.toThrow(
      'MoodDJ does not contact odml.pa.googleapis.com.',
    );
    await expect(guarded(new Request('https://example.com/'))).rejects.toThrow(TypeError);
    expect(seen).toEqual([]);
  });

  it('passes the extension’s own files, relative URLs and the named hosts through', async () => {
    seen.length = 0;
    await guarded(`${EXT}/mediapipe/vision_wasm_internal.wasm`);
    await guarded('/mediapipe/face_landmarker.task');
    await guarded(new URL('https://api.reccobeats.com/v1/audio-features?ids=a'));
    expect(seen).toEqual([
      `${EXT}/mediapipe/vision_wasm_internal.wasm`,
      '/mediapipe/face_landmarker.task',
      'https://api.reccobeats.com/v1/audio-features?ids=a',
    ]);
  });
});
