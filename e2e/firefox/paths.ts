/** Where the Firefox suite finds its build and its browser (shared with scripts/e2e/firefox.ts, which builds it). */
export const FIREFOX_OUT_DIR = process.env.MOODDJ_FIREFOX_OUT_DIR ?? '.output-firefox-e2e';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
