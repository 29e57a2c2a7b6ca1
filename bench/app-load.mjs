// The first load of a page that has no first question: the staff and the
// evaluator's start pages. A fresh context (a first visit), every request
// the page made until its heading is visible and the network has been idle
// for 500 ms (the staff start page then asks for a new staff code).
import { TABLET } from '../e2e/harness.mjs';
import { freshPage } from './browser.mjs';
import { networkIdle, recordRequests, requestBytes } from './network.mjs';

/** Opens `url` on a tablet; returns the heading, the ms until it showed, the bytes and where the page ended. */
export async function appLoad(browser, url, { root, name }) {
  const { context, page, seen } = await freshPage(browser, { viewport: TABLET });
  const log = recordRequests(context);
  await page.goto(url, { waitUntil: 'commit' });
  // Both index.html have a hidden <h1> for a failed start; the app's own is the visible one.
  const h1 = page.locator('h1:visible').first();
  await h1.waitFor({ timeout: 60_000 });
  // When Node saw it, in the page's clock: an upper bound, for the record only.
  const heading = { text: (await h1.innerText()).trim(), visible_by_ms: await page.evaluate(() => performance.now()) };
  await networkIdle(log);
  const result = { heading, url: page.url(), bytes: await requestBytes(log, { root, name }), foreign: log.foreign, errors: seen.errors };
  await context.close();
  return result;
}
