// Participant surveys on a phone: one question a screen, every answer kept,
// any language, read aloud, kiosk mode on a staff device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  useApp, expectAccessible, chooseLanguage, makeCode, readStore, unlockStaff, moveOn, waitForAsync, STAFF_CODE, VIEWPORTS,
} from './harness.mjs';

const app = useApp();
const HASHES = JSON.parse(readFileSync(new URL('../content/instrument-hashes.json', import.meta.url)));
const link = (code, track, timepoint = 'intake') =>
  `#/deltagare?${code ? `kod=${code}&` : ''}spar=${track}&tid=${timepoint}`;

const progress = (page) => page.locator('.progress').innerText();
const h1 = (page) => page.locator('h1').innerText();

const next = (page) => moveOn(page, page.locator('.survey-nav button[type=submit]'));
const skip = (page) => moveOn(page, page.locator('.survey-nav button').nth(1));
const pick = (page, label) => page.getByLabel(label, { exact: true }).check();
const pickNth = (page, n) => page.locator('input[type=radio]').nth(n).check();

async function startWithCode(page, code) {
  await page.locator('#code').fill(code);
  await moveOn(page, page.locator('.code-form button[type=submit]'));
}

function byInstrument(responses) {
  return Object.fromEntries(responses.map((r) => [r.instrument.id, r]));
}

test('a full intake in Swedish, from the link to the thank-you screen', async () => {
  const page = await app.open(link('', 'grundskola'), VIEWPORTS.phone);
  assert.equal(await h1(page), 'Skriv din kod');
  await expectAccessible(page, 'code screen sv');
  // A typo is caught by the check character, in plain Swedish.
  const code = makeCode(1);
  const typo = code.slice(0, 4) + code[5] + code[4];
  await page.locator('#code').fill(typo);
  await page.locator('.code-form button[type=submit]').click();
  await page.locator('#code-error', { hasText: 'Koden stämmer inte' }).waitFor();
  await page.locator('#code').fill('abc-d0e');
  await page.locator('.code-form button[type=submit]').click();
  await page.locator('#code-error', { hasText: 'Tecknet 0 finns inte i någon kod' }).waitFor();
  await expectAccessible(page, 'code error sv');

  await startWithCode(page, `${code.slice(0, 3)}-${code.slice(3)}`.toLowerCase());
  assert.equal(await h1(page), 'Vilket kön har du?');
  assert.equal(await progress(page), 'Fråga 1 av 7');
  assert.equal(await page.locator('h1').evaluate((e) => e === document.activeElement), true, 'focus on the question');
  assert.equal(await page.locator('fieldset legend h1').count(), 1, 'the question is the legend');
  await expectAccessible(page, 'question sv');
  const sizes = await page.locator('.option').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  assert.ok(sizes.every((h) => h >= 44), `targets at least 44px: ${sizes}`);

  const answers = ['Kille/man', '16', 'helt och hållet', 'ej relevant', '4', 'Sällan eller aldrig', 'Ungefär en gång i veckan'];
  for (const [i, label] of answers.entries()) {
    assert.equal(await progress(page), `Fråga ${i + 1} av 7`);
    await pick(page, label);
    await next(page);
  }
  assert.equal(await h1(page), 'Dina svar');
  assert.deepEqual(await page.locator('.review-row .answer').allInnerTexts(), answers);
  await expectAccessible(page, 'review sv');
  await moveOn(page, page.getByRole('button', { name: 'Skicka in' }));
  assert.equal(await h1(page), 'Tack för dina svar!');
  assert.match(await page.locator('main').innerText(), /Dina svar är sparade\./);
  await page.getByRole('button', { name: 'Spara filen' }).waitFor();
  await expectAccessible(page, 'done sv');

  const responses = byInstrument(await readStore(page, 'responses'));
  assert.deepEqual(Object.keys(responses).sort(), ['bakgrund', 'maende', 'skola-karna']);
  for (const r of Object.values(responses)) {
    assert.equal(r.participant, code);
    assert.equal(r.track, 'grundskola');
    assert.equal(r.timepoint, 'intake');
    assert.equal(r.language, 'sv');
    assert.equal(r.instrument.hash, HASHES[`${r.instrument.id}@${r.instrument.version}`]);
    assert.match(r.id, /^[0-9a-f]{32}$/);
    assert.match(r.device, /^[0-9a-f]{32}$/);
    assert.ok(Date.parse(r.started_at) <= Date.parse(r.completed_at));
  }
  assert.deepEqual(
    responses['skola-karna'].answers.map((a) => [a.item, a.value, a.language]),
    [
      ['inkluderad', { kind: 'point', value: 6 }, 'sv'],
      ['motiverad', { kind: 'special', id: 'ej-relevant' }, 'sv'],
      ['yrkesutbildning', { kind: 'point', value: 4 }, 'sv'],
    ],
  );
  assert.deepEqual(responses.bakgrund.answers.map((a) => a.value), [{ kind: 'point', value: 2 }, { kind: 'point', value: 16 }]);
  await page.done();
});

