// The staff lock: the code chosen at first use, wrong guesses, the slow-down,
// the Lås button and the idle lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, STAFF_CODE, VIEWPORTS } from './harness.mjs';
import { enrol } from './staff.mjs';

const app = useApp();
const message = (page) => page.locator('.error[role], #unlock-message').filter({ hasText: /\S/ }).first().innerText();

test('the staff code is chosen at first use, with plain messages for weak or different codes', async () => {
  const page = await app.open('#/personal', VIEWPORTS.tablet);
  await page.locator('#new-passphrase').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Personal');
  await expectAccessible(page, 'choose code sv tablet');
  const attempt = async (a, b, expected) => {
    await page.locator('#new-passphrase').fill(a);
    await page.locator('#repeat-passphrase').fill(b);
    await page.getByRole('button', { name: 'Spara koden' }).click();
    await page.locator('#choose-message', { hasText: expected }).waitFor();
  };
  await attempt('12345', '12345', 'Koden ska ha minst 6 tecken.');
  await attempt('482913', '482914', 'Koderna är olika.');
  await attempt('123456', '123456', 'Koden är för enkel.');
  assert.equal(await page.locator('.staff-bar').count(), 0, 'nothing opens on a refused code');
  await unlockStaff(page);
  assert.equal(await page.getByRole('link', { name: /Frågor/ }).count(), 1);
  await page.done();
});

test('after a reload the code unlocks, wrong guesses are told and slow down', async () => {
  const page = await app.open('#/personal', VIEWPORTS.phone);
  await unlockStaff(page);
  await page.reload();
  await page.locator('#staff-passphrase').waitFor();
  await expectAccessible(page, 'unlock sv phone');
  for (let i = 1; i <= 2; i++) {
    await page.locator('#staff-passphrase').fill(`fel ${i} kod`);
    await page.getByRole('button', { name: 'Lås upp' }).click();
    await page.locator('#unlock-message', { hasText: 'Fel kod. Försök igen.' }).waitFor();
    await page.locator('#staff-passphrase:not([disabled])').waitFor();
  }
  await page.locator('#staff-passphrase').fill('fel 3 kod');
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('#unlock-message', { hasText: 'Vänta 30 sekunder' }).waitFor();
  // Even the right code waits now, and a reload does not reset the wait.
  await page.reload();
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('#unlock-message', { hasText: /Vänta \d+ sekunder/ }).waitFor();
  assert.equal(await page.locator('.staff-bar').count(), 0);
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'unlock ar phone');
  await page.done();
});

test('Lås locks at once, and five idle minutes lock by themselves', async () => {
  const context = await app.newContext({ viewport: VIEWPORTS.tablet });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(app.url + '#/personal');
  await unlockStaff(page);
  await page.getByRole('button', { name: 'Lås', exact: true }).click();
  await page.locator('#staff-passphrase').waitFor();
  await unlockStaff(page);
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'staff page ar tablet');
  await chooseLanguage(page, 'sv');
  // Four idle minutes: still open.
  await page.clock.fastForward('04:00');
  await page.waitForTimeout(100);
  assert.equal(await page.locator('.staff-bar').count(), 1);
  // Past five: locked, with nothing of the workspace left on screen.
  await page.clock.fastForward('01:10');
  await page.locator('#staff-passphrase').waitFor();
  assert.equal(await page.locator('.staff-bar').count(), 0);
  assert.equal(await page.getByRole('link', { name: /Frågor/ }).count(), 0);
  await context.close();
});

test('staff change the code; the old one stops working and every record opens with the new one', async () => {
  const NEW_CODE = 'höst i Umeå';
  const page = await app.open('#/personal', VIEWPORTS.phone);
  await unlockStaff(page);
  const code = await enrol(page, { age: '20' });
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.getByRole('link', { name: /Byt kod/ }).click();
  await page.locator('h1', { hasText: 'Byt kod' }).waitFor();
  await expectAccessible(page, 'change code sv phone');
  const attempt = async (current, a, b, expected) => {
    await page.locator('#current-code').fill(current);
    await page.locator('#changed-code').fill(a);
    await page.locator('#changed-code-repeat').fill(b);
    await page.locator('form.change-passphrase button[type=submit]').click();
    await page.locator('#change-message', { hasText: expected }).waitFor();
  };
  await attempt(STAFF_CODE, 'höst', 'höst', 'Koden ska ha minst 6 tecken.');
  await attempt(STAFF_CODE, NEW_CODE, 'höst i Umea', 'Koderna är olika.');
  await attempt(STAFF_CODE, STAFF_CODE, STAFF_CODE, 'Den nya koden är samma som den gamla.');
  await attempt('fel kod igen', NEW_CODE, NEW_CODE, 'Fel kod. Försök igen.');
  await page.locator('#current-code').fill(STAFF_CODE);
  await page.locator('#changed-code').fill(NEW_CODE);
  await page.locator('#changed-code-repeat').fill(NEW_CODE);
  await page.locator('form.change-passphrase button[type=submit]').click();
  await page.locator('p.status', { hasText: 'Koden är bytt.' }).waitFor();
  assert.equal(await page.locator('#current-code').inputValue(), '', 'typed codes are cleared');
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'change code ar phone');
  await chooseLanguage(page, 'sv');

  // After a reload only the new code opens, and the roster is all there.
  await page.reload();
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('#unlock-message', { hasText: 'Fel kod. Försök igen.' }).waitFor();
  await page.locator('#staff-passphrase:not([disabled])').waitFor();
  await unlockStaff(page, NEW_CODE);
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator(`tr[data-code="${code}"]`).waitFor();
  assert.equal((await readStore(page, 'participants', NEW_CODE))[0].id, code);
  await assert.rejects(readStore(page, 'participants', STAFF_CODE), 'the old code opens nothing');
  await page.done();
});
