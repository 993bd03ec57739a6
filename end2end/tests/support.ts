// What several specs share: unique learners, signing in, the admin made by
// global-setup, and whether the current project runs JavaScript.
import { Browser, expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'mango jeepney sunset 42';

export const javaScriptOn = (testInfo: TestInfo) => testInfo.project.name === 'javascript';

/** Pages made by `newPage`/`adminPage` with JavaScript on. */
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
  await logIn(page, process.env.KURSO_E2E_ADMIN_EMAIL!, process.env.KURSO_E2E_ADMIN_PASSWORD!);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/** A new browser context, with or without JavaScript like the current project. */
export async function newPage(browser: Browser, testInfo: TestInfo) {
  const context = await browser.newContext({ javaScriptEnabled: javaScriptOn(testInfo) });
  const page = await context.newPage();
  if (javaScriptOn(testInfo)) scriptedPages.add(page);
  return page;
}
