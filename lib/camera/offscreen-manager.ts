import { type Browser, browser } from 'wxt/browser';
import { createSerialQueue } from '@/lib/async/serial';

/** The offscreen document's path, as WXT builds `entrypoints/offscreen/`. */
export const OFFSCREEN_PATH = '/offscreen.html';

/** The slice of `chrome.offscreen`/`runtime` the manager uses, so tests can pass a fake. */
export interface OffscreenApi {
  hasDocument(): Promise<boolean>;
  create(): Promise<void>;
  close(): Promise<void>;
}

export const chromeOffscreenApi: OffscreenApi = {
  async hasDocument() {
    const contexts = await browser.runtime.getContexts({
      contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType],
      documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
    });
    return contexts.length > 0;
  },
  create: () =>
    browser.offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['USER_MEDIA' as Browser.offscreen.Reason],
      justification: 'Reads the webcam on this device to detect the mood of the person listening.',
    }),
  close: () => browser.offscreen.closeDocument(),
};

/**
 * Creates and closes the one offscreen document a profile may have. Calls are
 * serialised, and the "already exists" / "no document" races that concurrent events
 * cause are treated as the state they describe.
 */
export function createOffscreenManager(api: OffscreenApi = chromeOffscreenApi) {
  const serial = createSerialQueue().run;
  return {
    /** Resolves true if this call created the document. */
    open: () =>
      serial(async () => {
        if (await api.hasDocument()) return false;
        try {
          await api.create();
          return true;
        } catch (error) {
          if (/single offscreen|already exists/i.test(String(error))) return false;
          throw error;
        }
      }),
    /** Resolves true if this call closed a document. */
    close: () =>
      serial(async () => {
        if (!(await api.hasDocument())) return false;
        try {
          await api.close();
          return true;
        } catch (error) {
          if (/no current offscreen|not.*exist/i.test(String(error))) return false;
          throw error;
        }
      }),
    isOpen: () => serial(() => api.hasDocument()),
  };
}

export type OffscreenManager = ReturnType<typeof createOffscreenManager>;
