import { Page, TestInfo } from '@playwright/test';
import { adminPage, expect, hydrated, javaScriptOn, test } from './support';
import { readFile } from 'node:fs/promises';


/** Picks an option in a catalog filter. With JavaScript the choice applies at
 *  once; without, the form's button sends it. */
async function chooseFilter(page: Page, label: string, option: string, testInfo: TestInfo, applyButton: string) {
  const before = page.url();
  // A choice made before the islands start is applied when they do (tested
  // below); here the choice applies at once.
  await hydrated(page);
  await page.getByLabel(label, { exact: true }).selectOption({ label: option });
  if (javaScriptOn(testInfo)) {
    await page.waitForURL((url) => url.toString() !== before);
  } else {
    await page.getByRole('button', { name: applyButton }).click();
  }
}

test('a visitor searches, filters by Cebu City and online, opens a course and downloads a run for the calendar', async ({ page }, testInfo) => {
  await page.goto('/courses');
  await expect(page.locator('#result-count')).toContainText('courses');
  // With JavaScript, results update in place: this marker survives only if the page is not reloaded.
  // A search sent before the islands start is a plain form post (a reload), so wait for them.
  await hydrated(page);
  await page.evaluate(() => ((window as any).kursoMarker = 'same page'));

  await page.getByLabel('Search courses').fill('security');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=security/);
  await expect(page.locator('.course-result h3').first()).toContainText(/Secur/);

  await chooseFilter(page, 'City', 'Cebu City', testInfo, 'Apply filters');
  await expect(page).toHaveURL(/city=Cebu\+City/);
  await expect(page.locator('#result-count')).toContainText(/course/);

  // Online runs have no city, so online together with Cebu City matches nothing; the page says what to change.
  await chooseFilter(page, 'Delivery', 'Online', testInfo, 'Apply filters');
  await expect(page.getByText('No courses match these filters')).toBeVisible();
  await chooseFilter(page, 'City', 'Any city', testInfo, 'Apply filters');
  await expect(page).toHaveURL(/mode=online/);
  await expect(page).not.toHaveURL(/city=[^&]/);
  const first = page.locator('.course-result').first();
  await expect(first).toBeVisible();

  if (javaScriptOn(testInfo)) {
    expect(await page.evaluate(() => (window as any).kursoMarker)).toBe('same page');
  }

  const title = (await first.locator('h3').textContent())!.trim();
  await first.locator('h3 a').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('heading', { name: 'Upcoming runs' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Course outline' })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.locator('#runs li.run').first().getByRole('link', { name: /^Add to calendar/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.ics$/);
  const ics = await readFile((await file.path())!, 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain(`SUMMARY:${title.replace(/,/g, '\\,')}`);
  expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
});

test('the schedule lists runs by month and narrows to one city', async ({ page }, testInfo) => {
  await page.goto('/schedule');
  await expect(page.locator('#run-count')).toContainText('upcoming runs');
  await chooseFilter(page, 'City', 'Cebu City', testInfo, 'Show runs');
  await expect(page).toHaveURL(/city=Cebu\+City/);
  // With JavaScript the address changes first and the runs follow: wait for them.
  const runs = page.locator('.run-place');
  await expect(runs.filter({ hasNotText: 'Cebu City' })).toHaveCount(0);
  await expect(runs.first()).toBeVisible();
  const places = await runs.allTextContents();
  expect(places.length).toBeGreaterThan(0);
  for (const place of places) expect(place).toContain('Cebu City');
});

test('a filter chosen before the page has started its scripts is applied once it has', async ({ page }, testInfo) => {
  test.skip(!javaScriptOn(testInfo), 'without JavaScript the button applies the form (the test above)');
  // The wasm is held back until the choice is made, as on a slow phone link.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/pkg\/.*\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/schedule');
  await page.getByLabel('City', { exact: true }).selectOption({ label: 'Cebu City' });
  release();
  await expect(page).toHaveURL(/city=Cebu\+City/);
  await expect(page.locator('.run-place').filter({ hasNotText: 'Cebu City' })).toHaveCount(0);
  await expect(page.locator('.run-place').first()).toBeVisible();
});

test('an admin creates a course and a run, and visitors see it on the public schedule', async ({ browser, page }, testInfo) => {
  const admin = await adminPage(browser, javaScriptOn(testInfo));
  const suffix = `${testInfo.project.name === 'javascript' ? 'J' : 'N'}${Date.now() % 100000}`;
  const title = `Cloud Security Lab ${suffix}`;

  await admin.goto('/admin/courses/new');
  // A mistake first: the form says what is wrong, field by field.
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin.getByText('Enter a title.')).toBeVisible();
  await expect(admin.getByText('Choose a category.')).toBeVisible();

  await admin.getByLabel('Title').fill(title);
  await admin.getByLabel('Code').fill(`CSL-${suffix}`);
  await admin.getByLabel('Summary').fill('A hands-on lab on securing cloud workloads.');
  await admin.getByLabel('Category').selectOption({ label: 'Cloud computing' });
  await admin.getByLabel('Price (₱)').fill('15,000');
  await admin.getByLabel('Duration (hours)').fill('16');
  await admin.getByLabel('Outline').fill('## Module 1: Identity\n\n- Least privilege');
  await admin.getByLabel('Published (visible to visitors)').check();
  await admin.getByRole('button', { name: 'Create course' }).click();
  await expect(admin.getByText('The course was saved.')).toBeVisible();
  await expect(admin).toHaveURL(/\/admin\/courses\/\d+/);

  await admin.getByLabel('First day').fill('2027-03-10');
  await admin.getByLabel('Last day').fill('2027-03-11');
  await admin.getByLabel('Delivery').selectOption({ label: 'In person' });
  await admin.getByLabel('Venue').selectOption({ label: 'Cebu IT Park Center (Cebu City)' });
  await admin.getByRole('button', { name: 'Add run' }).click();
  await expect(admin.getByText('The run was saved.')).toBeVisible();
  await expect(admin.locator('#runs tr[data-row]')).toContainText('Wed 10 – Thu 11 Mar 2027');

  await page.goto('/schedule?city=Cebu+City');
  const run = page.locator('li.run', { hasText: title });
  await expect(run).toContainText('Wed 10 – Thu 11 Mar 2027');
  await expect(run).toContainText('Cebu IT Park Center, Cebu City');
  await run.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('Least privilege')).toBeVisible();
});
