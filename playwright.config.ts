import { defineConfig } from '@playwright/test';

// E2E tests run against `sensorlab serve` (see test/e2e/fixtures.ts) in Debian's Chromium.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: /.*\.e2e\.ts$/,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'off',
    screenshot: 'off'
  }
});
