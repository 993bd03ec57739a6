// What several specs share: unique learners, signing in, the admin made by
// global-setup, and whether the current project runs JavaScript.
import { Browser, expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'mango jeepney sunset 42';

export const javaScriptOn = (testInfo: TestInfo) => testInfo.project.name === 'javascript';

/** An address no other test (or project, or earlier run) uses. */
export function uniqueEmail(testInfo: TestInfo, who: string) {
  const project = testInfo.project.name.replace(/[^a-z]/g, '');
  return `${who}.${project}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function register(page: Page, name: string, email: string) {
  await page.goto('/register');
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
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A page signed in as the admin made by global-setup, in a browser context of its own. */
export async function adminPage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await logIn(page, process.env.KURSO_E2E_ADMIN_EMAIL!, process.env.KURSO_E2E_ADMIN_PASSWORD!);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/** A new browser context, with or without JavaScript like the current project. */
export async function newPage(browser: Browser, testInfo: TestInfo) {
  const context = await browser.newContext({ javaScriptEnabled: javaScriptOn(testInfo) });
  return context.newPage();
}
