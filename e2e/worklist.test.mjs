// "Att göra" over a year of a coach's work, on a fake clock: the intake due
// at enrolment, a follow-up eight weeks later, a goal left unplaced, answers
// left unsent, the exit survey missing after closing, the outcome six months
// after the exit. Each task appears on its day, opens the screen that does
// it, and goes once done; "kunde inte nås" ends a task and is counted in the
// roster's answers per timepoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, TABLET, PHONE } from './harness.mjs';
import { BEHAVIOUR_INTAKE as BEHAVIOUR, enrol, kioskSurvey, openCase, rate } from './staff.mjs';

const app = useApp();

const task = (page, kind, code) =>
  page.locator(`.worklist .task[data-kind="${kind}"]${code ? `[data-code="${code}"]` : ''}`);

/** The staff start page, its worklist read afresh. */
async function home(page) {
  await page.evaluate(() => { location.hash = '#/personal/lagring'; });
  await page.locator('h1', { hasText: 'Lagring' }).waitFor();
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.locator('.worklist .tasks, .worklist .worklist-empty').waitFor();
}

/** Moves the clock on to `iso`. Time passed locks the workspace; staff unlock it. */
async function jump(page, iso) {
  await page.clock.setSystemTime(new Date(iso));
  await page.clock.runFor(6_000);
  await page.locator('#staff-passphrase').waitFor();
  await unlockStaff(page);
}

/** Fills in a staff form already open: rater, radio choices by item. */
async function fillForm(page, choices, submit) {
  await page.locator('.staff-form').waitFor();
  await page.locator('#rater').fill('AB');
  for (const [item, label] of Object.entries(choices)) {
    await page.locator(`[data-item="${item}"]`).getByLabel(label, { exact: true }).check();
  }
  await page.getByRole('button', { name: submit }).click();
}

/** Places the participant's one goal on `step` at `timepoint` from the goals page. */
async function placeGoal(page, timepoint, step) {
  await page.locator('#goal-timepoint').selectOption(timepoint);
  await page.locator('section.goal').getByLabel(step).check();
  await page.locator('section.goal').getByRole('button', { name: 'Spara steget' }).click();
  await page.locator('.saved', { hasText: 'Steget är sparat' }).waitFor();
}

