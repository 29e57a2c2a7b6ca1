// Storage on a staff tablet: persistent or not, what is unsent, warnings
// (unsent too long, a clock behind the records), and removing closed cases
// once they are exported, explicitly and with confirmation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, STAFF_CODE, TABLET, PHONE } from './harness.mjs';
import { enrol } from './staff.mjs';

const app = useApp();
const DAY = 86_400_000;

async function rateSupport(page, code) {
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/bedomning/utfall/intake`; }, code);
  await page.locator('#rater').fill('AB');
  await page.locator('[data-item="forsorjning"]').getByLabel('Lön', { exact: true }).check();
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.locator('.timeline').waitFor();
}

async function close(page, code) {
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/avsluta`; }, code);
  await page.locator('.staff-form').waitFor();
  if (await page.locator('#rater').count()) await page.locator('#rater').fill('AB');
  await page.locator('[data-item="huvudsaklig-aktivitet"]').getByLabel('Studerar', { exact: true }).check();
  await page.locator('[data-item="forsorjning"]').getByLabel('Studiemedel (CSN)', { exact: true }).check();
  await page.getByRole('button', { name: 'Avsluta deltagandet' }).click();
  await page.locator('.outcome').waitFor();
}

async function storagePage(page) {
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.locator('h1', { hasText: 'Personal' }).waitFor();
  await page.evaluate(() => { location.hash = '#/personal/lagring'; });
  await page.locator('p.unsent').waitFor();
}

test('storage shows what is unsent, warns in time, and removes only closed cases that are sent', async () => {
  const page = await app.open('#/personal', TABLET);
  await page.clock.install();
  await page.reload();
  await unlockStaff(page);
  const closed = await enrol(page, { age: '20' });
  await rateSupport(page, closed);
  await close(page, closed);
  const open = await enrol(page, { age: '20' });
  await rateSupport(page, open);

  await storagePage(page);
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  assert.match(await page.locator('p.persisted').innerText(), persisted ? /Lagringen är beständig/ : /Lagringen är inte beständig/);
  assert.match(await page.locator('p.space').innerText(), /^Använt: \d+,\d MB\. Ledigt: \d+,\d MB\.$/);
  assert.equal(await page.locator('p.unsent').innerText(), 'Inte skickat: 3 svar.');
  await page.locator('p.removable', { hasText: 'Det finns inget att ta bort just nu' }).waitFor();
  await expectAccessible(page, 'storage sv tablet');

  // Ten days on, the unsent answers bring a warning on the staff start page.
  await page.clock.setSystemTime(Date.now() + 10 * DAY);
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.locator('.storage-warning', { hasText: '3 svar är inte skickade. Det äldsta är 10 dagar gammalt.' }).waitFor();
  // A clock set a month back is behind the records.
  await page.clock.setSystemTime(Date.now() - 30 * DAY);
  await page.evaluate(() => { location.hash = '#/personal/lagring'; });
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.locator('.storage-warning', { hasText: 'Enhetens klocka verkar gå fel' }).waitFor();
  await page.clock.setSystemTime(Date.now());

  // Export everything, then remove what is closed and sent.
  await page.evaluate(() => { location.hash = '#/personal/skicka'; });
  await page.locator('.device-fingerprint', { hasText: /^\d{5} \d{5} \d{5} \d{5}$/ }).waitFor();
  await page.locator('#device-label').fill('Surfplatta 9');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await page.getByRole('button', { name: 'Skapa filen' }).click();
  await page.locator('.export-ready').waitFor();
  await storagePage(page);
  assert.equal(await page.locator('p.unsent').innerText(), 'Allt är skickat.');
  await page.locator('p.removable', { hasText: '1 avslutad deltagare kan tas bort.' }).waitFor();
  await page.getByRole('button', { name: 'Ta bort' }).click();
  await page.locator('.error', { hasText: 'Kryssa i rutan först.' }).waitFor();
  assert.equal((await readStore(page, 'participants')).length, 2, 'nothing removed without confirmation');
  await page.locator('#remove-confirm').check();
  await page.getByRole('button', { name: 'Ta bort' }).click();
  await page.locator('p.status', { hasText: '1 deltagare är borttagen från enheten.' }).waitFor();
  assert.deepEqual((await readStore(page, 'participants')).map((p) => p.id), [open]);
  assert.ok((await readStore(page, 'assessments')).every((r) => r.participant === open));
  assert.equal((await readStore(page, 'assessments')).length, 1);
  await page.locator('p.removable', { hasText: 'Det finns inget att ta bort just nu' }).waitFor();
  await page.done();
});

test('leaving a screen before its work ends keeps the work and breaks nothing', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  await enrol(page);
  await page.evaluate(() => { location.hash = '#/personal/skicka'; });
  await page.locator('.device-fingerprint', { hasText: /^\d{5} \d{5} \d{5} \d{5}$/ }).waitFor();
  await page.locator('#device-label').fill('Surfplatta 3');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await page.getByRole('button', { name: 'Skapa filen' }).waitFor();
  // Staff tap "Skapa filen" and leave at once, before the file is made.
  await page.evaluate(() => {
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Skapa filen').click();
    location.hash = '#/personal/lagring';
  });
  let exported = [];
  for (let i = 0; i < 100 && exported.length === 0; i++) {
    exported = (await readStore(page, 'bundles')).filter((r) => r.id.startsWith('export:'));
    if (exported.length === 0) await page.waitForTimeout(100);
  }
  assert.equal(exported.length, 1, 'the file was made and recorded');
  await storagePage(page);
  assert.equal(await page.locator('p.unsent').innerText(), 'Allt är skickat.');

  // An unlock left before the code is checked: the staff pages stay locked.
  await page.getByRole('button', { name: 'Lås' }).click();
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).waitFor();
  await page.evaluate(() => {
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Lås upp').click();
    location.hash = '#/';
  });
  await page.locator('.role-list').waitFor();
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.locator('#staff-passphrase').waitFor();
  assert.equal(await page.locator('.staff-bar').count(), 0);
  await unlockStaff(page);
  await storagePage(page);
  assert.equal(await page.locator('p.unsent').innerText(), 'Allt är skickat.');
  await page.done();
});

test('the storage page is accessible in Arabic on a phone', async () => {
  const page = await app.open('#/personal', PHONE);
  await unlockStaff(page);
  await storagePage(page);
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'storage ar phone');
  await page.done();
});