test('a full intake in Arabic, right to left, every screen accessible', async () => {
  const page = await app.open(link('', 'kaa'), VIEWPORTS.phone);
  await chooseLanguage(page, 'ar');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await expectAccessible(page, 'code screen ar');
  await startWithCode(page, makeCode(2));
  const total = 8;
  for (let i = 0; i < total; i++) {
    if (i === 0) await expectAccessible(page, 'question ar');
    assert.match(await h1(page), /[\u0600-\u06FF]/, 'the question is in Arabic');
    // Never "Nästan varje dag" here: the last option of maende brings the support screen.
    await pickNth(page, 1);
    await next(page);
  }
  assert.equal(await page.locator('.review-row').count(), total);
  await expectAccessible(page, 'review ar');
  await moveOn(page, page.locator('.survey-nav .primary'));
  await expectAccessible(page, 'done ar');
  const responses = await readStore(page, 'responses');
  assert.deepEqual(responses.map((r) => r.instrument.id).sort(), ['bakgrund', 'kaa-steg', 'maende']);
  assert.ok(responses.every((r) => r.language === 'ar' && r.answers.every((a) => a.language === 'ar')));
  assert.deepEqual(byInstrument(responses)['kaa-steg'].answers.map((a) => a.value.value), [2, 2, 2, 2]);
  await page.done();
});

