import { Browser, Page, TestInfo } from '@playwright/test';
import { adminPage, confirmEmail, expect, fillLogIn, hydrated, javaScriptOn, linkFromOutbox, newPage, PASSWORD, register, test, uniqueEmail } from './support';

/** A new published course with one run of `capacity` seats; returns the course's path. */
async function courseWithOneRun(browser: Browser, testInfo: TestInfo, capacity: number) {
  const admin = await adminPage(browser, javaScriptOn(testInfo));
  // Random, not the clock: tests in parallel workers start in the same millisecond.
  const suffix = `${javaScriptOn(testInfo) ? 'J' : 'N'}${Math.random().toString(36).slice(2, 9)}`;
  const title = `Incident Response Drill ${suffix}`;
  await admin.goto('/admin/courses/new');
  await hydrated(admin);
  await admin.getByLabel('Title').fill(title);
  await admin.getByLabel('Code').fill(`IRD-${suffix}`);
  await admin.getByLabel('Summary').fill('Practise a security incident from alert to report.');
  await admin.getByLabel('Category').selectOption({ label: 'Cybersecurity' });
  await admin.getByLabel('Price (₱)').fill('9,500');
  await admin.getByLabel('Duration (hours)').fill('8');
  await admin.getByLabel('Published (visible to visitors)').check();
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin.getByText('The course was saved.')).toBeVisible();

  await addRun(admin, '2027-04-14', 'Wed 14 Apr 2027', capacity);
  const path = await admin.getByRole('link', { name: 'Public page →' }).getAttribute('href');
  return { admin, title, path: path! };
}

async function openEnrollPage(page: Page, coursePath: string, link: string) {
  await page.goto(coursePath);
  await page.locator('#runs li.run').first().getByRole('link', { name: new RegExp(`^${link}`) }).click();
}

