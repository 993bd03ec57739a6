// The JSON API as a partner's developer meets it: the reference page from the
// site's footer, the OpenAPI document it links to, and the routes it lists
// answering with the same schedule the site shows; then an admin making the
// token an integration uses, revoking it, an HR system enrolling through it,
// and a learner's personal token for their own script. Plain links and
// forms, so the same with JavaScript off.
import { adminPage, expect, javaScriptOn, newPage, register, test, uniqueEmail } from './support';

test('a developer finds the API reference and reads the schedule through it', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'API for developers' }).click();
  await expect(page).toHaveURL(/\/api\/docs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();

  const routes = page.getByRole('navigation', { name: 'API routes' });
  await expect(routes.getByRole('link')).toHaveText([
    'GET /audit-log',
    'GET /categories',
    'POST /categories',
    'GET /categories/{id}',
    'PATCH /categories/{id}',
    'DELETE /categories/{id}',
    'GET /courses',
    'POST /courses',
    'GET /courses/{slug}',
    'PATCH /courses/{slug}',
    'DELETE /courses/{slug}',
    'GET /enquiries',
    'GET /enquiries/{id}',
    'PATCH /enquiries/{id}',
    'GET /enrollments/{id}',
    'PATCH /enrollments/{id}',
    'POST /enrollments/{id}/cancel',
    'POST /enrollments/{id}/transfer',
    'GET /me',
    'GET /me/enrollments',
    'GET /posts',
    'GET /posts/{slug}',
    'GET /runs',
    'POST /runs',
    'GET /runs/{id}',
    'PATCH /runs/{id}',
    'DELETE /runs/{id}',
    'GET /runs/{id}/enrollments',
    'POST /runs/{id}/enrollments',
    'GET /trainers',
    'POST /trainers',
    'GET /trainers/{id}',
    'PATCH /trainers/{id}',
    'DELETE /trainers/{id}',
    'GET /users',
    'GET /venues',
    'POST /venues',
    'GET /venues/{id}',
    'PATCH /venues/{id}',
    'DELETE /venues/{id}',
    'Errors',
    'Webhooks',
  ]);
  // Receivers learn how to check a message, and which events there are.
  const webhooks = page.getByRole('region', { name: 'Webhooks' });
  await expect(webhooks).toContainText('HMAC-SHA256 of id.timestamp.body');
  await expect(webhooks).toContainText('enrollment.created');
  // A write shows its JSON body and how to send it safely twice.
  const enroll = page.locator('#post-runs-id-enrollments');
  await expect(enroll).toContainText('Idempotency-Key');
  await expect(enroll).toContainText('"email": "ana@example.com"');
  await expect(enroll).toContainText('Needs a token with enrollments:write.');
  await routes.getByRole('link', { name: 'GET /runs/{id}', exact: true }).click();
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

test('an admin makes an API token, a program uses it, and revoking it stops it at once', async ({ browser }, testInfo) => {
  const admin = await adminPage(browser, javaScriptOn(testInfo));
  await admin.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'API tokens' }).click();
  await expect(admin).toHaveURL(/\/admin\/api-tokens$/);

  // A token without a scope is refused with the reason beside the list.
  const name = `HR sync ${testInfo.project.name} ${Date.now()}`;
  const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Create token' }) });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Allowed networks (optional)').fill('office');
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(admin.locator('#scopes-error')).toHaveText('Choose at least one scope.');
  await expect(admin.locator('#field-allowed_networks-error')).toContainText('“office” is not a network');

  // Limited to this machine's network, where the program below runs.
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Allowed networks (optional)').fill('127.0.0.0/8, ::1');
  await form.getByRole('checkbox', { name: /^me:read/ }).check();
  await form.getByLabel('Expires after').selectOption({ label: '30 days' });
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = await admin.getByLabel('New API token').inputValue();
  expect(secret).toMatch(/^kurso_[A-Za-z0-9_-]{43}$/);

  // The program's side: the token reads its owner; without it, 401.
  const me = await admin.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).scopes).toEqual(['me:read']);

  // Shown once: after a reload only its first characters are listed.
  await admin.reload();
  await expect(admin.getByLabel('New API token')).toHaveCount(0);
  const row = admin.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).not.toContainText(secret.slice(12));
  await expect(row).toContainText('127.0.0.1');
  await expect(row).toContainText('From: 127.0.0.0/8, ::1/128');

  await row.getByRole('button', { name: /^Revoke/ }).click();
  await expect(admin.getByText('Token revoked.')).toBeVisible();
  await expect(admin.getByRole('row', { name: new RegExp(name) })).toContainText('Revoked');
  const refused = await admin.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toContain('revoked');
});

test('an HR system enrolls a newcomer through the API, safely retried, and the admin sees them on the roster', async ({ browser }, testInfo) => {
  const admin = await adminPage(browser, javaScriptOn(testInfo));
  await admin.goto('/admin/api-tokens');
  const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Create token' }) });
  await form.getByLabel('Name').fill(`HR enrollments ${testInfo.project.name} ${Date.now()}`);
  await form.getByRole('checkbox', { name: /^enrollments:write/ }).check();
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = await admin.getByLabel('New API token').inputValue();

  // A demo run far ahead with room, from the public schedule (the runs other
  // tests make have at most five seats, so they are not taken from them).
  const runs = await (await admin.request.get('/api/v1/runs?limit=200')).json();
  const run = [...runs.data].reverse().find((candidate: { seats_left: number }) => candidate.seats_left > 5);
  const email = uniqueEmail(testInfo, 'newcomer');
  const send = () =>
    admin.request.post(`/api/v1/runs/${run.id}/enrollments`, {
      headers: {
        Authorization: `Bearer ${secret}`,
        'Idempotency-Key': `e2e-${email}`,
        'Content-Type': 'application/json',
      },
      data: JSON.stringify({ email, name: 'Lea Newcomer' }),
    });
  const first = await send();
  expect(first.status()).toBe(201);
  const place = await first.json();
  expect(place.status).toBe('confirmed');
  // The HR system's retry after a timeout gets the same answer, not a second place.
  const retry = await send();
  expect(retry.status()).toBe(201);
  expect(retry.headers()['idempotent-replayed']).toBe('true');
  expect(await retry.json()).toEqual(place);

  await admin.goto(`/admin/runs/${run.id}`);
  await expect(admin.locator('li', { hasText: email })).toContainText('Lea Newcomer');
  await expect(admin.locator('li', { hasText: email })).toHaveCount(1);
});

test('a learner makes a personal token for their own script, and revoking it stops it', async ({ browser }, testInfo) => {
  const page = await newPage(browser, testInfo);
  const email = uniqueEmail(testInfo, 'scripter');
  await register(page, 'Rosa Script', email);
  await page.getByRole('link', { name: /API tokens for your own programs/ }).click();
  await expect(page).toHaveURL(/\/account\/api-tokens$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  // Only the learner's own scopes are offered.
  await expect(page.getByRole('checkbox', { name: /^users:read/ })).toHaveCount(0);

  await page.getByLabel('Name').fill('My calendar script');
  await page.getByRole('checkbox', { name: /^me:read/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('New API token').inputValue();
  expect(secret).toMatch(/^kurso_[A-Za-z0-9_-]{43}$/);
  const bearer = { Authorization: `Bearer ${secret}` };
  const me = await page.request.get('/api/v1/me', { headers: bearer });
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe(email);

  await page.getByRole('button', { name: /^Revoke/ }).click();
  await expect(page.getByText('Token revoked.')).toBeVisible();
  expect((await page.request.get('/api/v1/me', { headers: bearer })).status()).toBe(401);
});
