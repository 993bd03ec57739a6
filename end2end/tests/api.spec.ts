// The JSON API as a partner's developer meets it: the reference page from the
// site's footer, the OpenAPI document it links to, and the routes it lists
// answering with the same schedule the site shows. Plain links, so the same
// with JavaScript off.
import { expect, test } from './support';

test('a developer finds the API reference and reads the schedule through it', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'API for developers' }).click();
  await expect(page).toHaveURL(/\/api\/docs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();

  const routes = page.getByRole('navigation', { name: 'API routes' });
  await expect(routes.getByRole('link')).toHaveText([
    'GET /courses',
    'GET /courses/{slug}',
    'GET /posts',
    'GET /posts/{slug}',
    'GET /runs',
    'GET /runs/{id}',
    'Errors',
  ]);
  await routes.getByRole('link', { name: 'GET /runs/{id}' }).click();
  await expect(page).toHaveURL(/#get-runs-id$/);
  const run = page.locator('#get-runs-id');
  await expect(run.getByRole('heading', { level: 3 })).toHaveText('GET/runs/{id}');
  await expect(run).toContainText('304');
  await expect(page.locator('#problem-invalid-parameters')).toContainText('/api/docs#problem-invalid-parameters');

  // The document the page links to, and the schedule through the API.
  const document = await page.request.get(await page.getByRole('link', { name: '/api/v1/openapi.json' }).getAttribute('href') ?? '');
  expect((await document.json()).openapi).toMatch(/^3\.1/);
  const runs = await (await page.request.get('/api/v1/runs?city=Cebu%20City&limit=3')).json();
  expect(runs.data).toHaveLength(3);
  await page.goto('/schedule?city=Cebu+City');
  // The first run the API lists is the first on the schedule, with its enroll link.
  expect(runs.data[0].enroll_url).toMatch(new RegExp(`/enroll/${runs.data[0].id}$`));
  await expect(page.locator('li.run').first().locator('a.enroll')).toHaveAttribute('href', `/enroll/${runs.data[0].id}`);
});