test('a visitor logs in from the course page, confirms the email, enrolls and sees the run under My trainings', async ({ browser }, testInfo) => {
  const { admin, title, path } = await courseWithOneRun(browser, testInfo, 5);
  const email = uniqueEmail(testInfo, 'rosa');
  const page = await newPage(browser, testInfo);
  await register(page, 'Rosa Dizon', email);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();

  // As a visitor: the enroll link asks for a login and comes back.
  await openEnrollPage(page, path, 'Enroll');
  await expect(page).toHaveURL(/\/login\?next=%2Fenroll%2F\d+/);
  await fillLogIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/enroll\/\d+$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  // Seats are for confirmed addresses: the page says so and sends the link again,
  // and the link brings the learner back to this run.
  await expect(page.getByText('please confirm your email address')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Confirm enrollment' })).toHaveCount(0);
  await hydrated(page);
  await page.getByRole('button', { name: 'Send the confirmation email again' }).click();
  await expect(page).toHaveURL(/\/enroll\/\d+\?sent=1$/);
  await expect(page.getByText('We sent you a new confirmation link.')).toBeVisible();
  const link = await linkFromOutbox(admin, email, '/verify-email');
  expect(link).toContain('next=%2Fenroll%2F');
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page).toHaveURL(/\/enroll\/\d+\?verified=1$/);
  await expect(page.getByText('your email address is confirmed')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm enrollment' }).click();

  await expect(page).toHaveURL(/\/me\/trainings\?enrolled=\d+/);
  await expect(page.getByText('You are enrolled. We emailed you the details.')).toBeVisible();
  const place = page.locator('li', { hasText: title });
  await expect(place).toContainText('Confirmed');
  await expect(place).toContainText('Wed 14 Apr 2027');
  await expect(place.getByRole('link', { name: 'Add to calendar' })).toBeVisible();

  // Enrolling again is refused with a clear message.
  await page.goto(path);
  await openEnrollPage(page, path, 'Enroll');
  await expect(page.getByText('You already have a place in this training date')).toBeVisible();
});

test('a learner waits for a full run, and claims the seat another learner gives up', async ({ browser }, testInfo) => {
  const { admin, title, path } = await courseWithOneRun(browser, testInfo, 1);
  const first = await newPage(browser, testInfo);
  const firstEmail = uniqueEmail(testInfo, 'marco');
  await register(first, 'Marco Reyes', firstEmail);
  await confirmEmail(first, admin, firstEmail);
  await openEnrollPage(first, path, 'Enroll');
  await first.getByRole('button', { name: 'Confirm enrollment' }).click();
  await expect(first.locator('li', { hasText: title })).toContainText('Confirmed');

  const secondEmail = uniqueEmail(testInfo, 'liza');
  const second = await newPage(browser, testInfo);
  await register(second, 'Liza Santos', secondEmail);
  await confirmEmail(second, admin, secondEmail);
  await openEnrollPage(second, path, 'Join waitlist');
  await expect(second.getByText(/This date is full/)).toBeVisible();
  await second.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(second).toHaveURL(/\/me\/trainings\?waitlisted=\d+/);
  await expect(second.locator('li', { hasText: title })).toContainText('1st in line');

  await first.goto('/me/trainings');
  await first.locator('li', { hasText: title }).getByRole('button', { name: 'Cancel my place' }).click();
  await expect(first.getByText('Your place was cancelled.')).toBeVisible();

  // The offer arrives by email; its link leads to My trainings, where the seat is claimed.
  await admin.goto(`/admin/outbox?to=${encodeURIComponent(secondEmail)}`);
  const offer = admin.locator(`li[data-recipient="${secondEmail}"]`, { hasText: 'A seat is free for you' });
  const body = await offer.locator('pre').first().textContent();
  const link = body?.match(/https?:\/\/\S+\/me\/trainings/);
  expect(link, `a My trainings link in: ${body}`).not.toBeNull();
  await second.goto(new URL(link![0]).pathname);
  const place = second.locator('li', { hasText: title });
  await expect(place).toContainText('Seat offered');
  await place.getByRole('button', { name: 'Claim the seat' }).click();
  await expect(second.getByText('The seat is yours. We emailed you the details.')).toBeVisible();
  await expect(second.locator('li', { hasText: title })).toContainText('Confirmed');
});

/**
 * Adds a one-day online run on `day` and waits until the dates table lists it
 * as `shown`. The "saved" flash alone is no proof: it stays up from the
 * previous save, and the editor re-renders (emptying the run form) once the
 * new list arrives, so the next step starts only after that.
 */
async function addRun(admin: Page, day: string, shown: string, capacity = 5) {
  await admin.getByLabel('First day').fill(day);
  await admin.getByLabel('Last day').fill(day);
  await admin.getByLabel('Delivery').selectOption({ label: 'Online' });
  await admin.getByLabel('Capacity').fill(String(capacity));
  await admin.getByLabel('Minimum to run').fill('1');
  await admin.getByRole('button', { name: 'Add run' }).click();
  await expect(admin.getByText('The run was saved.')).toBeVisible();
  await expect(admin.locator('#runs tr[data-row]', { hasText: shown })).toHaveCount(1);
}

test('a learner moves to another date and subscribes to a calendar feed', async ({ browser }, testInfo) => {
  const { admin, title, path } = await courseWithOneRun(browser, testInfo, 5);
  await addRun(admin, '2027-05-19', 'Wed 19 May 2027');
  const page = await newPage(browser, testInfo);
  const email = uniqueEmail(testInfo, 'jun');
  await register(page, 'Jun Bautista', email);
  await confirmEmail(page, admin, email);
  await openEnrollPage(page, path, 'Enroll');
  await page.getByRole('button', { name: 'Confirm enrollment' }).click();
  await expect(page.locator('li', { hasText: title })).toContainText('Wed 14 Apr 2027');

  await page.locator('li', { hasText: title }).getByRole('link', { name: 'Change date' }).click();
  await expect(page).toHaveURL(/\/me\/trainings\/\d+\/move$/);
  await page.locator('li', { hasText: 'Wed 19 May 2027' }).getByRole('button', { name: 'Move to this date' }).click();
  await expect(page.getByText('Your seat moved to the new date.')).toBeVisible();
  const upcoming = page.locator('section', { has: page.getByRole('heading', { name: 'Upcoming' }) });
  await expect(upcoming.locator('li', { hasText: title })).toContainText('Wed 19 May 2027');
  await expect(upcoming.locator('li', { hasText: title })).toHaveCount(1);

  await page.getByRole('button', { name: 'Get a calendar address' }).click();
  const address = await page.getByLabel(/Your calendar address/).inputValue();
  expect(address).toMatch(/\/calendar\/feed\.ics\?token=[\w-]{20,}$/);
  const feed = await page.request.get(new URL(address).pathname + new URL(address).search);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain(title);
  await expect(page.getByText(/On since/)).toBeVisible();
});

test('an admin opens a run roster and exports it as CSV', async ({ browser }, testInfo) => {
  const { admin, title, path } = await courseWithOneRun(browser, testInfo, 3);
  const editor = admin.url();
  const email = uniqueEmail(testInfo, 'ana');
  const learner = await newPage(browser, testInfo);
  await register(learner, 'Ana Peña', email);
  await confirmEmail(learner, admin, email);
  await openEnrollPage(learner, path, 'Enroll');
  await learner.getByRole('button', { name: 'Confirm enrollment' }).click();
  await expect(learner.locator('li', { hasText: title })).toContainText('Confirmed');

  await admin.goto(editor);
  await admin.getByRole('link', { name: 'Roster' }).first().click();
  await expect(admin).toHaveURL(/\/admin\/runs\/\d+$/);
  await expect(admin.getByTestId('seat-count')).toContainText('1 of 3 seats taken');
  await expect(admin.locator('li', { hasText: email })).toContainText('Ana Peña');

  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^roster-run-\d+\.csv$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv.split(/\r?\n/)[0]).toContain('Name,Email,Status');
  expect(csv).toContain(`Ana Peña,${email},Confirmed`);
});
