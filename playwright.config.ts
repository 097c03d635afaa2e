import { defineConfig } from '@playwright/test';

// One worker: each test starts its own Chromium with the built extension, and the
// machines are 2-core. The extension is built by `npm run test:e2e` before this runs.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
});
