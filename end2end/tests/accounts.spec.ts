import { adminPage, expect, hydrated, javaScriptOn, linkFromOutbox, logIn, PASSWORD, register, test, uniqueEmail } from './support';

const NEW_PASSWORD = 'calamansi harbour lantern 7';

test('a learner registers, confirms the email from the outbox link, logs out and logs in', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'ana');

  // Mistakes are shown field by field, and what was typed stays (except the password).
  await page.goto('/register');
  await page.getByLabel('Email').fill('ana@');
  await page.getByLabel('Password').fill('password1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await expect(page.getByText('Enter a full email address, like ana@example.com.')).toBeVisible();
  await expect(page.getByText('Please accept the terms to create an account.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('ana@');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  await register(page, 'Ana Santos', email);
  await expect(page.getByText('Welcome! Your account is ready.')).toBeVisible();
  await expect(page.getByText('Not confirmed yet')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' })).toBeVisible();

  const admin = await adminPage(browser, javaScriptOn(testInfo));
  const link = await linkFromOutbox(admin, email, '/verify-email');
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page).toHaveURL(/\/account\?verified=1/);
  await expect(page.getByText('your email address is confirmed')).toBeVisible();
  await expect(page.getByText('Confirmed', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })).toBeVisible();
  expect((await page.goto('/account'))?.url()).toContain('/login?next=');

  await logIn(page, email, 'not my password at all');
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(email)).toBeVisible();
});

test('a learner resets a forgotten password with the link from the outbox', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'ben');
  await register(page, 'Ben Reyes', email);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('If an account exists for that email, a reset link is on its way.')).toBeVisible();

  const admin = await adminPage(browser, javaScriptOn(testInfo));
  const link = await linkFromOutbox(admin, email, '/reset-password');
  await page.goto(link);
  await hydrated(page);
  await page.getByLabel('New password').fill('password');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText(/common password/)).toBeVisible();
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByText('Your password was changed.')).toBeVisible();

  await page.goto(link);
  await hydrated(page);
  await page.getByLabel('New password').fill('another fine passphrase 9');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('This reset link has expired or was already used.')).toBeVisible();

  await logIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
});

test('an admin disables a learner, whose open session ends at once', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'cora');
  await register(page, 'Cora Lim', email);

  const admin = await adminPage(browser, javaScriptOn(testInfo));
  await admin.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Users' }).click();
  await admin.getByRole('searchbox', { name: 'Search by name or email' }).fill(email);
  await admin.getByRole('button', { name: 'Search' }).click();
  const row = admin.locator(`tr[data-row="${email}"]`);
  await expect(row.getByText('Active')).toBeVisible();
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(admin.locator(`tr[data-row="${email}"]`).getByText('Disabled')).toBeVisible();

  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=/);
  await logIn(page, email, PASSWORD);
  await expect(page.getByText('This account is disabled.')).toBeVisible();

  await admin.goto('/admin/audit?action=user.disabled');
  await expect(admin.getByRole('cell', { name: 'user.disabled' }).first()).toBeVisible();
});

test('learners and visitors cannot open the dashboard', async ({ page }, testInfo) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers/);

  await register(page, 'Dan Cruz', uniqueEmail(testInfo, 'dan'));
  const response = await page.goto('/admin/users');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('You do not have access to this page.')).toBeVisible();
});
