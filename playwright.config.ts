// Playwright drives the built console (dist/) in Debian's Chromium. `npm run test:e2e`
// builds first; the console is served by e2e/fixtures.ts with the production server and
// headers (scripts/serve-console.js), on a free loopback port per worker.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const CI = Boolean(process.env['CI']);
const chromium = process.env['PLAYWRIGHT_CHROMIUM_EXECUTABLE'] ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(`e2e: no Chromium at ${chromium}; install it (sudo apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to your browser`);
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  ...(CI ? { workers: 1 } : {}),
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // The list reporter's summary ("N passed (…)") must be the last line CI prints, so the
  // HTML report is written quietly (open: 'never').
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
