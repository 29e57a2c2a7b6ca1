// Every participant screen in every language, on a 360 px phone: an intake
// and an exit of the school track (every participant questionnaire), with
// axe on each kind of screen and nothing wider than the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useApp, expectAccessible, chooseLanguage, makeCode, moveOn, VIEWPORTS } from './harness.mjs';

const app = useApp();
const LANGUAGES = ['sv', 'en', 'ar', 'fa', 'so', 'ti', 'uk', 'fi'];
const RTL = new Set(['ar', 'fa']);
const link = (code, timepoint) => `#/deltagare?kod=${code}&spar=grundskola&tid=${timepoint}`;
const words = (lang) => JSON.parse(readFileSync(new URL(`../content/ui/${lang}.json`, import.meta.url))).strings;

/** Goes through a survey answering the last option but one, and gives each question's heading. */
async function walk(page, label) {
  const headings = [];
  const checked = new Set();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  while (!(await page.locator('.review-row').count())) {
    const kind = (await page.locator('.support').count()) ? 'support' : 'question';
    if (!checked.has(kind)) {
      await expectAccessible(page, `${kind} ${label}`);
      checked.add(kind);
    }
    assert.ok((await overflow()) <= 0, `${label}: "${await page.locator('h1').innerText()}" is wider than the screen`);
    if (kind === 'support') {
      await moveOn(page, page.locator('.support button'));
      continue;
    }
    headings.push(await page.locator('h1').innerText());
    const options = page.locator('input[type=radio]');
    // The last option of maende ("Nästan varje dag") brings the support screen once.
    await options.nth((await options.count()) - 1).check();
    await moveOn(page, page.locator('.survey-nav button[type=submit]'));
  }
  assert.ok(checked.has('support'), `${label}: the support screen was shown`);
  await expectAccessible(page, `review ${label}`);
  assert.ok((await overflow()) <= 0, `${label}: the review is wider than the screen`);
  await moveOn(page, page.locator('.survey-nav .primary'));
  await expectAccessible(page, `done ${label}`);
  return headings;
}

test('every participant screen in every language is accessible at 360 px, in its own words', async () => {
  const swedish = {};
  for (const [n, lang] of LANGUAGES.entries()) {
    for (const timepoint of ['intake', 'exit']) {
      const page = await app.open(link(makeCode(300 + 2 * n + (timepoint === 'exit')), timepoint), VIEWPORTS.phone);
      await chooseLanguage(page, lang);
      assert.equal(await page.evaluate(() => document.documentElement.dir), RTL.has(lang) ? 'rtl' : 'ltr');
      const label = `${lang} ${timepoint}`;
      // A translation not reviewed by a translator says so, in its own words.
      if (lang !== 'sv') {
        await page.locator('.draft-notice', { hasText: words(lang)['translation.draft'] }).waitFor();
      }
      const headings = await walk(page, label);
      if (lang === 'sv') {
        swedish[timepoint] = headings;
      } else {
        assert.equal(headings.length, swedish[timepoint].length, `${label}: as many questions as in Swedish`);
        const same = headings.filter((h, i) => h === swedish[timepoint][i]);
        assert.deepEqual(same, [], `${label}: questions shown in Swedish`);
      }
      await page.done();
    }
  }
});
