// Survey timings in Stegvis: tap an answer → stored in IndexedDB (the app's
// `stegvis:answer-committed` mark, made at the time the transaction
// completed, in the save worker or on the page), and tap "Nästa" → the next question (or
// the review) on screen. Whole intakes, each in a fresh context, until
// `answers` answers are timed.
//
// The tap is real input (Playwright's mouse, through the browser's input
// pipeline, not element.click()), so the time can start where the browser
// says the tap happened: the click event's own `event.timeStamp` on the
// radio input, read by a capture-phase listener injected before the app.
// Queueing before the app's handler runs is then inside the figure. The
// time from the moment that listener runs (what the page itself sees) and
// from the pointerdown are kept beside it.
import { PHONE, TABLET, makeCode, unlockStaff } from '../e2e/harness.mjs';
import { freshPage } from './browser.mjs';
import { summary } from './stats.mjs';

const MARK = 'stegvis:answer-committed';

/** Runs in the page before its own scripts: records the events of a tap on a radio input. */
function tapListener() {
  const taps = (window.__taps = []);
  const onRadio = (e) => e.target instanceof Element && e.target.closest('label.option, input[type=radio]');
  for (const type of ['pointerdown', 'click']) {
    addEventListener(type, (e) => {
      if (!onRadio(e)) return;
      taps.push({ type, target: e.target.tagName.toLowerCase(), timeStamp: e.timeStamp, listener: performance.now(), trusted: e.isTrusted });
    }, { capture: true });
  }
}

/** Before a tap: no earlier mark or tap left to be mistaken for this one's. */
function clearTap(mark) {
  performance.clearMarks(mark);
  window.__taps.length = 0;
}

/** After a tap: waits for the mark; the times from the tap's events to it. */
function tapCommitted(mark) {
  return new Promise((resolve) => {
    const done = (entry) => {
      const taps = window.__taps;
      // The click the radio input got (a tap on its label gets the label's, then the input's).
      const click = taps.find((t) => t.type === 'click' && t.target === 'input') ?? taps.find((t) => t.type === 'click');
      const down = taps.find((t) => t.type === 'pointerdown');
      resolve({
        from_event: entry.startTime - click.timeStamp,
        from_listener: entry.startTime - click.listener,
        from_pointerdown: down ? entry.startTime - down.timeStamp : null,
        trusted: click.trusted,
        // What stored it: the save worker, or the page itself (before the
        // worker runs); the mark's time is when its transaction completed.
        by: entry.detail,
      });
    };
    const [entry] = performance.getEntriesByName(mark);
    if (entry) return done(entry);
    const observer = new PerformanceObserver((list) => {
      const [e] = list.getEntriesByName(mark);
      if (e) {
        observer.disconnect();
        done(e);
      }
    });
    observer.observe({ type: 'mark' });
  });
}

/** Taps the second option of the question on screen; the times until its answer is stored. */
async function tapAnswer(page) {
  await page.evaluate(clearTap, MARK);
  await page.locator('input[type=radio]').nth(1).click();
  return page.evaluate(tapCommitted, MARK);
}

/** Tap "Nästa"; resolves with the ms until another heading is on screen and painted. */
function tapNext() {
  return new Promise((resolve) => {
    const before = document.querySelector('h1').innerText;
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      const h1 = document.querySelector('h1');
      if (h1 && h1.innerText !== before) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    document.querySelector('.survey-nav button[type=submit]').click();
  });
}

/**
 * Opens the survey in a fresh context: the participant's app from the
 * participant's link (a phone, stored as it is), or with `kiosk` the staff
 * app in personal/, handed over on a staff tablet, where every answer is
 * sealed (encrypted at rest) before it is stored.
 */
async function openSurvey(page, url, code, track, kiosk) {
  if (!kiosk) {
    await page.goto(`${url}#/deltagare?kod=${code}&spar=${track}&tid=intake`);
    return;
  }
  await page.goto(`${url}personal/#/personal`);
  await unlockStaff(page);
  await page.evaluate(([c, t]) => { location.hash = `#/personal/enkat?kod=${c}&spar=${t}`; }, [code, track]);
  await page.locator('#kiosk-code').waitFor();
  await page.locator('form button[type=submit]').click();
}

export async function surveyTimings(browser, url, { answers = 200, cpu = 1, track = 'grundskola', kiosk = false } = {}) {
  const next = [];
  const taps = [];
  const foreign = [];
  let surveys = 0;
  while (taps.length < answers) {
    const { context, page, seen } = await freshPage(browser, { cpu, viewport: kiosk ? TABLET : PHONE });
    await page.addInitScript(tapListener);
    await openSurvey(page, url, makeCode(100 + surveys), track, kiosk);
    await page.locator('.progress').waitFor();
    while (taps.length < answers && (await page.locator('.progress').count())) {
      taps.push(await tapAnswer(page));
      next.push(await page.evaluate(tapNext));
    }
    surveys += 1;
    foreign.push(...seen.foreign);
    await context.close();
  }
  if (taps.some((t) => !t.trusted)) throw new Error('a tap was not real input (event.isTrusted false)');
  return {
    surveys,
    cpu_slowdown: cpu,
    app: kiosk ? 'staff app (personal/), kiosk on a tablet' : "participant's app on a phone",
    answer_committed_ms: summary(taps.map((t) => t.from_event)),
    answer_committed_from_listener_ms: summary(taps.map((t) => t.from_listener)),
    answer_committed_from_pointerdown_ms: summary(taps.filter((t) => t.from_pointerdown !== null).map((t) => t.from_pointerdown)),
    next_question_ms: summary(next),
    stored_by_worker: taps.filter((t) => t.by === 'worker').length,
    foreign,
  };
}
