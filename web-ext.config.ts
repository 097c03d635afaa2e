import { defineWebExtConfig } from 'wxt';

// `npm run dev` opens Chromium with the extension only where there is a display to show it.
export default defineWebExtConfig({
  disabled: !process.env.DISPLAY,
  binaries: process.env.CHROMIUM_PATH ? { chrome: process.env.CHROMIUM_PATH } : undefined,
});
