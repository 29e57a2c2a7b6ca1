// Time from navigation to the first question being interactive: its radio
// inputs are in the DOM and enabled, and a tap on one has been handled by the
// app, which each app shows with a performance mark (Stegvis:
// `stegvis:answer-committed`, once the answer is in IndexedDB; the SurveyJS
// page: `surveyjs:answer-handled`, once the model has the value). Measured in
// the page from its time origin (the start of the navigation). The same
// visit records every request made until that moment: the first load.
import { freshPage } from './browser.mjs';
import { recordRequests, requestBytes } from './network.mjs';

/** Runs in the page before its own scripts. */
function probe(mark) {
  const state = (window.__bench = { taps: 0 });
  const radios = () => [...document.querySelectorAll('input[type=radio]')].filter((r) => !r.disabled);
  let tapping = false;
  // A tap is a task of its own; one that is not handled within 50 ms is
  // followed by a tap on the next option.
  const tap = () => {
    if (state.interactive !== undefined) return;
    const options = radios();
    if (!options.length) {
      tapping = false;
      return;
    }
    options[state.taps % options.length].click();
    state.taps += 1;
    setTimeout(tap, 50);
  };
  const watch = new MutationObserver(() => {
    if (tapping || !radios().length) return;
    tapping = true;
    state.shown ??= performance.now();
    setTimeout(tap);
  });
  watch.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  new PerformanceObserver((list) => {
    const entry = list.getEntriesByName(mark)[0];
    if (entry && state.interactive === undefined) {
      state.interactive = entry.startTime;
      watch.disconnect();
    }
  }).observe({ type: 'mark' });
}

/**
 * One first visit of `app` ({url, mark, question: selector of the question's
 * text}) in a fresh context: the times, the question shown, and the bytes of
 * the requests made until the question was interactive (`root` is the served
 * folder, `name` labels a URL).
 */
export async function firstQuestion(browser, app, { cpu, root, name }) {
  const { context, page, seen } = await freshPage(browser, { cpu });
  const log = recordRequests(context);
  await page.addInitScript(probe, app.mark);
  await page.goto(app.url, { waitUntil: 'commit' });
  // Polled with plain evaluations: Playwright's waitForFunction and locators
  // first inject its selector engine (about 330 KB of script), whose parsing
  // would take the page's main thread for some 150 ms at 4x in the middle of
  // the start-up being measured.
  for (const until = Date.now() + 120_000; !(await page.evaluate(() => window.__bench?.interactive !== undefined)); ) {
    if (Date.now() > until) throw new Error(`${app.url}: no interactive first question in 120 s`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const result = await page.evaluate((selector) => ({
    shown_ms: window.__bench.shown,
    interactive_ms: window.__bench.interactive,
    taps: window.__bench.taps,
    question: document.querySelector(selector)?.innerText.trim(),
    at: performance.timeOrigin + window.__bench.interactive,
  }), app.question);
  // Requests started until the first question was interactive, by the
  // browser's clock (the same as the page's); those the page went on to make
  // after it are not part of the first load.
  result.bytes = await requestBytes(log, { root, until: result.at, name });
  delete result.at;
  result.foreign = log.foreign;
  result.errors = seen.errors;
  await context.close();
  return result;
}
