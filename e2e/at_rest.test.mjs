// Encryption at rest on a staff tablet: what IndexedDB holds cannot be read
// without the staff code; a participant in kiosk mode adds answers but reads
// none back, also after a reload; a forgotten code means starting over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, readStoredRaw, moveOn, STAFF_CODE, TABLET, PHONE,
} from './harness.mjs';
import { enrol, kioskSurvey, next, openCase, progress, rate } from './staff.mjs';

const app = useApp();
const STORES = ['participants', 'responses', 'assessments', 'keys', 'bundles', 'settings', 'surveys', 'goals'];
const PARTICIPANT_STORES = ['participants', 'responses', 'assessments', 'goals', 'surveys'];
const GOAL = 'Komma till skolan varje måndag';

/** Everything IndexedDB holds, as one text (bytes shown as text). */
async function everythingStored(page) {
  const all = {};
  for (const store of STORES) all[store] = await readStoredRaw(page, store);
  return all;
}

test('IndexedDB holds no readable answer or participant data without the staff code', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  const code = await enrol(page, { age: '19', gender: 'girl' });
  await page.locator(`tr[data-code="${code}"] a`).click();
  await page.locator('.timeline').waitFor();
  // "Hur ser du på framtiden?" is question 3 of 8 of the intake.
  await kioskSurvey(page, 'intake', 8, { 3: 'Ganska negativt', 4: 'Ganska missnöjd' });
  await openCase(page, code);
  await rate(page, 'intake', 'personal-beteende', 'QXZV', {
    'svarar-pa-kontakt': 'Sällan', 'bokade-tider': 'Ibland', 'viktiga-kontakter': 'Vet ej',
    'gar-pa-moten': 'Aldrig', 'pratar-om-att-soka': 'Ibland', 'soker': 'Aldrig',
  });
  await page.getByRole('link', { name: 'Måltrappan', exact: true }).click();
  await page.locator('#rater').fill('QXZV');
  await page.locator('#new-goal-text').fill(GOAL);
  await page.locator('.new-goal').getByLabel('1. Inte påbörjat').check();
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  await page.locator('section.goal').waitFor();

  const stored = await everythingStored(page);
  for (const store of PARTICIPANT_STORES) {
    assert.ok(stored[store].length > 0, `${store} holds something to protect`);
    for (const record of stored[store]) {
      assert.deepEqual(Object.keys(record).sort(), ['id', 'sealed'], `${store}: only a key and the sealed envelope`);
    }
  }
  assert.ok(stored.participants.every((r) => r.id.startsWith('h:')), 'the roster is keyed by hidden codes');
  const text = JSON.stringify(stored);
  const today = new Date().toISOString().slice(0, 10);
  for (const secret of [code, `${code.slice(0, 3)}-${code.slice(3)}`, GOAL, 'kaa-steg', 'personal-beteende',
    'svarar-pa-kontakt', 'framtiden', '"girl"', 'QXZV', today, STAFF_CODE]) {
    assert.ok(!text.includes(secret), `"${secret}" is readable in IndexedDB`);
  }

  // With the code, the same records open (independently of the app) to what was entered.
  const [participant] = await readStore(page, 'participants');
  assert.equal(participant.id, code);
  assert.equal(participant.gender, 'girl');
  const [goal] = await readStore(page, 'goals');
  assert.equal(goal.wordings[0].text, GOAL);
  assert.deepEqual((await readStore(page, 'assessments')).map((r) => r.rater), ['QXZV']);
  assert.equal((await readStore(page, 'responses')).filter((r) => r.participant === code).length, 3);
  await assert.rejects(readStore(page, 'goals', 'en annan kod'), 'a wrong code opens nothing');

  // Locked again, the app itself can read none of it until the code is typed:
  // the participant's own link on this tablet cannot even find their survey.
  await page.getByRole('button', { name: 'Lås', exact: true }).click();
  await page.locator('#staff-passphrase').waitFor();
  await page.evaluate((c) => { location.hash = `#/deltagare?kod=${c}&spar=kaa&tid=intake`; }, code);
  await page.getByText('Stegvis är låst. Personalen behöver låsa upp med sin kod.').waitFor();
  assert.equal(await page.locator('.progress').count(), 0);
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}`; }, code);
  await page.locator('#staff-passphrase').waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes(code.slice(3)));
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await moveOn(page, page.getByRole('button', { name: 'Lås upp' }));
  await page.locator('.timeline').waitFor();
  assert.equal(await page.locator('[data-timepoint="intake"] [data-instrument="kaa-steg"]').getAttribute('data-status'), 'Done');
  await page.done();
});

test('a kiosk survey after a reload: answers kept, nothing shown until staff unlock, then it goes on', async () => {
  const page = await app.open('#/personal', PHONE);
  await unlockStaff(page);
  const code = await enrol(page);
  await page.evaluate((c) => { location.hash = `#/personal/enkat?kod=${c}&spar=kaa`; }, code);
  await moveOn(page, page.getByRole('button', { name: 'Lämna över till deltagaren' }));
  await progress(page, 1, 8);
  await next(page);
  await progress(page, 2, 8);
  await next(page);
  await progress(page, 3, 8);
  await page.getByLabel('Ganska negativt', { exact: true }).check();
  await next(page);
  await progress(page, 4, 8);

  await page.reload();
  await page.locator('.kiosk-return', { hasText: 'Dina svar är sparade.' }).waitFor();
  assert.equal(await page.locator('.progress').count(), 0, 'no question and no answer before staff unlock');
  await expectAccessible(page, 'kiosk locked sv phone');
  await chooseLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await expectAccessible(page, 'kiosk locked ar phone');
  await chooseLanguage(page, 'sv');
  // Away from the survey, the device still shows only this.
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.waitForFunction(() => location.hash.startsWith('#/deltagare/enkat/'));
  await page.locator('#staff-passphrase').fill('fel kod 1');
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('#unlock-message', { hasText: 'Fel kod. Försök igen.' }).waitFor();
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).click();

  // The participant goes on at the same question, with the earlier answer kept.
  await progress(page, 4, 8);
  await page.getByRole('button', { name: 'Tillbaka' }).click();
  await progress(page, 3, 8);
  assert.equal(await page.getByLabel('Ganska negativt', { exact: true }).isChecked(), true);
  // Staff unlocked only to let the participant go on: the workspace stays locked.
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.waitForFunction(() => location.hash.startsWith('#/deltagare/enkat/'));
  assert.equal(await page.locator('.staff-bar').count(), 0);
  await page.done();
});

