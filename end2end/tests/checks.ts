// Checks every page a spec visits, in both projects: axe-core for WCAG 2.1 A
// and AA (a serious or critical violation fails the test) and html-validate
// for the server's HTML (any error fails it).
//
// Pages are checked after the test, each visited address loaded again in a
// context of its own with the test's cookies: that sees every page, including
// those reached by in-place navigation, without racing the test's own clicks.
// For the no-JavaScript project the bundle is kept out, so axe judges the page
// a visitor without JavaScript gets.
//
// Many tests pass through the same pages (home, log in, the catalog): markup
// already checked in this run, in the same project, is not checked again. The
// record is a folder of marker files shared by both workers, one per checked
// page, named by a hash of its HTML with the values that change on every
// response (the CSP nonce, signed form tokens) blanked out. A page whose
// markup differs in anything else (data, signed-in header, consent banner) is
// checked in full.
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page } from '@playwright/test';
import { HtmlValidate } from 'html-validate';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

const config = JSON.parse(readFileSync(path.join(__dirname, '..', 'htmlvalidate.json'), 'utf8'));
const validator = new HtmlValidate(config);
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
// Set by playwright.config.ts (a fresh folder per run) or by scripts/test.
const checkedFolder = process.env.KURSO_E2E_CHECKED_PAGES!;
mkdirSync(checkedFolder, { recursive: true });

/** True the first time this markup is seen in the run (by either worker), false after. */
function firstSighting(html: string, javaScript: boolean): boolean {
  const stable = html
    .replace(/ nonce="[^"]*"/g, '')
    .replace(/="[A-Za-z0-9_\-+/=.:]{32,}"/g, '=""');
  const digest = createHash('sha256').update(`${javaScript}\n${stable}`).digest('hex');
  try {
    // Created only if absent, atomically: of two workers, one checks.
    closeSync(openSync(path.join(checkedFolder, digest), 'wx'));
    return true;
  } catch {
    return false;
  }
}

interface Watched {
  context: BrowserContext;
  javaScript: boolean;
  addresses: Set<string>;
}

let watched: Watched[] = [];

/** Starts a test's record of visited pages. */
export function resetWatched() {
  watched = [];
}

/** Records every address `page` shows from now on (loads and in-place navigations). */
export function watch(page: Page, javaScript: boolean) {
  const record: Watched = { context: page.context(), javaScript, addresses: new Set() };
  watched.push(record);
  const origin = () => new URL(page.url()).origin;
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = new URL(frame.url());
    if (url.protocol.startsWith('http') && url.origin === origin()) {
      url.hash = '';
      record.addresses.add(url.toString());
    }
  });
}

/** Loads each recorded address again and returns what axe and html-validate found. */
export async function checkWatchedPages(browser: Browser): Promise<string[]> {
  const findings: string[] = [];
  for (const record of watched) {
    if (record.addresses.size === 0) continue;
    let storageState;
    try {
      storageState = await record.context.storageState();
    } catch {
      storageState = undefined; // the test closed its context; check as a visitor
    }
    const checker = await browser.newContext({ storageState, javaScriptEnabled: true });
    if (!record.javaScript) {
      // Scripts in, then blocked: axe needs JavaScript, the page must not hydrate.
      await checker.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    }
    const page = await checker.newPage();
    for (const address of record.addresses) {
      findings.push(...(await checkPage(page, address, record.javaScript)));
    }
    await checker.close();
  }
  return findings;
}

async function checkPage(page: Page, address: string, javaScript: boolean): Promise<string[]> {
  const findings: string[] = [];
  const where = new URL(address);
  const path = where.pathname + where.search;
  const response = await page.goto(address);
  if (!response) return findings;
  const type = response.headers()['content-type'] ?? '';
  if (!type.includes('text/html')) return findings;
  // Leptos marks the seams between adjacent text nodes with `<!>`, which
  // browsers read as an empty comment (a tolerated parse error). It is
  // checked as the comment it stands for; everything else as sent.
  const html = (await response.text()).replaceAll('<!>', '<!---->');
  if (!firstSighting(html, javaScript)) return findings;
  const report = await validator.validateString(html, path);
  for (const result of report.results) {
    for (const message of result.messages) {
      findings.push(`HTML ${path}: ${message.ruleId} ${message.message} (line ${message.line}: ${message.selector ?? ''})`);
    }
  }
  if (javaScript) {
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 10_000 }).catch(() => {
      findings.push(`${path}: the page did not hydrate`);
    });
  }
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  for (const violation of results.violations) {
    if (!FAILING_IMPACTS.has(violation.impact ?? '')) continue;
    const elements = violation.nodes
      .slice(0, 3)
      .map((node) => node.target.join(' '))
      .join(' | ');
    findings.push(`axe ${path}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.nodes.length} element(s): ${elements}`);
  }
  return findings;
}
