import { describe, expect, it } from 'vitest';
import { parseNetLog, requestsByExtension } from './net-log';

const ID = 'glmgeodeblocnbhnebfbkflannpckceg';
const log = {
  constants: { logEventTypes: { URL_REQUEST_START_JOB: 7, REQUEST_ALIVE: 1 } },
  events: [
    { type: 1, params: { url: 'https://ignored.test/' } },
    {
      type: 7,
      params: { url: 'https://odml.pa.googleapis.com/v1/log', method: 'POST', initiator: `chrome-extension://${ID}` },
    },
    { type: 7, params: { url: 'https://api.spotify.com/v1/me', method: 'GET', initiator: `chrome-extension://${ID}` } },
    { type: 7, params: { url: 'https://open.spotify.com/', method: 'GET' } },
    { type: 7, params: { url: 'https://example.com/', method: 'GET', initiator: 'https://open.spotify.com' } },
  ],
};

describe('the net log reader', () => {
  it("finds each started request and keeps the extension's own, MediaPipe's metrics included", () => {
    const requests = parseNetLog(JSON.stringify(log));
    expect(requests).toHaveLength(4);
    expect(requestsByExtension(requests, ID).map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://odml.pa.googleapis.com/v1/log',
      'GET https://api.spotify.com/v1/me',
    ]);
  });

  it('reads a log Chromium did not get to close', () => {
    const text = JSON.stringify(log).replace(/\]\}$/, ',');
    expect(parseNetLog(text)).toHaveLength(4);
  });

  it('refuses a file that is not a net log', () => {
    expect(() => parseNetLog(JSON.stringify({ constants: { logEventTypes: {} }, events: [] }))).toThrow(
      'no URL_REQUEST_START_JOB',
    );
  });
});