test('a browser killed in the middle of a survey resumes at the same question with every answer', async () => {
  // A browser with its profile on disk, killed with SIGKILL as a phone kills a
  // tab: nothing runs on the way down, so only what was committed survives.
  const profile = mkdtempSync(join(tmpdir(), 'stegvis-kill-'));
  const launch = () => chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    viewport: VIEWPORTS.phone,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const code = makeCode(3);
  let context = await launch();
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto(app.url + link(code, 'grundskola'));
  await page.locator('.progress').waitFor();
  await pick(page, 'Tjej/kvinna');
  await next(page);
  await pick(page, '15');
  await next(page);
  await pick(page, '3');
  await next(page);
  // Chosen but not yet "Nästa": kept as well, once it is committed.
  await pick(page, '5');
  await waitForAsync(
    page,
    () => new Promise((resolve) => {
      const open = indexedDB.open('stegvis');
      open.onsuccess = () => {
        const req = open.result.transaction('surveys').objectStore('surveys').getAll();
        req.onsuccess = () => { open.result.close(); resolve(req.result[0]?.answers[3]?.value?.value === 5); };
      };
    }),
  );
  execFileSync('pkill', ['-9', '-f', `user-data-dir=${profile}`]);
  await context.close().catch(() => {});

  context = await launch();
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(app.url + link(code, 'grundskola'));
  await page.locator('.progress').waitFor();
  assert.equal(await progress(page), 'Fråga 4 av 7');
  assert.equal(await page.getByLabel('5', { exact: true }).isChecked(), true);
  const surveys = await readStore(page, 'surveys');
  assert.equal(surveys.length, 1, 'the same link never makes a second survey');
  assert.deepEqual(surveys[0].answers.slice(0, 4).map((a) => a.value), [
    { kind: 'point', value: 1 }, { kind: 'point', value: 15 }, { kind: 'point', value: 3 }, { kind: 'point', value: 5 },
  ]);
  await moveOn(page, page.locator('.survey-nav button').first());
  assert.equal(await page.getByLabel('3', { exact: true }).isChecked(), true, 'going back shows the earlier answer');
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

test('a skip, the support screen once, and an answer changed from the review', async () => {
  const page = await app.open(link(makeCode(4), 'kaa'), VIEWPORTS.phone);
  await page.locator('.progress').waitFor();
  await skip(page);
  await skip(page);
  for (let i = 0; i < 4; i++) {
    await pickNth(page, 2);
    await next(page);
  }
  // The stem and the item read as one sentence, without "…" between them.
  assert.match(await h1(page), /^Hur ofta har du under den senaste månaden [^…]+\?$/);
  await pick(page, 'Nästan varje dag');
  await next(page);
  assert.equal(await h1(page), 'Tack för att du berättar');
  assert.match(await page.locator('.support').innerText(), /1177/);
  // 1177 and 112 are tap-to-call links.
  assert.equal(await page.locator('.support a[href="tel:1177"]').innerText(), '1177');
  assert.equal(await page.locator('.support a[href="tel:112"]').innerText(), '112');
  await expectAccessible(page, 'support sv');
  await moveOn(page, page.getByRole('button', { name: 'Fortsätt' }));
  assert.equal(await progress(page), 'Fråga 8 av 8');
  await pick(page, 'Nästan varje dag');
  await next(page);
  assert.equal(await h1(page), 'Dina svar', 'the support text is shown once');
  const rows = page.locator('.review-row .answer');
  assert.equal(await rows.nth(0).innerText(), 'Inget svar');
  await moveOn(page, page.locator('.review-row').nth(0).getByRole('button', { name: 'Ändra' }));
  assert.equal(await h1(page), 'Vilket kön har du?');
  await pick(page, 'Annat/ickebinär');
  await next(page);
  assert.equal(await h1(page), 'Dina svar');
  assert.equal(await rows.nth(0).innerText(), 'Annat/ickebinär');
  assert.equal(await rows.nth(1).innerText(), 'Inget svar');
  await moveOn(page, page.getByRole('button', { name: 'Skicka in' }));
  const bakgrund = byInstrument(await readStore(page, 'responses')).bakgrund;
  assert.deepEqual(bakgrund.answers.map((a) => a.value), [{ kind: 'point', value: 3 }, { kind: 'skipped' }]);
  await page.done();
});

test('after a reload the survey comes back in the language the participant was answering in', async () => {
  const page = await app.open(link(makeCode(6), 'grundskola'), VIEWPORTS.phone);
  await page.locator('.progress').waitFor();
  await chooseLanguage(page, 'ar');
  await page.locator('input[type=radio]').first().check();
  await waitForAsync(page, () => new Promise((resolve) => {
    const open = indexedDB.open('stegvis');
    open.onsuccess = () => {
      const req = open.result.transaction('surveys').objectStore('surveys').getAll();
      req.onsuccess = () => { open.result.close(); resolve(req.result[0]?.answers[0]?.language === 'ar'); };
    };
  }));
  // The device's remembered language is another one (a shared phone, a
  // tablet set to Swedish): the survey still comes back in Arabic.
  await page.evaluate(() => localStorage.setItem('stegvis.language', JSON.stringify('sv')));
  await page.reload();
  await page.locator('.progress').waitFor();
  await page.waitForFunction(() => document.documentElement.lang === 'ar');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.notEqual(await h1(page), 'Vilket kön har du?', 'the question in Arabic');
  assert.equal(await page.locator('input[type=radio]').first().isChecked(), true, 'the answer kept');
  await page.done();
});

test('switching language in the middle keeps every answer and records the language of each', async () => {
  const page = await app.open(link(makeCode(5), 'grundskola'), VIEWPORTS.phone);
  await page.locator('.progress').waitFor();
  await pick(page, 'Kille/man');
  await next(page);
  await chooseLanguage(page, 'en');
  assert.equal(await h1(page), 'How old are you?');
  assert.equal(await progress(page), 'Question 2 of 7');
  await moveOn(page, page.getByRole('button', { name: 'Back' }));
  assert.equal(await page.locator('input[type=radio]').nth(1).isChecked(), true, 'the Swedish answer is still chosen');
  await next(page);
  await pick(page, '17');
  await next(page);
  await chooseLanguage(page, 'fi');
  await pickNth(page, 0);
  await next(page);
  const [survey] = await readStore(page, 'surveys');
  assert.deepEqual(survey.answers.slice(0, 3).map((a) => a.language), ['sv', 'en', 'fi']);
  await page.done();
});

test('the whole survey can be done with the keyboard alone', async () => {
  const page = await app.open(link('', 'steg1'), VIEWPORTS.phone);
  const code = makeCode(6);
  // Header link, language picker, then the code field.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'code');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.locator('.progress').waitFor();
  for (let i = 1; i <= 8; i++) {
    await page.locator('.progress', { hasText: new RegExp(`\\b${i}\\b av 8`) }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
  }
  await page.locator('h1', { hasText: 'Dina svar' }).waitFor();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.innerText)) === 'Skicka in') break;
  }
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
  const responses = await readStore(page, 'responses');
  assert.equal(responses.length, 3);
  assert.ok(responses.flatMap((r) => r.answers).every((a) => a.value.kind === 'point'), 'every answer chosen with Space');
  await page.done();
});

