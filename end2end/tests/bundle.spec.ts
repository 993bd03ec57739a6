// The performance budget: what a visitor's browser downloads for a public
// page, JavaScript and wasm together, compressed as served, is at most 150 KB
// (issue "Performance", ARCHITECTURE.md "The browser bundle"). Measured from
// the bytes that crossed the wire while the page loaded and its islands started.
import { Page, Request } from '@playwright/test';
import { expect, hydrated, javaScriptOn, test } from './support';

const BUDGET_BYTES = 150 * 1000;

/**
 * Bytes of JavaScript and wasm received (bodies as sent, so compressed) for the
 * requests `load` makes. Counted by request, not by response: a download the
 * previous page started and that finishes while `load` runs is not this page's.
 */
async function scriptBytes(page: Page, load: () => Promise<void>) {
  const sizes: Promise<number>[] = [];
  const listener = (request: Request) => {
    if (request.resourceType() === 'script' || /\.(js|wasm)$/.test(new URL(request.url()).pathname)) {
      sizes.push(
        request
          .response()
          .then((response) => (response ? request.sizes().then((size) => size.responseBodySize) : 0)),
      );
    }
  };
  page.on('request', listener);
  await load();
  page.off('request', listener);
  return (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
}

test('each public page downloads at most 150 KB of JavaScript and wasm', async ({ page }, testInfo) => {
  test.skip(!javaScriptOn(testInfo), 'without JavaScript nothing is downloaded to measure');
  await page.goto('/courses');
  // Let this page finish its own downloads before the first measured one.
  await hydrated(page);
  const course = await page.locator('.course-result h3 a').first().getAttribute('href');
  // A demo article (global-setup loads the demo content).
  const article = '/blog/what-is-a-backend-developer';
  const pages = ['/', '/courses', course!, '/schedule', '/blog', article, '/contact', '/login', '/register', '/cookies'];

  for (const address of pages) {
    // A new visitor: nothing in the browser's cache.
    await page.context().clearCookies();
    const session = await page.context().newCDPSession(page);
    await session.send('Network.clearBrowserCache');
    const bytes = await scriptBytes(page, async () => {
      await page.goto(address);
      await hydrated(page);
    });
    // Something was measured: the loader and the bundle did arrive.
    expect(bytes, `${address}: the bundle was not downloaded`).toBeGreaterThan(10_000);
    expect(bytes, `${address}: ${bytes} bytes of JavaScript and wasm`).toBeLessThanOrEqual(BUDGET_BYTES);
  }
});
