import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the real renderer in Debian's Chromium against the web host
 * (never a browser download), and the same specs in Electron where its binary exists.
 */
export default defineConfig({
  testDir: 'test/e2e',
  // The specs drive the test build (npm run build:test): see docs/ARCHITECTURE.md, "Test hooks".
  globalSetup: './test/e2e/support/global-setup.ts',
  outputDir: 'test-results/output',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'off',
  },
});
