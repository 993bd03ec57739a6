// What several specs share: unique learners, signing in, the admin made by
// global-setup, and whether the current project runs JavaScript.
import { test as base, Browser, expect, Page, TestInfo } from '@playwright/test';
import { checkWatchedPages, resetWatched, watch } from './checks';

export const PASSWORD = 'mango jeepney sunset 42';

/**
 * Playwright's `test`, with every page the test visits checked afterwards for
 * accessibility (axe) and valid HTML (see checks.ts). Specs import it from here.
 */
export const test = base.extend<{ pageChecks: void }>({
  pageChecks: [
    async ({ browser, context }, use) => {
      void context; // torn down after the checks, so its cookies can be read
      resetWatched();
      await use();
      const findings = await checkWatchedPages(browser);
      expect(findings, 'axe (serious or critical) and html-validate findings').toEqual([]);
    },
    // The checks load every visited page again: time of their own, not the test's.
    { auto: true, timeout: 180_000 },
  ],
  page: async ({ page }, use, testInfo) => {
    // The test's own page counts too: without this, `hydrated(page)` returned
    // at once and a form filled in before hydration could lose what was typed.
    if (javaScriptOn(testInfo)) scriptedPages.add(page);
    watch(page, javaScriptOn(testInfo));
    await use(page);
  },
});
export { expect };

export const javaScriptOn = (testInfo: TestInfo) => testInfo.project.name === 'javascript';

/** Pages with JavaScript on: each test's `page`, and those made by `newPage`/`adminPage`. */
const scriptedPages = new WeakSet<Page>();

/**
 * Waits until the app has hydrated, on pages that run JavaScript: text typed
 * into a form before hydration can be replaced by the form's initial state.
 */
export async function hydrated(page: Page) {
  if (scriptedPages.has(page)) {
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  }
}

/** An address no other test (or project, or earlier run) uses. */
export function uniqueEmail(testInfo: TestInfo, who: string) {
  const project = testInfo.project.name.replace(/[^a-z]/g, '');
  return `${who}.${project}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function register(page: Page, name: string, email: string) {
  await page.goto('/register');
  await hydrated(page);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('I accept the terms').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account\?welcome=1/);
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await fillLogIn(page, email, password);
}

/** Fills and sends the login form already on the page. */
export async function fillLogIn(page: Page, email: string, password: string) {
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A page signed in as the admin made by global-setup, in a browser context of its own. */
export async function adminPage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  if (javaScriptEnabled) scriptedPages.add(page);
  watch(page, javaScriptEnabled);
  await logIn(page, process.env.KURSO_E2E_ADMIN_EMAIL!, process.env.KURSO_E2E_ADMIN_PASSWORD!);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/** A new browser context, with or without JavaScript like the current project. */
export async function newPage(browser: Browser, testInfo: TestInfo) {
  const context = await browser.newContext({ javaScriptEnabled: javaScriptOn(testInfo) });
  const page = await context.newPage();
  if (javaScriptOn(testInfo)) scriptedPages.add(page);
  watch(page, javaScriptOn(testInfo));
  return page;
}

/** The link in the newest email to `email` whose path is `path`, as an admin reads it in the outbox. */
export async function linkFromOutbox(admin: Page, email: string, path: string) {
  await admin.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  const body = await admin.locator(`li[data-recipient="${email}"] pre`).first().textContent();
  const match = body?.match(new RegExp(`https?://\\S+${path}\\?token=[^\\s]+`));
  expect(match, `a ${path} link in: ${body}`).not.toBeNull();
  return match![0];
}

/** Confirms the learner's email with the link an admin finds in the outbox. */
export async function confirmEmail(learner: Page, admin: Page, email: string) {
  const link = await linkFromOutbox(admin, email, '/verify-email');
  await learner.goto(link);
  await hydrated(learner);
  await learner.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(learner).toHaveURL(/verified=1/);
}
