import { defineConfig } from '@playwright/test';

// Browsers are not downloaded: the "browser" project drives the system Chromium.
const CHROMIUM = process.env['GATEHOUSE_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  forbidOnly: process.env['CI'] !== undefined,
  reporter: [['list']],
  timeout: 90_000,
  // The UI tests drive the real product against the real test cluster.
  globalSetup: './e2e/ui/support/global-setup.ts',
  // One cluster, ports from one range, 2 cores: tests run one at a time.
  workers: 1,
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/ui',
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
