// Survey timings in Stegvis: tap an answer → committed to IndexedDB (the app's
// `stegvis:answer-committed` mark), and tap "Nästa" → the next question (or
// the review) on screen. Whole intakes, each in a fresh context, until
// `answers` answers are timed.
import { makeCode, unlockStaff } from '../e2e/harness.mjs';
import { freshPage } from './browser.mjs';
import { summary } from './stats.mjs';

/** Tap an option; resolves with the ms until the app marks the answer committed. */
function tapAnswer() {
  return new Promise((resolve) => {
    performance.clearMarks('stegvis:answer-committed');
    const observer = new PerformanceObserver((list) => {
      const mark = list.getEntriesByName('stegvis:answer-committed')[0];
      if (mark) {
        observer.disconnect();
        resolve(mark.startTime - t0);
      }
    });
    observer.observe({ type: 'mark' });
    const radios = document.querySelectorAll('input[type=radio]');
    const t0 = performance.now();
    radios[1].click();
  });
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
 * Opens the survey in a fresh context: from the participant's link (a phone,
 * stored as it is), or with `kiosk` handed over on a staff tablet, where every
 * answer is sealed (encrypted at rest) before it is stored.
 */
async function openSurvey(page, url, code, track, kiosk) {
  if (!kiosk) {
    await page.goto(`${url}#/deltagare?kod=${code}&spar=${track}&tid=intake`);
    return;
  }
  await page.goto(`${url}#/personal`);
  await unlockStaff(page);
  await page.evaluate(([c, t]) => { location.hash = `#/personal/enkat?kod=${c}&spar=${t}`; }, [code, track]);
  await page.locator('#kiosk-code').waitFor();
  await page.locator('form button[type=submit]').click();
}

export async function surveyTimings(browser, url, { answers = 200, cpu = 1, track = 'grundskola', kiosk = false } = {}) {
  const next = [];
  const committed = [];
  let surveys = 0;
  while (committed.length < answers) {
    const { context, page } = await freshPage(browser, { cpu });
    await openSurvey(page, url, makeCode(100 + surveys), track, kiosk);
    await page.locator('.progress').waitFor();
    while (committed.length < answers && (await page.locator('.progress').count())) {
      committed.push(await page.evaluate(tapAnswer));
      next.push(await page.evaluate(tapNext));
    }
    surveys += 1;
    await context.close();
  }
  return { surveys, cpu_slowdown: cpu, answer_committed_ms: summary(committed), next_question_ms: summary(next) };
}
