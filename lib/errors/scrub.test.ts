import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub';

const ACCESS = 'BQDx7d9v3kLmN0pQrStUvWxYz_1234567890abcdefGHIJKLmnopQRSTuvwxYZ-0987654321';
const REFRESH = 'AQCa9b8c7d6e5f4g3h2i1j0kLmNoPqRsTuVwXyZ_abcdefghijklmnopqrstuvwxyz0123456789';
const RAPID = 'a1b2c3d4e5msh0f9e8d7c6b5a4p1a2b3cjsn9f8e7d6c5b4a';

describe('scrubSecrets', () => {
  it('hides a bearer token in a header or a sentence', () => {
    expect(scrubSecrets(`Authorization: Bearer ${ACCESS}`)).toBe('Authorization: Bearer [redacted]');
    expect(scrubSecrets('sent bearer abc.def-ghi with the request')).toBe('sent bearer [redacted] with the request');
  });

  it('hides the RapidAPI key in any spelling of its header', () => {
    for (const line of [
      `x-rapidapi-key: ${RAPID}`,
      `X-RapidAPI-Key=${RAPID}`,
      `{"x-rapidapi-key":"${RAPID}"}`,
      `rapidApiKey: 'short-key'`,
    ]) {
      const out = scrubSecrets(line);
      expect(out).toContain('[redacted]');
      expect(out).not.toContain(RAPID);
      expect(out).not.toContain('short-key');
    }
  });

  it('hides refresh and access tokens as form fields, JSON and object keys', () => {
    for (const line of [
      `grant_type=refresh_token&refresh_token=${REFRESH}&client_id=0123`,
      `{"access_token":"tok","refresh_token":"r-tok","expires_in":3600}`,
      `refreshToken: r.tok, accessToken: a.tok`,
      `code_verifier=verifier-value`,
    ]) {
      const out = scrubSecrets(line);
      for (const secret of [REFRESH, 'r-tok', 'r.tok', 'a.tok', '"tok"', 'verifier-value']) {
        expect(out).not.toContain(secret);
      }
    }
    // The field names and harmless neighbours stay readable.
    expect(scrubSecrets(`grant_type=refresh_token&refresh_token=${REFRESH}&client_id=0123`)).toBe(
      'grant_type=refresh_token&refresh_token=[redacted]&client_id=0123',
    );
  });

  it('hides a long opaque token standing alone', () => {
    expect(scrubSecrets(`token ${ACCESS} was refused`)).toBe('token [redacted] was refused');
  });

  it('leaves track ids, client ids, URLs and status codes alone', () => {
    const line =
      'Spotify answered 429 for https://api.spotify.com/v1/me/tracks?offset=50 (track 4uLU6hMCjMI75M1A2tKUQC, client 0123456789abcdef0123456789abcdef)';
    expect(scrubSecrets(line)).toBe(line);
  });
});
