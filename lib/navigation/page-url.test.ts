import { describe, expect, it } from 'vitest';
import { pageUrl } from './page-url';

const ID = 'glmgeodeblocnbhnebfbkflannpckceg';
const getUrl = (path: string) => `chrome-extension://${ID}${path}`;

describe('pageUrl', () => {
  it('opens options at a section and the grant page inside the extension', () => {
    expect(pageUrl({ page: 'options', section: 'camera' }, ID, getUrl)).toBe(
      `chrome-extension://${ID}/options.html#camera`,
    );
    expect(pageUrl({ page: 'camera-grant' }, ID, getUrl)).toBe(`chrome-extension://${ID}/camera-grant.html`);
  });

  it("sends a blocked camera to the extension's own site settings", () => {
    expect(pageUrl({ page: 'camera-site-settings' }, ID, getUrl)).toBe(
      `chrome://settings/content/siteDetails?site=chrome-extension%3A%2F%2F${ID}`,
    );
  });
});
