import { describe, expect, it } from 'vitest';
import { requestCameraOnce } from './grant';

describe('requestCameraOnce', () => {
  it('releases the camera as soon as it is granted', async () => {
    const stopped: string[] = [];
    const stream = { getTracks: () => [{ stop: () => stopped.push('video') }] } as unknown as MediaStream;
    await expect(requestCameraOnce({ getUserMedia: async () => stream })).resolves.toBe('granted');
    expect(stopped).toEqual(['video']);
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'no-camera'],
    ['NotReadableError', 'busy'],
  ] as const)('maps %s to %s', async (name, outcome) => {
    const getUserMedia = async () => {
      throw new DOMException('nope', name);
    };
    await expect(requestCameraOnce({ getUserMedia })).resolves.toBe(outcome);
  });
});
