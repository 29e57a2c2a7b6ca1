// The roster: enrol a participant under a code, hand the device over for
// their intake survey, and see its status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, STAFF_CODE, VIEWPORTS } from './harness.mjs';

const app = useApp();
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const validCode = (code) =>
  code.length === 6 && [...code].reduce((sum, c, i) => sum + (i + 1) * ALPHABET.indexOf(c), 0) % 31 === 0;

test('enrol a participant, run their intake in kiosk mode, and see it done on the roster', async () => {
  const page = await app.open('#/personal', VIEWPORTS.tablet);
  await unlockStaff(page);
  await page.getByRole('link', { name: /Deltagare/ }).click();
  await page.locator('h1', { hasText: 'Deltagare' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Inga deltagare är inskrivna/);
  assert.match(await page.locator('.privacy').innerText(), /Skriv inga namn, personnummer eller födelsedatum/);
  await expectAccessible(page, 'roster empty sv tablet');

  await page.locator('#enrol-track').selectOption('kaa');
  await page.locator('#enrol-age').selectOption('16');
  await page.getByRole('button', { name: 'Skriv in' }).click();
  await page.locator('.enrol .error', { hasText: 'Deltagaren måste ha sagt ja' }).waitFor();
  await page.locator('#enrol-consent').check();
  await page.getByRole('button', { name: 'Skriv in' }).click();
  await page.locator('.enrol .error', { hasText: 'behövs ett ja från en vårdnadshavare' }).waitFor();
  await page.locator('#enrol-guardian').check();
  await page.getByRole('button', { name: 'Skriv in' }).click();
  await page.locator('.code-display').waitFor();
  const code = await page.locator('.code-display').getAttribute('data-code');
  assert.ok(validCode(code), `${code} carries a valid check character`);
  assert.equal(await page.locator('.code-display').innerText(), `${code.slice(0, 3)}-${code.slice(3)}`);
  const row = page.locator(`tr[data-code="${code}"]`);
  assert.deepEqual((await row.locator('td').allInnerTexts()).slice(1), ['KAA (utanför skolan)', await page.locator('#enrol-date').inputValue(), 'Inte påbörjad']);
  const [stored] = await readStore(page, 'participants');
  assert.equal(stored.id, code);
  assert.equal(stored.age, 16);
  assert.ok(stored.consent.participant_on && stored.consent.guardian_on);
  await expectAccessible(page, 'roster enrolled sv tablet');

  await page.getByRole('link', { name: 'Starta enkäten på den här enheten' }).click();
  await page.locator('#kiosk-code').waitFor();
  assert.equal(await page.locator('#kiosk-code').inputValue(), `${code.slice(0, 3)}-${code.slice(3)}`, 'shown as everywhere else');
  assert.equal(await page.locator('#kiosk-track').inputValue(), 'kaa');
  await page.getByRole('button', { name: 'Lämna över till deltagaren' }).click();
  await page.locator('.progress', { hasText: 'Fråga 1 av 8' }).waitFor();
  for (let i = 2; i <= 8; i++) {
    await page.locator('.survey-nav button[type=submit]').click();
    await page.locator('.progress', { hasText: `Fråga ${i} av 8` }).waitFor();
  }
  await page.locator('.survey-nav button[type=submit]').click();
  await page.getByRole('button', { name: 'Skicka in' }).click();
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('.staff-bar').waitFor();
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator(`tr[data-code="${code}"] td`, { hasText: 'Klar' }).waitFor();
  await page.done();
});

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`the roster is accessible in Arabic on a ${name}`, async () => {
    const page = await app.open('#/personal/deltagare', viewport);
    await unlockStaff(page);
    await page.locator('#enrol-consent').check();
    await page.locator('#enrol-age').selectOption('19');
    await page.getByRole('button', { name: 'Skriv in' }).click();
    await page.locator('.code-display').waitFor();
    await chooseLanguage(page, 'ar');
    await expectAccessible(page, `roster ar ${name}`);
    await page.done();
  });
}
