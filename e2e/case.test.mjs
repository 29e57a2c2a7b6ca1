// One participant's case from intake to exit, as staff work on a tablet:
// enrol, intake survey in kiosk mode, two raters, the goal staircase,
// closing with the exit outcome, a later exit survey, and the step
// movement that must show exactly what was entered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, makeCode, STAFF_CODE, TABLET, PHONE,
} from './harness.mjs';
import { BEHAVIOUR_INTAKE, enrol, kioskSurvey, openCase, rate, row } from './staff.mjs';

const app = useApp();

const BEHAVIOUR_EXIT = {
  'svarar-pa-kontakt': 'Ofta',
  'bokade-tider': 'Ibland',
  'viktiga-kontakter': 'Ganska ofta',
  'gar-pa-moten': 'Ibland',
  'pratar-om-att-soka': 'Sällan',
  'soker': 'Ganska ofta',
};

test('a case from enrolment to exit shows exactly the step movement entered', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  const code = await enrol(page);
  await page.locator(`tr[data-code="${code}"] a`).click();
  await page.locator('.timeline').waitFor();
  assert.equal(await page.locator('h1').innerText(), `Deltagare ${code.slice(0, 3)}-${code.slice(3)}`);
  assert.match(await page.locator('.facts').innerText(), /KAA \(utanför skolan\)[\s\S]*Tjej\/kvinna[\s\S]*19[\s\S]*Pågår/);
  assert.equal(await row(page, 'intake', 'kaa-steg').getAttribute('data-status'), 'NotStarted');
  await expectAccessible(page, 'case sv tablet');

  // Intake survey in kiosk mode: "Hur ser du på framtiden?" is question 3 of 8.
  await kioskSurvey(page, 'intake', 8, { 3: 'Ganska negativt', 4: 'Ganska missnöjd' });
  await openCase(page, code);
  assert.equal(await row(page, 'intake', 'kaa-steg').getAttribute('data-status'), 'Done');
  assert.equal(await page.locator('[data-timepoint="intake"]').getByRole('link', { name: /Lämna över/ }).count(), 0);

  // A rating with nothing filled in says what is missing, and stores nothing.
  await row(page, 'intake', 'personal-beteende').locator('.row-action').click();
  await page.locator('.staff-form').waitFor();
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.locator('.summary', { hasText: 'Något behöver rättas' }).waitFor();
  assert.match(await page.locator('#rater-error').innerText(), /Skriv dina initialer/);
  assert.match(await page.locator('#item-svarar-pa-kontakt-error').innerText(), /Välj ett svar/);
  assert.equal(await page.locator('#rater').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await readStore(page, 'assessments'), []);
  await expectAccessible(page, 'rating with errors sv tablet');
  await page.locator('.breadcrumbs a.code').click();
  await page.locator('.timeline').waitFor();

  // Two raters: AB at intake, CD at exit.
  await rate(page, 'intake', 'personal-beteende', 'AB', BEHAVIOUR_INTAKE);
  assert.match(await row(page, 'intake', 'personal-beteende').innerText(), /Ifyllt av AB/);
  await rate(page, 'exit', 'personal-beteende', 'CD', BEHAVIOUR_EXIT);
  assert.match(await row(page, 'exit', 'personal-beteende').innerText(), /Ifyllt av CD/);
  const ratings = await readStore(page, 'assessments');
  assert.deepEqual(ratings.map((r) => [r.timepoint, r.rater]).sort(), [['exit', 'CD'], ['intake', 'AB']]);

  // The goal staircase: a goal with a phone number is refused, then set and moved.
  await page.getByRole('link', { name: 'Måltrappan', exact: true }).click();
  await page.locator('#new-goal-text').waitFor();
  assert.match(await page.locator('main').innerText(), /Skriv inga namn och inget om hälsa/);
  await page.locator('#rater').fill('AB');
  await page.locator('#new-goal-text').fill('Ring mig på 070-123 45 67');
  await page.locator('.new-goal').getByLabel('1. Inte påbörjat').check();
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  await page.locator('#new-goal-error', { hasText: 'telefonnummer' }).waitFor();
  assert.deepEqual(await readStore(page, 'goals'), []);
  await page.locator('#new-goal-text').fill('Komma till skolan varje måndag');
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  const goal = page.locator('section.goal');
  await goal.waitFor();
  assert.equal(await goal.locator('.staircase [aria-current="step"]').innerText(), '1. Inte påbörjat');
  await page.locator('#goal-timepoint').selectOption('follow-up');
  await goal.getByLabel('3. På väg').check();
  await goal.getByRole('button', { name: 'Spara steget' }).click();
  await page.locator('.saved', { hasText: 'Steget är sparat' }).waitFor();
  await page.locator('section.goal .staircase [aria-current="step"]', { hasText: '3. På väg' }).waitFor();
  await expectAccessible(page, 'goals sv tablet');
  const [storedGoal] = await readStore(page, 'goals');
  assert.deepEqual(storedGoal.placements.map((p) => [p.timepoint, p.step, p.rater]), [['intake', 1, 'AB'], ['follow-up', 3, 'AB']]);

  // A case closes only once every open goal has its exit step.
  await page.locator('.breadcrumbs a.code').click();
  await page.getByRole('link', { name: 'Avsluta deltagandet', exact: true }).click();
  await page.locator('.note', { hasText: 'Först behöver varje öppet mål ett steg vid utskrivning' }).waitFor();
  assert.equal(await page.locator('.staff-form').count(), 0);
  await page.getByRole('link', { name: 'Öppna måltrappan' }).click();
  await page.locator('#goal-timepoint').selectOption('exit');
  await page.locator('section.goal').getByLabel('4. Nästan där').check();
  await page.locator('section.goal').getByRole('button', { name: 'Spara steget' }).click();
  await page.locator('section.goal .staircase [aria-current="step"]', { hasText: '4. Nästan där' }).waitFor();
  assert.match(await page.evaluate(() => document.activeElement.id), /^saved-/, 'focus on the news at the goal, not lost');

  // Closing records the exit outcome and says whether it counts.
  await page.locator('.breadcrumbs a.code').click();
  await page.getByRole('link', { name: 'Avsluta deltagandet', exact: true }).click();
  await page.locator('.staff-form').waitFor();
  await expectAccessible(page, 'close sv tablet');
  await page.locator('[data-item="huvudsaklig-aktivitet"]').getByLabel('Studerar', { exact: true }).check();
  await page.locator('[data-item="forsorjning"]').getByLabel('Studiemedel (CSN)', { exact: true }).check();
  await page.getByRole('button', { name: 'Avsluta deltagandet' }).click();
  await page.locator('.outcome').waitFor();
  assert.match(await page.locator('.outcome').innerText(), /Studerar\. Räknas som i studier eller arbete\./);
  assert.match(await page.locator('.facts').innerText(), /Avslutad \d{4}-\d\d-\d\d/);
  assert.equal(await page.getByRole('link', { name: 'Avsluta deltagandet', exact: true }).count(), 0);
  const [closed] = await readStore(page, 'participants');
  assert.match(closed.closed_on, /^\d{4}-\d\d-\d\d$/);
  assert.ok((await readStore(page, 'goals'))[0].closed_at, 'open goals close with the case');

  // The exit survey comes later: "Hur ser du på framtiden?" is question 1 of 6.
  await kioskSurvey(page, 'exit', 6, { 1: 'Mycket positivt', 2: 'Ganska missnöjd' });
  await openCase(page, code);
  assert.equal(await row(page, 'exit', 'kaa-steg').getAttribute('data-status'), 'Done');

  await page.getByRole('link', { name: 'Stegförflyttning' }).click();
  await page.locator('.movement').first().waitFor();
  const sentence = async (instrument, item) =>
    (await page.locator(`[data-instrument="${instrument}"] .movement-sentences [data-item="${item}"]`).innerText()).trim();
  assert.equal(await sentence('personal-beteende', 'svarar-pa-kontakt'), 'Svarar på kontakt: från Sällan till Ofta, tre steg bättre');
  assert.equal(await sentence('personal-beteende', 'bokade-tider'), 'Tar ansvar för bokade tider: från Ibland till Ibland, samma steg');
  assert.equal(await sentence('personal-beteende', 'viktiga-kontakter'), 'Tar själv viktiga kontakter: från Vet ej till Ganska ofta, räknas inte som steg');
  assert.equal(await sentence('personal-beteende', 'pratar-om-att-soka'), 'Pratar om att söka arbete/studier/praktik: från Ibland till Sällan, ett steg sämre');
  assert.equal(await sentence('kaa-steg', 'framtiden'), 'Hur ser du på framtiden?: från Ganska negativt till Mycket positivt, två steg bättre');
  assert.equal(await sentence('kaa-steg', 'livet'), 'Hur nöjd eller missnöjd är du med livet i sin helhet?: från Ganska missnöjd till Ganska missnöjd, samma steg');
  // The table holds the chart's numbers: +3, 0, −1 …
  const steps = await page.locator('[data-instrument="personal-beteende"] tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.dataset.item, r.cells[3].innerText.trim(), r.cells[4].innerText.trim()]));
  assert.deepEqual(steps, [
    ['svarar-pa-kontakt', '+3', 'AB → CD'],
    ['bokade-tider', '0', 'AB → CD'],
    ['viktiga-kontakter', 'räknas inte som steg', 'AB → CD'],
    ['gar-pa-moten', '+2', 'AB → CD'],
    ['pratar-om-att-soka', '\u22121', 'AB → CD'],
    ['soker', '+3', 'AB → CD'],
  ]);
  const bars = await page.locator('[data-instrument="personal-beteende"] svg .value').allTextContents();
  assert.deepEqual(bars, ['+3', '0', '+2', '\u22121', '+3'], 'the chart leaves out what is not counted');
  assert.equal(await page.locator('[data-instrument="personal-beteende"] svg').getAttribute('role'), 'img');
  // Every bar's label whole and its own: two kaa-steg items start with the
  // same words ("Hur nöjd eller missnöjd är du med …").
  for (const instrument of ['personal-beteende', 'kaa-steg']) {
    const labels = await page.locator(`[data-instrument="${instrument}"] svg text.label`).evaluateAll((ts) =>
      ts.map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ')));
    assert.equal(new Set(labels).size, labels.length, `${instrument}: labels are unique: ${labels}`);
    assert.ok(labels.every((l) => !l.includes('…')), `${instrument}: no label cut: ${labels}`);
  }
  const kaaLabels = await page.locator('[data-instrument="kaa-steg"] svg text.label').evaluateAll((ts) =>
    ts.map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ')));
  assert.ok(kaaLabels.includes('Hur nöjd eller missnöjd är du med livet i sin helhet?'), `the long label whole: ${kaaLabels}`);
  const goalHistory = await page.locator('.goal-record').innerText();
  assert.match(goalHistory, /Komma till skolan varje måndag/);
  assert.match(goalHistory, /Inskrivning \d{4}-\d\d-\d\d: 1\. Inte påbörjat \(AB\)/);
  assert.match(goalHistory, /Uppföljning \d{4}-\d\d-\d\d: 3\. På väg \(AB\)/);
  assert.match(goalHistory, /Utskrivning \d{4}-\d\d-\d\d: 4\. Nästan där \(AB\)/);
  assert.match(goalHistory, /tre steg bättre/);
  await expectAccessible(page, 'step movement sv tablet');

  // Left alone, the workspace locks and hides the participant's data.
  await page.clock.install();
  await page.clock.fastForward('05:10');
  await page.locator('#staff-passphrase').waitFor();
  assert.equal(await page.locator('.movement').count(), 0);
  await page.done();
});

test('an unknown code and an unknown form say so in plain Swedish', async () => {
  const code = makeCode(11);
  const page = await app.open(`#/personal/deltagare/${code}`, TABLET);
  await unlockStaff(page);
  await page.locator('h1', { hasText: 'Deltagaren finns inte här' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(`ingen deltagare med koden ${code.slice(0, 3)}-${code.slice(3)} `));
  // bakgrund is the participant's own questionnaire, not a staff form.
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/bedomning/bakgrund/intake`; }, code);
  await page.locator('h1', { hasText: 'Sidan finns inte' }).waitFor();
  await page.done();
});

test('every staff screen is accessible in Swedish and Arabic, on a tablet and a phone', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  const code = await enrol(page, { track: 'grundskola', age: '20', gender: 'boy' });
  await openCase(page, code);
  // Age becomes known later; under 18 it needs a guardian's yes, which this participant lacks.
  await page.getByText('Ändra kön eller ålder').click();
  await page.locator('#facts-age').selectOption('16');
  await page.locator('.facts-form').getByRole('button', { name: 'Spara' }).click();
  await page.locator('.facts-form .error', { hasText: 'behövs ett ja från en vårdnadshavare' }).waitFor();
  assert.equal((await readStore(page, 'participants'))[0].age, 20, 'a refused change stores nothing');
  await page.locator('#facts-age').selectOption('21');
  await page.locator('.facts-form').getByRole('button', { name: 'Spara' }).click();
  await page.locator('.facts dd', { hasText: /^21$/ }).waitFor();
  assert.equal((await readStore(page, 'participants'))[0].age, 21);
  await rate(page, 'intake', 'personal-beteende', 'AB', BEHAVIOUR_INTAKE);
  await rate(page, 'follow-up', 'personal-beteende', 'AB', BEHAVIOUR_EXIT);
  await rate(page, 'intake', 'skoldata', 'AB', { behorighet: 'Nej' }, { 'franvaro-ogiltig': '40' });
  await rate(page, 'follow-up', 'skoldata', 'CD', { behorighet: 'Ja' }, { 'franvaro-ogiltig': '12' });
  // Closing a goal asks once more; "Nej" keeps it open.
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/mal`; }, code);
  await page.locator('#rater').fill('CD');
  await page.locator('#new-goal-text').fill('Söka praktik');
  await page.locator('.new-goal').getByLabel('2. Första steget taget').check();
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  await page.locator('section.goal').waitFor();
  await page.getByRole('button', { name: 'Avsluta målet' }).click();
  await page.getByRole('button', { name: 'Nej, behåll målet' }).click();
  assert.equal((await readStore(page, 'goals'))[0].closed_at, undefined);
  await page.getByRole('button', { name: 'Avsluta målet' }).click();
  await page.locator('.confirm', { hasText: 'Det går inte att ångra' }).waitFor();
  await page.getByRole('button', { name: 'Ja, avsluta målet' }).click();
  await page.locator('.closed-goals li', { hasText: 'Söka praktik – Första steget taget' }).waitFor();
  assert.ok((await readStore(page, 'goals'))[0].closed_at);
  const screens = {
    staff: ['#/personal', '.role-list'],
    roster: ['#/personal/deltagare', '#enrol-track'],
    kiosk: [`#/personal/enkat?kod=${code}&spar=grundskola&tid=exit`, '#kiosk-code'],
    case: [`#/personal/deltagare/${code}`, '.timeline'],
    rating: [`#/personal/deltagare/${code}/bedomning/skoldata/follow-up`, '.staff-form'],
    goals: [`#/personal/deltagare/${code}/mal`, '#new-goal-text'],
    movement: [`#/personal/deltagare/${code}/stegforflyttning`, '.movement'],
    close: [`#/personal/deltagare/${code}/avsluta`, '.staff-form'],
    export: ['#/personal/skicka', '#device-label'],
    storage: ['#/personal/lagring', '#warn-days'],
    questions: ['#/personal/fragor', '#shown-language'],
    code: ['#/personal/kod', 'form'],
    evaluator: ['#/utvarderare', '#import-files'],
  };
  await page.evaluate((h) => { location.hash = h; }, screens.movement[0]);
  await page.locator('.movement').first().waitFor();
  assert.equal(
    (await page.locator('[data-instrument="skoldata"] [data-item="franvaro-ogiltig"]').first().innerText()).trim(),
    'Ogiltig frånvaro: från 40 procent till 12 procent, 28 lägre, bättre',
  );
  for (const [lang, viewport, label] of [['sv', PHONE, 'sv phone'], ['sv', TABLET, 'sv tablet'], ['ar', TABLET, 'ar tablet'], ['ar', PHONE, 'ar phone']]) {
    await page.setViewportSize(viewport);
    if (lang !== 'sv') await chooseLanguage(page, lang);
    for (const [name, [hash, ready]] of Object.entries(screens)) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} ${label} is ${overflow}px wider than the screen`);
      await expectAccessible(page, `${name} ${label}`);
    }
  }
  await page.done();
});