async function closeCase(page, code) {
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/avsluta`; }, code);
  await fillForm(page, { 'huvudsaklig-aktivitet': 'Studerar', forsorjning: 'Studiemedel (CSN)' }, 'Avsluta deltagandet');
  await page.locator('.outcome').waitFor();
}

test('Att göra: each task comes due on its day, opens its screen and goes once done', async () => {
  const page = await app.open('#/personal', TABLET, { clock: '2026-01-12T09:00:00Z' });
  await unlockStaff(page);
  await page.locator('.worklist-empty', { hasText: 'Inget att göra just nu.' }).waitFor();

  // 12 January: enrolled, so the whole intake is due from today.
  const code = await enrol(page);
  await home(page);
  const intake = task(page, 'intake', code);
  assert.match(
    await intake.innerText(),
    /Inskrivning[\s\S]*Sedan 2026-01-12[\s\S]*Saknas: Om dig, Du och framtiden, Hur du mår, Beteende som personalen ser, Måltrappan, Utfall/,
  );
  await expectAccessible(page, 'worklist sv tablet');
  await intake.getByRole('link', { name: /Öppna/ }).click();
  await page.locator('.timeline').waitFor();
  assert.equal(new URL(page.url()).hash, `#/personal/deltagare/${code}`);
  // The case offers every way to do it.
  const onCase = page.locator('.worklist .task[data-kind="intake"]');
  await onCase.waitFor();
  for (const name of ['Fyll i: Beteende som personalen ser', 'Fyll i: Utfall', 'Öppna måltrappan', 'Lämna över enheten för deltagarens enkät']) {
    assert.equal(await onCase.getByRole('link', { name }).count(), 1, name);
  }

  // The intake done: the survey handed over, two ratings, a goal.
  await kioskSurvey(page, 'intake', 8, { 3: 'Ganska negativt', 4: 'Ganska missnöjd' });
  await openCase(page, code);
  await rate(page, 'intake', 'personal-beteende', 'AB', BEHAVIOUR);
  await rate(page, 'intake', 'utfall', 'AB', { forsorjning: 'Lön' });
  await page.getByRole('link', { name: 'Måltrappan', exact: true }).click();
  await page.locator('#rater').fill('AB');
  await page.locator('#new-goal-text').fill('Komma i tid');
  await page.locator('.new-goal').getByLabel('1. Inte påbörjat').check();
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  await page.locator('section.goal').waitFor();
  await home(page);
  assert.equal(await task(page, 'intake', code).count(), 0, 'the intake is done');
  await page.locator('.worklist-empty').waitFor();

  // 9 March, eight weeks on: a follow-up is due, and the intake's answers
  // have waited past the seven days staff allow: the longest overdue first.
  await jump(page, '2026-03-09T09:00:00Z');
  await home(page);
  const kinds = await page.locator('.worklist .task').evaluateAll((ts) => ts.map((t) => t.dataset.kind));
  assert.deepEqual(kinds, ['not-sent', 'follow-up']);
  assert.match(await task(page, 'not-sent').innerText(), /Svar att skicka[\s\S]*Sedan 2026-01-19[\s\S]*inte är skickade till utvärderaren: 5/);
  const followUp = task(page, 'follow-up', code);
  assert.match(await followUp.innerText(), /Uppföljning[\s\S]*Sedan 2026-03-09[\s\S]*Saknas: Beteende som personalen ser, Måltrappan/);
  await followUp.getByRole('link', { name: /Öppna/ }).click();
  await page.locator('.worklist .task[data-kind="follow-up"]').waitFor();
  await page.locator('.worklist .task[data-kind="follow-up"]').getByRole('link', { name: 'Fyll i: Beteende som personalen ser' }).click();
  await fillForm(page, BEHAVIOUR, 'Spara');
  await page.locator('.timeline').waitFor();

  // Rated, but the goal was not placed at this follow-up.
  await home(page);
  assert.equal(await task(page, 'follow-up', code).count(), 0);
  const goals = task(page, 'goals', code);
  assert.match(await goals.innerText(), /Mål utan nytt steg[\s\S]*Sedan 2026-03-09[\s\S]*senaste uppföljningen: 1/);
  await goals.getByRole('link', { name: /Öppna/ }).click();
  await page.locator('section.goal').waitFor();
  assert.equal(new URL(page.url()).hash, `#/personal/deltagare/${code}/mal`);
  await placeGoal(page, 'follow-up', '3. På väg');
  await home(page);
  assert.equal(await task(page, 'goals', code).count(), 0, 'the goal is placed');

  // Sending opens Skicka data; once the file is made, nothing is left unsent.
  await task(page, 'not-sent').getByRole('link', { name: /Öppna/ }).click();
  await page.locator('h1', { hasText: 'Skicka data' }).waitFor();
  await page.locator('#device-label').fill('Surfplatta 1');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await page.getByRole('button', { name: 'Skapa filen' }).click();
  await page.locator('.export-ready').waitFor();
  await home(page);
  assert.equal(await task(page, 'not-sent').count(), 0, 'sent');

  // Closing the case: the goal's exit step, then the outcome. The case at
  // once offers what the exit still needs: the survey and the rating.
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/mal`; }, code);
  await page.locator('section.goal').waitFor();
  await placeGoal(page, 'exit', '4. Nästan där');
  await closeCase(page, code);
  const exitOnCase = page.locator('.worklist .task[data-kind="exit"]');
  await exitOnCase.waitFor();
  assert.match(await exitOnCase.innerText(), /Utskrivning[\s\S]*Saknas: Du och framtiden, Hur du mår, Beteende som personalen ser/);
  assert.equal(await exitOnCase.getByRole('link', { name: 'Lämna över enheten för deltagarens enkät' }).count(), 1);
  await exitOnCase.locator('summary').click();
  const link = await exitOnCase.locator('.link-text').innerText();
  assert.match(link, new RegExp(`kod=${code}.*tid=exit`), 'the link opens the exit survey on their phone');
  await expectAccessible(page, 'case with exit tasks sv tablet');
  await exitOnCase.getByRole('link', { name: 'Fyll i: Beteende som personalen ser' }).click();
  await fillForm(page, BEHAVIOUR, 'Spara');
  await page.locator('.timeline').waitFor();
  assert.match(await page.locator('.worklist .task[data-kind="exit"]').innerText(), /Saknas: Du och framtiden, Hur du mår$/m);

  // The participant never comes back for the survey: staff record it.
  await home(page);
  const exit = task(page, 'exit', code);
  assert.match(await exit.innerText(), /Sedan 2026-03-09/);
  await exit.getByRole('button', { name: 'Kunde inte nås' }).click();
  await page.locator('.worklist .news', { hasText: 'deltagaren kunde inte nås' }).waitFor();
  await task(page, 'exit', code).waitFor({ state: 'detached' });
  const [stored] = (await readStore(page, 'participants')).filter((p) => p.id === code);
  assert.deepEqual(stored.unreachable, [{ timepoint: 'exit', on: '2026-03-09' }]);

  // Four more closed the same day, none reached for the exit survey.
  const others = [];
  for (let i = 0; i < 4; i++) {
    const other = await enrol(page);
    await closeCase(page, other);
    others.push(other);
  }
  await home(page);
  for (const other of others) {
    await task(page, 'exit', other).getByRole('button', { name: 'Kunde inte nås' }).click();
    await task(page, 'exit', other).waitFor({ state: 'detached' });
  }
  await page.locator('.worklist-empty').waitFor();

  // The roster counts them: five exits due, none answered, five not reached.
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  const exitCell = page.locator('.coverage-table tr[data-group="all"] td[data-timepoint="exit"]');
  await exitCell.waitFor();
  assert.equal((await exitCell.innerText()).replace(/\s+/g, ' ').trim(), 'dold av 5 Kunde inte nås: 5');
  const intakeCell = page.locator('.coverage-table tr[data-group="all"] td[data-timepoint="intake"]');
  assert.equal((await intakeCell.innerText()).trim(), 'dold av 5', 'one of five answered the intake: hidden');
  await expectAccessible(page, 'roster with coverage sv tablet');

  // 9 September, six months after the exits: the outcome is asked again.
  await jump(page, '2026-09-09T09:00:00Z');
  await home(page);
  assert.equal(await page.locator('.worklist .task[data-kind="after-6-months"]').count(), 5);
  for (const viewport of [PHONE, TABLET]) {
    await page.setViewportSize(viewport);
    await expectAccessible(page, `worklist sv ${viewport.width}`);
  }
  await task(page, 'after-6-months', code).getByRole('link', { name: /Öppna/ }).click();
  assert.equal(new URL(page.url()).hash, `#/personal/deltagare/${code}/bedomning/utfall/after-6-months`);
  await fillForm(page, { 'huvudsaklig-aktivitet': 'Arbetar', forsorjning: 'Lön' }, 'Spara');
  await page.locator('.timeline').waitFor();
  await home(page);
  assert.equal(await task(page, 'after-6-months', code).count(), 0, 'the outcome is recorded');
  assert.equal(await page.locator('.worklist .task[data-kind="after-6-months"]').count(), 4);

  // Staff pages stay Swedish and left to right under Arabic; axe at both sizes.
  await chooseLanguage(page, 'ar');
  for (const viewport of [PHONE, TABLET]) {
    await page.setViewportSize(viewport);
    await expectAccessible(page, `worklist ar ${viewport.width}`);
  }
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator('.coverage-table').waitFor();
  for (const viewport of [TABLET, PHONE]) {
    await page.setViewportSize(viewport);
    await expectAccessible(page, `roster ar ${viewport.width}`);
  }
  await page.done();
});
