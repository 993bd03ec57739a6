// A learner's data rights: a copy of their data as a file, deleting the
// account (after which they are signed out and cannot sign in again), and
// changing the account's email once the new address is proven.
import { adminPage, expect, fillLogIn, hydrated, javaScriptOn, linkFromOutbox, PASSWORD, register, test, uniqueEmail } from './support';

test('a learner downloads their data, then deletes their account', async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, 'leaving');
  await register(page, 'Lea Villanueva', email);
  await page.getByRole('link', { name: /Download your data or delete your account/ }).click();
  await expect(page).toHaveURL(/\/account\/data$/);

  const download = await page.request.get('/account/data.json');
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain('my-kurso-data.json');
  const data = await download.json();
  expect(data.account.email).toBe(email);
  expect(data.account.name).toBe('Lea Villanueva');

  await hydrated(page);
  await page.getByLabel(/^Your password/).fill('not my password at all');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('That is not your password.')).toBeVisible();

  await hydrated(page);
  await page.getByLabel(/^Your password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login\?account_deleted=1$/);
  await expect(page.getByText('Your account was deleted and you were signed out everywhere.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();

  await fillLogIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
});

test('a learner changes their email, and the account switches once the new address is confirmed', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'moving');
  const newEmail = uniqueEmail(testInfo, 'moved');
  await register(page, 'Paolo Reyes', email);
  await page.goto('/account');
  await hydrated(page);
  await page.getByLabel(/^New email/).fill(newEmail);
  await page.getByLabel(/^Your password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Change email' }).click();
  await expect(page.getByText('We sent a link to your new address.')).toBeVisible();
  await expect(page.getByText(email, { exact: true })).toBeVisible();

  const admin = await adminPage(browser, javaScriptOn(testInfo));
  const link = await linkFromOutbox(admin, newEmail, '/account/confirm-email');
  await page.goto(link);
  await hydrated(page);
  await page.getByRole('button', { name: 'Use my new email' }).click();
  await expect(page).toHaveURL(/\/account\?email_changed=1$/);
  await expect(page.getByText('Your email address was changed.')).toBeVisible();
  await expect(page.getByText(newEmail, { exact: true })).toBeVisible();
});