test('kiosk mode: the participant reaches only their survey until staff unlock', async () => {
  const page = await app.open('#/personal', VIEWPORTS.tablet);
  await unlockStaff(page);
  await moveOn(page, page.getByRole('link', { name: /Enkät på den här enheten/ }));
  await expectAccessible(page, 'kiosk start sv');
  const code = makeCode(7);
  await page.locator('#kiosk-code').fill(code);
  await page.locator('#kiosk-track').selectOption('kaa');
  assert.match(await page.locator('.share-link').innerText(), new RegExp(`#/deltagare\\?kod=${code}&spar=kaa&tid=intake`));
  await moveOn(page, page.getByRole('button', { name: 'Lämna över till deltagaren' }));
  assert.equal(await progress(page), 'Fråga 1 av 8');
  // Mid-survey, other pages lead back to the survey.
  await page.evaluate(() => { location.hash = '#/utvarderare'; });
  await page.waitForFunction(() => location.hash.startsWith('#/deltagare/enkat/') && document.querySelector('.progress'));
  for (let i = 0; i < 8; i++) await next(page);
  await moveOn(page, page.getByRole('button', { name: 'Skicka in' }));
  assert.equal(await page.locator('.kiosk-return').innerText(), 'Lämna tillbaka till personalen.');
  await expectAccessible(page, 'kiosk done sv');
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.waitForFunction(() => location.hash.startsWith('#/deltagare/enkat/') && document.querySelector('.kiosk-return'));
  await page.reload();
  // Locked after the reload, the device still thanks them: nothing is left to go on with.
  await page.locator('.kiosk-return', { hasText: 'Lämna tillbaka till personalen.' }).waitFor();
  assert.equal(await h1(page), 'Tack för dina svar!');
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'kiosk done ar');
  await chooseLanguage(page, 'sv');
  // A wrong code keeps the device locked.
  await page.locator('#staff-passphrase').fill('fel kod 1');
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('#unlock-message', { hasText: 'Fel kod. Försök igen.' }).waitFor();
  assert.equal(await page.locator('.kiosk-return').count(), 1);
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await moveOn(page, page.getByRole('button', { name: 'Lås upp' }));
  // A code on no roster of this tablet: taken back, the staff page opens
  // (an enrolled participant's case opens instead: e2e/workspace.test.mjs).
  assert.equal(await h1(page), 'Personal');
  await page.locator('.staff-bar').waitFor();
  // Unlocked, the workspace reads the sealed answers: the participant's 3 are not sent yet.
  await page.evaluate(() => { location.hash = '#/personal/lagring'; });
  await page.locator('p.unsent', { hasText: 'Inte skickat: 3 svar.' }).waitFor();
  await page.reload();
  await page.locator('h1').waitFor();
  assert.equal(await h1(page), 'Personal', 'the kiosk lock is gone after a reload');
  assert.equal(await page.locator('#staff-passphrase').count(), 1, 'the workspace itself locks again on reload');
  await page.done();
});

