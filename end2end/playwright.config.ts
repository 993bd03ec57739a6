import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// scripts/test picks a free port and a fresh database; these defaults let a
// developer run `npx playwright test --config end2end/playwright.config.ts`
// against a release build by hand.
const port = Number(process.env.KURSO_E2E_PORT ?? 3005);
const baseURL = `http://127.0.0.1:${port}`;
const databaseURL = (process.env.KURSO_E2E_DATABASE_URL ??= 'sqlite://target/e2e/kurso.db');
// The admin global-setup creates; workers inherit these from the main process.
process.env.KURSO_E2E_ADMIN_EMAIL ??= 'e2e-admin@example.com';
process.env.KURSO_E2E_ADMIN_PASSWORD ??= `e2e ${randomBytes(12).toString('hex')} lantern`;
// Where both workers note the pages already checked in this run (checks.ts).
process.env.KURSO_E2E_CHECKED_PAGES ??= mkdtempSync(path.join(tmpdir(), 'kurso-e2e-checked-'));

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  outputDir: './test-results',
  reporter: 'list',
  timeout: 30_000,
  // Two workers, Chromium and the server share two cores; argon2 runs on each sign-in.
  expect: { timeout: 10_000 },
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
    // The log goes to a file that scripts/test searches for leaked passwords.
    command: `./target/release/kurso serve >> ${process.env.KURSO_E2E_SERVER_LOG ?? 'target/e2e-server.log'} 2>&1`,
    cwd: '..',
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      KURSO_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: databaseURL,
      // Links in emails must point at this server.
      KURSO_PUBLIC_URL: baseURL,
      // Both projects sign in and register many times from 127.0.0.1 within a minute.
      KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE: '1000',
      // ... and send enquiries; a test fills a form faster than a person could, so
      // the minimum fill time (tested in tests/api/enquiries.rs) is off here.
      KURSO_ENQUIRIES_PER_IP_PER_HOUR: '1000',
      KURSO_ENQUIRY_MIN_FILL_SECS: '0',
      // The webhook test's receiver listens on 127.0.0.1 (refused by default).
      KURSO_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      // A key of this run's own: the tests never write a key file into the checkout.
      KURSO_DATA_KEY: randomBytes(32).toString('base64'),
      RUST_LOG: 'debug,hyper=info,hyper_util=info,h2=info',
    },
  },
});
