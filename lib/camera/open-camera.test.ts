import { describe, expect, it } from 'vitest';
import { cameraPermission, statusForCameraError } from './open-camera';

describe('statusForCameraError', () => {
  it('reads a dismissed prompt as "not allowed yet" and a denial as "blocked"', () => {
    const dismissed = new DOMException('Permission dismissed', 'NotAllowedError');
    expect(statusForCameraError(dismissed, 'prompt').status).toBe('not-allowed');
    expect(statusForCameraError(dismissed, 'unknown').status).toBe('not-allowed');
    expect(statusForCameraError(dismissed, 'denied').status).toBe('blocked');
  });

  it('tells a missing camera from a busy one', () => {
    expect(statusForCameraError(new DOMException('x', 'NotFoundError'), 'granted').status).toBe('no-camera');
    expect(statusForCameraError(new DOMException('x', 'NotReadableError'), 'granted')).toEqual({
      status: 'error',
      detail: 'the camera is in use by another app',
    });
  });
});

describe('cameraPermission', () => {
  it('answers "unknown" when the browser cannot say', async () => {
    expect(await cameraPermission(undefined)).toBe('unknown');
    const throwing = {
      query: () => Promise.reject(new TypeError('camera is not a valid name')),
    } as unknown as Permissions;
    expect(await cameraPermission(throwing)).toBe('unknown');
    const denied = { query: async () => ({ state: 'denied' }) } as unknown as Permissions;
    expect(await cameraPermission(denied)).toBe('denied');
  });
});