test('a forgotten staff code: said plainly, and erasing everything needs the box ticked', async () => {
  const page = await app.open('#/personal', PHONE);
  await unlockStaff(page);
  await enrol(page);
  await page.reload();
  await page.locator('#staff-passphrase').waitFor();
  await page.getByText('Har du glömt koden?').click();
  assert.match(await page.locator('.forgot-passphrase').innerText(), /Utan koden går svaren på den här enheten inte att läsa/);
  await expectAccessible(page, 'forgotten code sv phone');
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'forgotten code ar phone');
  await chooseLanguage(page, 'sv');

  await page.getByRole('button', { name: 'Radera allt och välj ny kod' }).click();
  await page.locator('.forgot-passphrase .error', { hasText: 'Kryssa i rutan först.' }).waitFor();
  assert.equal((await readStoredRaw(page, 'participants')).length, 1, 'nothing erased without the box ticked');

  await page.getByLabel('Jag förstår att allt på enheten raderas').check();
  await page.getByRole('button', { name: 'Radera allt och välj ny kod' }).click();
  await page.locator('#new-passphrase').waitFor();
  const stored = await everythingStored(page);
  for (const store of STORES) assert.deepEqual(stored[store], [], `${store} is empty`);

  await unlockStaff(page, 'en helt ny kod 2026');
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator('#enrol-track').waitFor();
  assert.equal(await page.locator('tr[data-code]').count(), 0, 'the roster starts empty');
  await page.done();
});
