// The public blog: reading a post, searching, browsing by tag, and the way
// from an article to the training it is about.
import { expect, test } from './support';

test('a visitor reads the backend article and follows a related training to its course', async ({ page }) => {
  await page.goto('/blog');
  await page.getByRole('link', { name: 'What is a backend developer?' }).first().click();

  await expect(page).toHaveURL(/\/blog\/what-is-a-backend-developer$/);
  await expect(page).toHaveTitle(/What is a backend developer\?/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What is a backend developer?');
  // The body is rendered Markdown: its ten numbered points are headings of their own.
  await expect(page.locator('.prose-kurso h2').filter({ hasText: /^\d+\. / })).toHaveCount(10);

  const related = page.locator('#related-trainings');
  await expect(related.getByRole('heading', { name: 'Related Trainings' })).toBeVisible();
  const firstCourse = related.locator('a[href^="/courses/"]').first();
  const courseTitle = (await firstCourse.textContent())!.trim();
  await firstCourse.click();

  await expect(page).toHaveURL(/\/courses\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(courseTitle);
});

test('searching the blog finds posts by their words and says when nothing matches', async ({ page }) => {
  await page.goto('/blog');
  const search = page.locator('form[action="/blog"]');
  await search.getByLabel('Search the blog').fill('kubernetes');
  await search.getByRole('button').click();

  await expect(page).toHaveURL(/\/blog\?q=kubernetes/);
  await expect(page.getByRole('link', { name: 'Kubernetes in plain words' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Getting ready for the CCNA' })).toHaveCount(0);

  await page.goto('/blog?q=zzzznothing');
  await expect(page.getByText(/No posts match/)).toBeVisible();
});

test('a tag lists only its posts, and an unknown tag or post is a 404', async ({ page }) => {
  await page.goto('/blog/what-is-a-backend-developer');
  await page.getByRole('link', { name: '#cloud', exact: true }).first().click();

  await expect(page).toHaveURL(/\/blog\/tags\/cloud$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Posts tagged “cloud”');
  await expect(page.getByRole('link', { name: 'Kubernetes in plain words' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Getting ready for the CCNA' })).toHaveCount(0);

  expect((await page.goto('/blog/tags/no-such-tag'))?.status()).toBe(404);
  expect((await page.goto('/blog/no-such-post'))?.status()).toBe(404);
});

test('the feed lists the newest posts for feed readers', async ({ request }) => {
  const response = await request.get('/blog/feed.xml');

  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/rss+xml');
  expect(await response.text()).toContain('<title>What is a backend developer?</title>');
});
