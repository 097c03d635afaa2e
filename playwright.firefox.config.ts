import { defineConfig } from '@playwright/test';

// The Firefox suite: the Playwright runner, with the tests driving Firefox ESR themselves through puppeteer-core over
// WebDriver BiDi (Playwright's own Firefox is a patched build we cannot install). `npm run test:e2e:firefox` builds
// the extension and runs this under xvfb-run. One worker: each test starts its own Firefox on a 2-core machine.
export default defineConfig({
  testDir: 'e2e/firefox',
  testMatch: '**/*.ff.ts',
  outputDir: 'test-results/playwright-firefox',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
});
