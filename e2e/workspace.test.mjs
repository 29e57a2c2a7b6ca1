// The staff workspace as a busy coach uses it on a tablet: no personal data
// through any field, one record per tap however quick the second tap, the
// goal staircase keeping the coach's timepoint and place, a rating on one
// screen, the tablet taken back to the participant's case, and staff pages
// in Swedish, left to right, when the picker shows Arabic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, TABLET, PHONE } from './harness.mjs';
import { enrol, kioskSurvey, openCase, row } from './staff.mjs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What the QR code drawn in `locator` says, read from its pixels as a camera would. */
async function readQr(locator) {
  const png = PNG.sync.read(await locator.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(found, 'a readable QR code');
  return found.data;
}

const app = useApp();
const PERSONNUMMER = '200501012384';

test('no field takes a personnummer: project, device name, goal, rater', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);

  // Enrolment: the project field.
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator('#enrol-project').fill(PERSONNUMMER);
  await page.locator('#enrol-age').selectOption('19');
  await page.locator('#enrol-consent').check();
  await page.getByRole('button', { name: 'Skriv in' }).click();
  await page.locator('.enrol .error', { hasText: 'Skriv inga personnummer' }).waitFor();
  assert.deepEqual(await readStore(page, 'participants'), [], 'nobody enrolled with it');
  await page.locator('#enrol-project').fill('');
  const code = await enrol(page);

  // Skicka data: the device's name, which travels in every file.
  await page.evaluate(() => { location.hash = '#/personal/skicka'; });
  await page.locator('#device-label').fill('Anna 070-123 45 67');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await page.getByText('Skriv inga personnummer, telefonnummer').waitFor();
  const keys = await readStore(page, 'keys');
  assert.ok(keys.every((k) => !JSON.stringify(k).includes('070-123')), 'the name is not stored');

  // The goal staircase: goal text and rater.
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/mal`; }, code);
  await page.locator('#rater').fill(PERSONNUMMER);
  await page.locator('#new-goal-text').fill('Komma i tid');
  await page.locator('.new-goal').getByLabel('1. Inte påbörjat').check();
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  await page.locator('#rater-error', { hasText: 'Skriv inga personnummer' }).waitFor();
  await page.locator('#rater').fill('AB');
  await page.locator('#new-goal-text').fill(`Ring ${PERSONNUMMER}`);
  await page.getByRole('button', { name: 'Lägg till målet' }).click();
  await page.locator('#new-goal-error', { hasText: 'Skriv inga personnummer' }).waitFor();
  assert.deepEqual(await readStore(page, 'goals'), []);
  await page.done();
});

test('a double tap stores one record: enrolment, goal, step, rating and file', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator('#enrol-age').selectOption('19');
  await page.locator('#enrol-consent').check();
  await page.getByRole('button', { name: 'Skriv in' }).dblclick();
  await page.locator('.code-display').waitFor();
  const code = await page.locator('.code-display').getAttribute('data-code');
  await page.waitForTimeout(500);
  assert.equal((await readStore(page, 'participants')).length, 1, 'one participant');

  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/mal`; }, code);
  await page.locator('#rater').fill('AB');
  await page.locator('#new-goal-text').fill('Komma i tid');
  await page.locator('.new-goal').getByLabel('1. Inte påbörjat').check();
  await page.getByRole('button', { name: 'Lägg till målet' }).dblclick();
  await page.locator('section.goal').waitFor();
  await page.waitForTimeout(500);
  assert.equal((await readStore(page, 'goals')).length, 1, 'one goal');
  assert.equal(await page.locator('#new-goal-text').inputValue(), '', 'the form is empty after the save');
  assert.equal(await page.locator('.new-goal input[type=radio]:checked').count(), 0);

  await page.locator('section.goal').getByLabel('2. Första steget taget').check();
  await page.locator('section.goal').getByRole('button', { name: 'Spara steget' }).dblclick();
  await page.locator('section.goal .staircase [aria-current="step"]', { hasText: '2. Första steget taget' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal((await readStore(page, 'goals'))[0].placements.length, 2, 'the set step and one placement');

  await openCase(page, code);
  await row(page, 'intake', 'utfall').locator('.row-action').click();
  await page.locator('.staff-form').waitFor();
  await page.locator('[data-item="forsorjning"] input[type=radio]').first().check();
  await page.getByRole('button', { name: 'Spara' }).dblclick();
  await page.locator('.timeline').waitFor();
  await page.waitForTimeout(500);
  assert.equal((await readStore(page, 'assessments')).length, 1, 'one rating');

  await page.evaluate(() => { location.hash = '#/personal/skicka'; });
  await page.locator('#device-label').fill('Surfplatta 1');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await page.getByRole('button', { name: 'Skapa filen' }).dblclick();
  await page.locator('.export-ready').waitFor();
  await page.waitForTimeout(500);
  const exports = (await readStore(page, 'bundles')).filter((r) => r.id.startsWith('export:'));
  assert.equal(exports.length, 1, 'one file made');
  await page.done();
});

