// The enquiry form: from a course page to the thank-you page, with the errors
// a visitor can make on the way, and the confirmation the sender is mailed.
import { adminPage, expect, hydrated, javaScriptOn, test, uniqueEmail } from './support';

test('a visitor asks about a course from its page, fixes a mistake and is thanked', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'marisol');
  await page.goto('/courses/kubernetes-administration');
  await page.getByRole('link', { name: 'Ask about this course', exact: true }).click();

  await expect(page).toHaveURL(/\/contact\?course=kubernetes-administration$/);
  await hydrated(page);
  const form = page.locator('#enquiry-form');
  await expect(form.getByLabel('What is it about?')).toHaveValue('course:kubernetes-administration');

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
  await expect(form.getByLabel('What is it about?')).toHaveValue('course:kubernetes-administration');

  await form.getByLabel('Full name').fill('Marisol Dimaculangan');
  await form.getByLabel(/^Email/).fill(email);
  await form.getByLabel('You may contact me').check();
  await form.getByRole('button', { name: 'Send enquiry' }).click();

  await expect(page).toHaveURL(/\/contact\/thank-you$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your enquiry');

  const admin = await adminPage(browser, javaScriptOn(testInfo));
  await admin.goto(`/admin/outbox?to=${encodeURIComponent(email)}`);
  await expect(admin.locator(`li[data-recipient="${email}"]`).first()).toContainText('We received your enquiry');
  await expect(admin.locator(`li[data-recipient="${email}"] pre`).first()).toContainText('Kubernetes Administration');
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
});
