import { describe, expect, it } from 'vitest';
import { cameraStatusText } from './status-text';

describe('the words for a camera status', () => {
  it('a blocked camera: Chrome opens the extension’s site settings; Firefox, which lets no extension open its own, says where to go', () => {
    expect(cameraStatusText(false).blocked.action).toBe('site-settings');
    const firefox = cameraStatusText(true).blocked;
    expect(firefox.action).toBeNull();
    expect(firefox.hint).toContain('about:preferences#privacy');
    expect(firefox.hint).toMatch(/camera icon in the address bar/);
  });

  it('the other statuses read the same in both browsers', () => {
    const { blocked: _c, ...chrome } = cameraStatusText(false);
    const { blocked: _f, ...firefox } = cameraStatusText(true);
    expect(firefox).toEqual(chrome);
  });
});
