import { defineConfig } from '@playwright/test';

// scripts/test picks a free port and a fresh database; these defaults let a
// developer run `npx playwright test --config end2end/playwright.config.ts`
// against a release build by hand.
const port = Number(process.env.KURSO_E2E_PORT ?? 3005);
const baseURL = `http://127.0.0.1:${port}`;
const databaseURL = process.env.KURSO_E2E_DATABASE_URL ?? 'sqlite://target/e2e/kurso.db';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  reporter: 'list',
  timeout: 30_000,
  workers: 2,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    // Debian's Chromium: Playwright cannot download its own browser here.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // Every spec runs twice: as most visitors see the site, and without JavaScript.
  projects: [
    { name: 'javascript', use: { javaScriptEnabled: true } },
    { name: 'no-javascript', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: './target/release/kurso serve',
    cwd: '..',
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      KURSO_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: databaseURL,
      RUST_LOG: 'warn',
    },
  },
});