test('read-aloud reads the question and options in the language, and says so when there is no voice', async () => {
  const context = await app.newContext({ viewport: VIEWPORTS.phone });
  // A stand-in for the platform's speech engine: a Swedish voice only.
  await context.addInitScript(() => {
    window.__spoken = [];
    SpeechSynthesis.prototype.getVoices = () => [{ lang: 'sv-SE', name: 'Test' }];
    SpeechSynthesis.prototype.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
    SpeechSynthesis.prototype.cancel = () => {};
  });
  const page = await context.newPage();
  await page.goto(app.url + link(makeCode(8), 'kaa'));
  await page.locator('.progress').waitFor();
  await page.getByRole('button', { name: 'Läs upp' }).click();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.deepEqual(spoken, [{ text: 'Vilket kön har du? Tjej/kvinna. Kille/man. Annat/ickebinär. Vill inte svara.', lang: 'sv' }]);
  await chooseLanguage(page, 'ar');
  await page.locator('.read-aloud button').click();
  await page.locator('.read-aloud .note').filter({ hasText: /\S/ }).waitFor();
  assert.equal((await page.evaluate(() => window.__spoken)).length, 1, 'Arabic is never read in a Swedish voice');
  await context.close();

  // Headless Chromium has no voices at all.
  const plain = await app.open(link(makeCode(9), 'kaa'));
  await plain.locator('.progress').waitFor();
  await plain.getByRole('button', { name: 'Läs upp' }).click();
  await plain.locator('.read-aloud .note', { hasText: 'Uppläsning finns inte på ditt språk i den här webbläsaren.' }).waitFor();
  await expectAccessible(plain, 'read-aloud note sv');
  await plain.done();
});

test('the support screen and the kiosk start are accessible in Arabic at 360 px', async () => {
  const page = await app.open(link(makeCode(10), 'kaa'), VIEWPORTS.phone);
  await page.locator('.progress').waitFor();
  await chooseLanguage(page, 'ar');
  for (let i = 0; i < 6; i++) await skip(page);
  await pickNth(page, 4);
  await next(page);
  assert.equal(await page.locator('.support').count(), 1);
  assert.match(await h1(page), /[\u0600-\u06FF]/);
  await expectAccessible(page, 'support ar');
  await page.done();

  const staff = await app.open('#/personal/enkat', VIEWPORTS.phone);
  await unlockStaff(staff);
  await chooseLanguage(staff, 'ar');
  await staff.locator('#kiosk-code').fill(makeCode(11));
  await staff.locator('.share-link').waitFor();
  await expectAccessible(staff, 'kiosk start ar');
  await staff.done();
});

test('a double tap on Nästa moves one question, and a finished link shows its thank-you again', async () => {
  const code = makeCode(12);
  const page = await app.open(link(code, 'kaa'), VIEWPORTS.phone);
  await page.locator('.progress').waitFor();
  await pickNth(page, 0);
  // Two taps before the first one is saved and the next question shown.
  await page.evaluate(() => {
    const next = document.querySelector('.survey-nav button[type=submit]');
    next.click();
    next.click();
  });
  await page.locator('.progress', { hasText: 'Fråga 2 av 8' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await progress(page), 'Fråga 2 av 8', 'the second tap did not skip question 2');
  const [survey] = await readStore(page, 'surveys');
  assert.ok(survey.answers[1] == null, 'question 2 is not stored as skipped');
  for (let i = 0; i < 7; i++) await next(page);
  await page.evaluate(() => {
    const submit = document.querySelector('.survey-nav .primary');
    submit.click();
    submit.click();
  });
  await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
  assert.equal((await readStore(page, 'responses')).length, 3, 'one response per instrument, once');

  await page.goto(app.url + link(code, 'kaa'));
  await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
  assert.equal((await readStore(page, 'surveys')).length, 1, 'no second intake from the same link');
  await page.done();
});

test('an answer and Nästa tapped just before leaving the survey are both kept', async () => {
  const code = makeCode(13);
  const page = await app.open(link(code, 'kaa'), VIEWPORTS.phone);
  await page.locator('.progress', { hasText: 'Fråga 1 av 8' }).waitFor();
  const chosen = await page.locator('input[type=radio]').nth(1).getAttribute('id');
  // An answer, Nästa, and away at once, before the first tap is saved.
  await page.evaluate(() => {
    document.querySelectorAll('input[type=radio]')[1].click();
    document.querySelector('.survey-nav button[type=submit]').click();
    location.hash = '#/';
  });
  await page.locator('.role-list').waitFor();
  let stored;
  for (let i = 0; i < 50; i++) {
    [stored] = await readStore(page, 'surveys');
    if (stored?.screen.index === 1) break;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(stored.screen, { screen: 'question', index: 1 }, 'Nästa was saved after the screen was gone');
  await page.evaluate((h) => { location.hash = h; }, link(code, 'kaa'));
  await page.locator('.progress', { hasText: 'Fråga 2 av 8' }).waitFor();
  await moveOn(page, page.getByRole('button', { name: 'Tillbaka' }));
  assert.equal(await page.locator(`[id="${chosen}"]`).isChecked(), true, 'the answer is kept');
  await page.done();
});
