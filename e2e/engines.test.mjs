// The participant's path in the other engines participants' phones run:
// WebKitGTK (Safari's engine, through WebKitWebDriver under Xvfb) and
// Firefox ESR (through WebDriver BiDi). A smoke test, the same steps in
// each: the code, a few answers tapped, the tab reloaded with the answers
// kept, the rest answered, sent in, thanked, and no error on the way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, makeCode } from './harness.mjs';
import { serve } from '../scripts/serve.mjs';
import { firefox, startXvfb, webkit } from './webdriver.mjs';

const MARK = 'stegvis:answer-committed';
const ANSWERS = ['Kille/man', '16', 'helt och hållet', 'ej relevant', '4', 'Sällan eller aldrig', 'Ungefär en gång i veckan'];
const TOTAL = ANSWERS.length;

let server;
let xvfb;
before(async () => {
  server = await serve(DIST);
  xvfb = await startXvfb();
}, { timeout: 60_000 });
after(async () => {
  await xvfb?.close();
  await server?.close();
}, { timeout: 60_000 });

/**
 * Runs `body`, naming the engine and the step in any failure, and keeps how
 * long the step took (`page.steps`, reported with the test).
 */
async function step(page, name, body) {
  const start = Date.now();
  try {
    return await body();
  } catch (e) {
    // What the page itself reported often says why a step failed.
    const errors = (await page.errors?.().catch(() => [])) ?? [];
    e.message = `${page.name}: ${name}: ${e.message}${errors.length ? `\nerrors in the page:\n  ${errors.join('\n  ')}` : ''}`;
    throw e;
  } finally {
    page.steps?.push([name, Date.now() - start]);
  }
}

const committed = (page) => page.eval((m) => performance.getEntriesByName(m).length, MARK);
// In the page: whether the option labelled `text` is chosen (null if there is none).
const CHECKED = (text) => {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const found = [...document.querySelectorAll('label.option')].find((l) => norm(l.textContent) === text);
  return found?.control?.checked ?? null;
};
const checked = (page, label) => page.eval(CHECKED, label);
// In the page: how far the page is wider than the window (nothing may be).
const OVERFLOW = () => document.documentElement.scrollWidth - window.innerWidth;
const question = (n) => `Fråga ${n} av ${TOTAL}`;

/** Taps an answer and waits until the app says it is in storage. */
async function answer(page, n) {
  const label = ANSWERS[n - 1];
  await step(page, `answer "${label}" to question ${n}`, async () => {
    await page.waitForText('.progress', question(n));
    const before = await committed(page);
    await page.click('label.option', { text: label });
    await page.waitUntil(`"${label}" is chosen`, CHECKED, label);
    await page.waitUntil(`the ${MARK} mark after the tap`, (m, count) => performance.getEntriesByName(m).length > count, MARK, before);
  });
}

/** Taps Nästa and waits for question `n + 1` (or the review after the last). */
async function next(page, n) {
  await step(page, `Nästa after question ${n}`, async () => {
    await page.click('.survey-nav button', { text: 'Nästa' });
    if (n < TOTAL) await page.waitForText('.progress', question(n + 1));
    else await page.waitFor('h1', { text: 'Dina svar' });
  });
}

async function participantPath(page, seed) {
  const code = makeCode(seed);
  await step(page, 'the code screen', async () => {
    await page.open(`${server.url}#/deltagare?spar=grundskola&tid=intake`);
    // The first visit compiles the app's WebAssembly: allow for a slow machine.
    await page.waitFor('h1', { text: 'Skriv din kod', timeout: 60_000 });
  });
  await step(page, 'typing the code', async () => {
    await page.type('#code', `${code.slice(0, 3)}-${code.slice(3)}`);
    await page.click('.code-form button', { text: 'Börja' });
    await page.waitForText('.progress', question(1));
    assert.equal(await page.text('h1'), 'Vilket kön har du?');
    const overflow = await page.eval(OVERFLOW);
    assert.ok(overflow <= 0, `the question is ${overflow} px wider than the window`);
  });
  await answer(page, 1);
  await next(page, 1);
  await answer(page, 2);
  await next(page, 2);
  // Chosen, stored, and the tab goes before Nästa.
  await answer(page, 3);

  await step(page, 'resuming after a reload', async () => {
    await page.reload();
    await page.waitForText('.progress', question(3), { timeout: 60_000 });
    assert.equal(await checked(page, ANSWERS[2]), true, `"${ANSWERS[2]}" is still chosen on question 3`);
    await page.click('.survey-nav button', { text: 'Tillbaka' });
    await page.waitForText('.progress', question(2));
    assert.equal(await checked(page, ANSWERS[1]), true, `"${ANSWERS[1]}" is still chosen on question 2`);
  });
  await next(page, 2);
  await next(page, 3);
  for (let n = 4; n <= TOTAL; n++) {
    await answer(page, n);
    await next(page, n);
  }

  await step(page, 'the review', async () => {
    const shown = await page.eval(() => [...document.querySelectorAll('.review-row .answer')].map((e) => e.textContent.trim()));
    assert.deepEqual(shown, ANSWERS);
    const overflow = await page.eval(OVERFLOW);
    assert.ok(overflow <= 0, `the review is ${overflow} px wider than the window`);
    // Taps are stored by the save worker in this engine too (public/save-worker.js).
    const by = await page.eval((m) => performance.getEntriesByName(m).map((e) => e.detail), MARK);
    assert.ok(by.includes('worker'), `what stored the taps since the reload: ${JSON.stringify(by)}`);
  });
  await step(page, 'sending in', async () => {
    await page.click('.survey-nav button', { text: 'Skicka in' });
    await page.waitFor('h1', { text: 'Tack för dina svar!' });
    assert.match(await page.text('main'), /Dina svar är sparade\./);
  });
  await step(page, 'showing the answers as codes (the sending module, fetched now)', async () => {
    await page.click('button', { text: 'Visa svaren för personalen' });
    await page.waitFor('svg.answer-qr', { timeout: 60_000 });
    const drawn = await page.eval(() => {
      const svg = document.querySelector('svg.answer-qr');
      return { parts: Number(svg.dataset.parts), path: svg.querySelector('path').getAttribute('d').length };
    });
    assert.ok(drawn.parts >= 1 && drawn.path > 100, `a signed file drawn as QR codes: ${JSON.stringify(drawn)}`);
    assert.match(await page.text('.confirmation'), /Kontrollkod: \S+/);
  });
  assert.deepEqual(await page.errors(), [], `${page.name}: errors in the page`);
}

for (const [engine, launch, seed] of [
  ['WebKitGTK', () => webkit({ display: xvfb.display }), 41],
  ['Firefox ESR', () => firefox(), 42],
]) {
  test(`the participant's path in ${engine}: code, answers, a reload, sent in`, { timeout: 180_000 }, async (t) => {
    const started = Date.now();
    const page = await step({ name: engine }, 'starting the browser', launch);
    page.steps = [['starting the browser', Date.now() - started]];
    try {
      await participantPath(page, seed);
    } finally {
      await page.close();
      const [slowest, ms] = page.steps.reduce((a, b) => (b[1] > a[1] ? b : a));
      t.diagnostic(`${page.name}: ${page.steps.length} steps in ${Date.now() - started} ms, the longest ${slowest} (${ms} ms)`);
    }
  });
}
