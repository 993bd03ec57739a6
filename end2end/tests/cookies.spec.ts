// The cookie banner: asked on the first page, answered once, not asked again,
// and the answer changed on the cookie policy page. With JavaScript the banner
// closes in place; without it the form comes back to the same page.
import { expect, hydrated, javaScriptOn, test } from './support';

test('a visitor accepts the cookies once and is not asked again', async ({ page, context }, testInfo) => {
  await page.goto('/courses?q=cloud');
  // Reading the site sets no cookie at all.
  expect(await context.cookies()).toEqual([]);
  const banner = page.getByRole('region', { name: 'Cookies on this site' });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('link', { name: 'How we use cookies' })).toHaveAttribute('href', '/cookies');

  await hydrated(page);
  await banner.getByRole('button', { name: 'Accept all' }).click();

  await expect(banner).toBeHidden();
  // Still on the page the visitor was reading, search included.
  await expect(page).toHaveURL(/\/courses\?q=cloud$/);
  const cookies = await context.cookies();
  expect(cookies.map((cookie) => [cookie.name, cookie.value, cookie.httpOnly, cookie.sameSite])).toEqual([
    ['kurso_consent', 'all', true, 'Lax'],
  ]);
  expect(cookies[0].expires * 1000 - Date.now()).toBeGreaterThan(364 * 24 * 3600 * 1000);

  if (javaScriptOn(testInfo)) {
    // Closed in place: the page was not loaded again.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  }

  await page.goto('/blog/what-is-a-backend-developer');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Cookies on this site' })).toHaveCount(0);
});

test('the cookie policy lists each cookie and changes the choice', async ({ page, context }) => {
  await page.goto('/cookies');
  const cookies = page.locator('#cookie-list');
  await expect(cookies.getByRole('heading', { level: 3 })).toHaveText([/kurso_session/, /kurso_consent/]);
  await expect(cookies.getByRole('listitem').nth(1)).toContainText('365 days');
  await expect(page.locator('#current-choice')).toHaveText('You have not chosen yet.');

  await hydrated(page);
  const choice = page.locator('article form');
  await choice.getByRole('button', { name: 'Only necessary' }).click();
  await expect(page.locator('#current-choice')).toHaveText('Your choice: “Only necessary”. You can change it at any time.');
  await expect(page.getByRole('region', { name: 'Cookies on this site' })).toHaveCount(0);
  expect((await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`)).toEqual(['kurso_consent=necessary']);

  await choice.getByRole('button', { name: 'Accept all' }).click();
  await expect(page.locator('#current-choice')).toHaveText('Your choice: “Accept all”. You can change it at any time.');
  expect((await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`)).toEqual(['kurso_consent=all']);
});