test('the goal staircase keeps the timepoint chosen and the focus at the goal just saved', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  const code = await enrol(page);
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/mal`; }, code);
  await page.locator('#rater').fill('AB');
  for (const [text, step] of [['Komma i tid', '1. Inte påbörjat'], ['Söka praktik', '2. Första steget taget']]) {
    await page.locator('#new-goal-text').fill(text);
    await page.locator('.new-goal').getByLabel(step).check();
    await page.getByRole('button', { name: 'Lägg till målet' }).click();
    await page.locator(`section.goal[data-goal="${text}"]`).waitFor();
    assert.equal(await page.locator('#goal-timepoint').inputValue(), 'intake', `still intake after "${text}"`);
  }
  // The first goal's step at intake, a correction: the timepoint stays, focus stays at that goal.
  const first = page.locator('section.goal[data-goal="Komma i tid"]');
  await first.getByLabel('2. Första steget taget').check();
  await first.getByRole('button', { name: 'Spara steget' }).click();
  await first.locator('.saved', { hasText: 'Steget är sparat.' }).waitFor();
  assert.equal(await page.locator('#goal-timepoint').inputValue(), 'intake');
  // The page is drawn again after the save; then focus is at that goal.
  await page.waitForFunction(() => document.activeElement?.closest('section.goal')?.dataset.goal === 'Komma i tid');
  const inView = await first.evaluate((e) => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; });
  assert.ok(inView, 'the goal is on screen');

  await page.locator('#goal-timepoint').selectOption('exit');
  await first.getByLabel('4. Nästan där').check();
  await first.getByRole('button', { name: 'Spara steget' }).click();
  await page.locator('section.goal[data-goal="Komma i tid"] .staircase [aria-current="step"]', { hasText: '4. Nästan där' }).waitFor();
  assert.equal(await page.locator('#goal-timepoint').inputValue(), 'exit');
  await page.done();
});

test('a rating on a tablet: each item one row, the behaviour scale on one screen, initials kept while unlocked', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  const code = await enrol(page);
  await openCase(page, code);
  await row(page, 'intake', 'personal-beteende').locator('.row-action').click();
  await page.locator('.staff-form').waitFor();
  const layout = await page.evaluate(() => {
    const items = [...document.querySelectorAll('.staff-form [data-item]')];
    const rows = items.map((item) => new Set([...item.querySelectorAll('.option')].map((o) => Math.round(o.getBoundingClientRect().top))).size);
    const first = items[0].getBoundingClientRect().top;
    const save = [...document.querySelectorAll('.staff-form button[type=submit]')].pop().getBoundingClientRect().bottom;
    return { rows, span: save - first, fromInitials: save - document.querySelector('.field.rater').getBoundingClientRect().top };
  });
  assert.deepEqual(layout.rows, [1, 1, 1, 1, 1, 1], 'every item has its options in one row');
  assert.ok(layout.span <= 560, `items and the save button span ${layout.span}px`);
  assert.ok(layout.fromInitials <= TABLET.height - 40, `from the initials to Spara: ${layout.fromInitials}px, one 1024x768 screen`);
  await expectAccessible(page, 'rating sv tablet');

  await page.locator('#rater').fill('AB');
  const choices = ['Aldrig', 'Sällan', 'Ibland', 'Ganska ofta', 'Ofta', 'Vet ej'];
  const items = await page.locator('.staff-form [data-item]').evaluateAll((els) => els.map((e) => e.dataset.item));
  for (const [i, item] of items.entries()) {
    await page.locator(`[data-item="${item}"]`).getByLabel(choices[i], { exact: true }).check();
  }
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.locator('.timeline').waitFor();
  // The next form, while still unlocked, already has the initials.
  await row(page, 'exit', 'personal-beteende').locator('.row-action').click();
  await page.locator('.staff-form').waitFor();
  assert.equal(await page.locator('#rater').inputValue(), 'AB');
  await page.done();
});

test('taking the tablet back after a kiosk survey opens that participant, and the kiosk start shows the code with its dash', async () => {
  const page = await app.open('#/personal', TABLET);
  await unlockStaff(page);
  const code = await enrol(page);
  await openCase(page, code);
  const shown = `${code.slice(0, 3)}-${code.slice(3)}`;
  await page.locator('[data-timepoint="intake"]').getByRole('link', { name: 'Lämna över enheten för deltagarens enkät' }).click();
  await page.locator('#kiosk-code').waitFor();
  assert.equal(await page.locator('#kiosk-code').inputValue(), shown);
  await page.goBack();
  await page.locator('.timeline').waitFor();
  await kioskSurvey(page, 'intake', 8, {});
  assert.equal(await page.locator('main h1').innerText(), `Deltagare ${shown}`);
  await page.locator('.timeline').waitFor();
  assert.equal(await row(page, 'intake', 'kaa-steg').getAttribute('data-status'), 'Done');
  await page.done();
});

test('with Arabic chosen, staff pages are Swedish and left to right, signs and codes intact', async () => {
  for (const viewport of [PHONE, TABLET]) {
    const page = await app.open('#/personal', viewport);
    await unlockStaff(page);
    const code = await enrol(page);
    await chooseLanguage(page, 'ar');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl', 'the header follows the picker');
    for (const hash of [`#/personal/deltagare/${code}`, `#/personal/deltagare/${code}/mal`, '#/personal/skicka', '#/personal/deltagare']) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator('main h1').waitFor();
      const main = await page.locator('main').evaluate((m) => ({ lang: m.lang, dir: getComputedStyle(m).direction }));
      assert.deepEqual(main, { lang: 'sv', dir: 'ltr' }, hash);
      await expectAccessible(page, `${hash} ar ${viewport.width}`);
    }
    await page.done();
  }
});

