import { describe, expect, it } from 'vitest';
import { pageOnInstall, pageUrl } from './page-url';

const ID = 'glmgeodeblocnbhnebfbkflannpckceg';
const getUrl = (path: string) => `chrome-extension://${ID}${path}`;

describe('pageUrl', () => {
  it('opens options at a section, the grant page and the privacy page inside the extension', () => {
    expect(pageUrl({ page: 'options', section: 'camera' }, ID, getUrl)).toBe(
      `chrome-extension://${ID}/options.html#camera`,
    );
    expect(pageUrl({ page: 'camera-grant' }, ID, getUrl)).toBe(`chrome-extension://${ID}/camera-grant.html`);
    expect(pageUrl({ page: 'privacy' }, ID, getUrl)).toBe(`chrome-extension://${ID}/privacy.html`);
  });

  it("sends a blocked camera to the extension's own site settings", () => {
    expect(pageUrl({ page: 'camera-site-settings' }, ID, getUrl)).toBe(
      `chrome://settings/content/siteDetails?site=chrome-extension%3A%2F%2F${ID}`,
    );
  });

  it('refuses the site settings in Firefox, which opens no settings page for an extension, saying where they are', () => {
    expect(() => pageUrl({ page: 'camera-site-settings' }, ID, getUrl, true)).toThrow(/about:preferences#privacy/);
  });

  it('opens the welcome page inside the extension', () => {
    expect(pageUrl({ page: 'welcome' }, ID, getUrl)).toBe(`chrome-extension://${ID}/welcome.html`);
  });
});

describe('pageOnInstall', () => {
  it('greets a first install with the welcome page, and nothing else', () => {
    expect(pageOnInstall('install')).toEqual({ page: 'welcome' });
    expect(pageOnInstall('update')).toBeNull();
    expect(pageOnInstall('chrome_update')).toBeNull();
    expect(pageOnInstall('shared_module_update')).toBeNull();
  });
});
