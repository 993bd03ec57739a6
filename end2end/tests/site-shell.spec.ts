import { adminPage, expect, javaScriptOn, test } from './support';

test('the home page presents the training provider and its sections', async ({ page }) => {
  const response = await page.goto('/');

  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Kurso');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('In-depth IT courses and certifications');
  for (const section of ['Upcoming trainings', 'Featured courses', 'Latest blog posts']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  // The demo catalog (loaded by global-setup) fills the first two sections.
  await expect(page.locator('#upcoming-trainings li').first()).toBeVisible();
  await expect(page.locator('#featured-courses li').first()).toContainText('₱');
  // ... and the demo posts the third, newest first.
  await expect(page.locator('#latest-blog-posts li').first()).toBeVisible();
  await expect(page.getByText('No posts yet')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Contact us for all other enquiries' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cookie policy' })).toBeVisible();
});

test('the stylesheet is served and applied', async ({ page }) => {
  await page.goto('/');

  // The hero uses the brand-900 token (#0a3a47): no stylesheet, no colour.
  await expect(page.locator('main section').first()).toHaveCSS('background-color', 'rgb(10, 58, 71)');
});

test('the main navigation leads to each section of the site', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => ((window as any).kursoMarker = 'same document'));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upcoming trainings' }).click();

  await expect(page).toHaveURL(/\/schedule$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upcoming trainings');
  // With JavaScript too, a link between pages is an ordinary link: pages are
  // rendered by the server only (islands, ARCHITECTURE.md), so none of their
  // code is in the browser bundle. A new document, without the marker.
  expect(await page.evaluate(() => (window as any).kursoMarker ?? null)).toBeNull();
});

test('on a phone the menu opens and takes the visitor to the blog', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');

  await page.getByText('Menu', { exact: true }).click();
  await page.locator('details nav').getByRole('link', { name: 'Blog' }).click();

  await expect(page).toHaveURL(/\/blog$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blog');
  // The new page's menu is closed.
  await expect(page.locator('header details')).not.toHaveAttribute('open', /.*/);
});

test('an unknown address shows a 404 page with a way back', async ({ page }) => {
  const response = await page.goto('/no-such-course');

  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('In-depth IT courses and certifications');
});

test('every public page opens (and so passes the accessibility and HTML checks)', async ({ page }) => {
  for (const path of ['/', '/courses', '/schedule', '/blog', '/blog/tags/cloud', '/blog/what-is-a-backend-developer', '/contact', '/contact/thank-you', '/cookies', '/login', '/register', '/forgot-password']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
  await page.goto('/courses');
  await page.locator('main a[href^="/courses/"]').first().click();
  await expect(page).toHaveURL(/\/courses\/[a-z0-9-]+$/);
});

test('every dashboard page opens for an admin', async ({ browser }, testInfo) => {
  const admin = await adminPage(browser, javaScriptOn(testInfo));
  for (const path of [
    '/admin', '/admin/courses', '/admin/categories', '/admin/venues', '/admin/trainers',
    '/admin/users', '/admin/outbox', '/admin/jobs', '/admin/audit', '/admin/enquiries',
    '/admin/api-tokens',
  ]) {
    const response = await admin.goto(path);
    expect(response?.status(), path).toBe(200);
  }
  await admin.goto('/admin/courses');
  await admin.locator('main a[href^="/admin/courses/"]:not([href$="/new"])').first().click();
  await expect(admin).toHaveURL(/\/admin\/courses\/\d+/);
});