test("the participant's link as a QR code a phone camera reads, with Kopiera länken", async () => {
  for (const viewport of [PHONE, TABLET]) {
    const page = await app.open('#/personal', viewport);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await unlockStaff(page);
    const code = await enrol(page);
    const link = `${app.url}#/deltagare?kod=${code}&spar=kaa&tid=intake`;
    const enrolled = page.locator('section.enrolled');
    assert.equal(await enrolled.locator('.link-text').getAttribute('href'), link);
    assert.equal(await readQr(enrolled.locator('.link-qr svg')), link, 'the QR code holds the link');
    const size = await enrolled.locator('.link-qr svg').boundingBox();
    assert.ok(size.width >= Math.min(250, viewport.width - 40), `large enough to scan: ${size.width}px`);
    await enrolled.getByRole('button', { name: 'Kopiera länken' }).click();
    await enrolled.getByText('Länken är kopierad.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await expectAccessible(page, `link QR sv ${viewport.width}`);

    // From the timeline, for a later timepoint: the kiosk start shows the same.
    await openCase(page, code);
    await page.locator('[data-timepoint="exit"]').getByRole('link', { name: 'Lämna över enheten för deltagarens enkät' }).click();
    await page.locator('.share-link .link-qr svg').waitFor();
    assert.equal(await readQr(page.locator('.share-link .link-qr svg')), `${app.url}#/deltagare?kod=${code}&spar=kaa&tid=exit`);
    await chooseLanguage(page, 'ar');
    await expectAccessible(page, `link QR ar ${viewport.width}`);
    await page.done();
  }
});
