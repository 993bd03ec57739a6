// The enquiry journey: from the backend article to a related course, from its
// page to the enquiry form and the thank-you page, with the errors a visitor
// can make on the way; then an admin finds the enquiry in the inbox, replies
// by email and closes it.
import { adminPage, expect, hydrated, javaScriptOn, test, uniqueEmail } from './support';

test('a reader asks about a training from the backend article, and an admin replies and closes the enquiry', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'marisol');
  await page.goto('/blog/what-is-a-backend-developer');
  await page.locator('#related-trainings a[href^="/courses/"]').first().click();
  await expect(page).toHaveURL(/\/courses\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split('/').pop()!;
  const courseTitle = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.getByRole('link', { name: 'Ask about this course', exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/contact\\?course=${slug}$`));
  await hydrated(page);
  const form = page.locator('#enquiry-form');
  await expect(form.getByLabel('What is it about?')).toHaveValue(`course:${slug}`);

  await form.getByLabel(/^Email/).fill('marisol@');
  await form.getByLabel(/^Phone/).fill('0917 555 0142');
  await form.getByLabel('Preferred way to train').selectOption({ label: 'In person, Cebu City' });
  await form.getByLabel('Your message').fill('We are twelve developers and want this course in March.');
  await form.getByRole('button', { name: 'Send enquiry' }).click();

  await expect(form.getByText('Enter your name.')).toBeVisible();
  await expect(form.getByText('Enter a full email address')).toBeVisible();
  await expect(form.getByText('Please agree that we may contact you')).toBeVisible();
  // What the visitor typed is still there.
  await expect(form.getByLabel('Your message')).toHaveValue('We are twelve developers and want this course in March.');
  await expect(form.getByLabel(/^Phone/)).toHaveValue('0917 555 0142');
  await expect(form.getByLabel('What is it about?')).toHaveValue(`course:${slug}`);

  await form.getByLabel('Full name').fill('Marisol Dimaculangan');
  await form.getByLabel(/^Email/).fill(email);
  await form.getByLabel('You may contact me').check();
  await form.getByRole('button', { name: 'Send enquiry' }).click();

  await expect(page).toHaveURL(/\/contact\/thank-you$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your enquiry');

  const admin = await adminPage(browser, javaScriptOn(testInfo));
  await admin.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  await expect(admin.locator(`li[data-recipient="${email}"]`).first()).toContainText('We received your enquiry');
  await expect(admin.locator(`li[data-recipient="${email}"] pre`).first()).toContainText(courseTitle);
  await expect(admin.locator(`li[data-recipient="${email}"] pre`).first()).not.toContainText('twelve developers');

  // The admin finds it in the inbox by the sender's address and reads it.
  await admin.goto('/admin/enquiries');
  await admin.getByLabel("Find a sender's enquiries by email").fill(email);
  await admin.getByRole('button', { name: 'Find' }).click();
  await expect(admin).toHaveURL(/\/admin\/enquiries\?email=/);
  await admin.getByRole('link', { name: 'Marisol Dimaculangan' }).click();
  await expect(admin).toHaveURL(/\/admin\/enquiries\/\d+$/);
  await expect(admin.locator('[data-message]')).toHaveText('We are twelve developers and want this course in March.');
  await expect(admin.getByText('+639175550142')).toBeVisible();
  await expect(admin.getByText('In person, Cebu City')).toBeVisible();

  // The admin replies by email, then closes it; both are on its timeline.
  await hydrated(admin);
  await admin.getByLabel(/^Your reply/).fill('Thank you, Marisol! We can run it in Cebu City in March for your team.');
  await admin.getByRole('button', { name: 'Send reply' }).click();
  await expect(admin.getByText('Your reply is in the outbox and on the timeline.')).toBeVisible();
  await expect(admin.getByText(/^Reply emailed by /)).toBeVisible();
  await expect(admin.getByText(/^Status: New → Answered/)).toBeVisible();
  await hydrated(admin);
  await admin.getByLabel('Status', { exact: true }).selectOption('closed');
  await admin.getByRole('button', { name: 'Change status' }).click();
  await expect(admin.getByText(/^Status: Answered → Closed/)).toBeVisible();

  await admin.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  await expect(admin.locator(`li[data-recipient="${email}"]`).first()).toContainText('About your enquiry');
  await expect(admin.locator(`li[data-recipient="${email}"] pre`).first()).toContainText('We can run it in Cebu City in March');
});
