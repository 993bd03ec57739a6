// An admin writes the blog: a post with the Markdown preview (live as they
// type with JavaScript, through the Preview button without), published, and
// on the home page for visitors at once.
import { adminPage, expect, hydrated, javaScriptOn, newPage, test } from './support';

test('an admin writes a post with the preview, publishes it, and visitors find it on the home page', async ({ browser }, testInfo) => {
  const admin = await adminPage(browser, javaScriptOn(testInfo));
  const title = `Go for backend teams (${testInfo.project.name} ${Date.now()})`;

  await admin.goto('/admin/posts');
  await admin.getByRole('link', { name: 'New post' }).click();
  await expect(admin).toHaveURL(/\/admin\/posts\/new$/);
  await hydrated(admin);
  await admin.getByLabel(/^Title/).fill(title);
  await admin.getByLabel(/^Summary/).fill('Why teams pick Go for their services.');
  await admin.getByLabel(/^Text/).fill('## Why Go\n\nGo compiles **fast** and ships as one binary.');
  await admin.getByLabel(/^Tags/).fill('programming, backend');

  const preview = admin.locator('#post-preview');
  if (javaScriptOn(testInfo)) {
    // Rendered by the server as the admin types, without a click.
    await expect(preview.locator('strong')).toHaveText('fast');
    await expect(preview.getByRole('heading', { name: 'Why Go' })).toBeVisible();
  } else {
    await admin.getByRole('button', { name: 'Preview' }).click();
    await expect(admin.getByText('This is a preview: nothing was saved yet.')).toBeVisible();
    await expect(preview.locator('strong')).toHaveText('fast');
    await expect(admin.getByLabel(/^Title/)).toHaveValue(title);
  }

  await admin.getByLabel(/^Status/).selectOption('published');
  await admin.getByRole('button', { name: 'Create post' }).click();
  await expect(admin).toHaveURL(/\/admin\/posts\/\d+\?saved=post$/);
  await expect(admin.getByText('The post was saved.')).toBeVisible();
  await expect(admin.getByText(/^Published /)).toBeVisible();

  const visitor = await newPage(browser, testInfo);
  await visitor.goto('/');
  await visitor.locator('#latest-blog-posts').getByRole('link', { name: title }).click();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(visitor.locator('.prose-kurso strong')).toHaveText('fast');
});
