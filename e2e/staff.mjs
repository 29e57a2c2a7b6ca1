// Staff steps shared by the end-to-end tests: enrol a participant, hand the
// tablet over for a survey, open a case and fill in a rating.
import { STAFF_CODE } from './harness.mjs';

/** A personal-beteende rating at intake, by item. */
export const BEHAVIOUR_INTAKE = {
  'svarar-pa-kontakt': 'Sällan',
  'bokade-tider': 'Ibland',
  'viktiga-kontakter': 'Vet ej',
  'gar-pa-moten': 'Aldrig',
  'pratar-om-att-soka': 'Ibland',
  'soker': 'Aldrig',
};

export const next = (page) => page.locator('.survey-nav button[type=submit]').click();
export const progress = (page, n, total) => page.locator('.progress', { hasText: `Fråga ${n} av ${total}` }).waitFor();

/** Enrols an adult participant on the roster and returns the new code. */
export async function enrol(page, { track = 'kaa', age = '19', gender = 'girl' } = {}) {
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator('#enrol-track').waitFor();
  await page.locator('#enrol-track').selectOption(track);
  await page.locator('#enrol-age').selectOption(age);
  await page.locator('#enrol-gender').selectOption(gender);
  await page.locator('#enrol-consent').check();
  await page.getByRole('button', { name: 'Skriv in' }).click();
  await page.locator('.code-display').waitFor();
  return page.locator('.code-display').getAttribute('data-code');
}

/** Runs the participant's survey in kiosk mode from the case page; `answers` maps question number to label. */
export async function kioskSurvey(page, timepoint, total, answers) {
  await page.locator(`[data-timepoint="${timepoint}"]`).getByRole('link', { name: 'Lämna över enheten för deltagarens enkät' }).click();
  await page.getByRole('button', { name: 'Lämna över till deltagaren' }).click();
  for (let n = 1; n <= total; n++) {
    await progress(page, n, total);
    if (answers[n]) await page.getByLabel(answers[n], { exact: true }).check();
    await next(page);
  }
  await page.getByRole('button', { name: 'Skicka in' }).click();
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('.staff-bar').waitFor();
}

export async function openCase(page, code) {
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}`; }, code);
  await page.locator('h1', { hasText: 'Deltagare' }).waitFor();
  await page.locator('.timeline').waitFor();
}

export const row = (page, timepoint, instrument) =>
  page.locator(`[data-timepoint="${timepoint}"] [data-instrument="${instrument}"]`);

/** Fills in a staff rating from the case page's timeline: radio `choices` and typed `fills`, by item. */
export async function rate(page, timepoint, instrument, rater, choices, fills = {}) {
  await row(page, timepoint, instrument).locator('.row-action').click();
  await page.locator('.staff-form').waitFor();
  await page.locator('#rater').fill(rater);
  for (const [item, label] of Object.entries(choices)) {
    await page.locator(`[data-item="${item}"]`).getByLabel(label, { exact: true }).check();
  }
  for (const [item, text] of Object.entries(fills)) await page.locator(`#item-${item}`).fill(text);
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.locator('.timeline').waitFor();
}

