// "Frågor": staff check every instrument's wording in any language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, VIEWPORTS } from './harness.mjs';

const app = useApp();

const INSTRUMENTS = [
  'bakgrund', 'kaa-steg', 'maende', 'mal-trappan', 'narvarotrappan',
  'personal-beteende', 'skola-karna', 'skola-utskrivning', 'skoldata', 'utfall',
];

test('staff reach Frågor from the staff page and see every instrument in Swedish', async () => {
  const page = await app.open('#/personal');
  await unlockStaff(page);
  await page.getByRole('link', { name: /Frågor/ }).click();
  await page.waitForURL(/#\/personal\/fragor$/);
  assert.equal(await page.locator('h1').innerText(), 'Frågor');
  assert.equal(await page.title(), 'Frågor – Stegvis');
  const shown = await page.locator('section.instrument').evaluateAll((s) => s.map((e) => e.dataset.instrument));
  assert.deepEqual(shown.sort(), INSTRUMENTS);

  const karna = page.locator('[data-instrument="skola-karna"]');
  const first = karna.locator('[data-item="inkluderad"]');
  assert.equal(await first.locator('.question').innerText(), 'Hur inkluderad känner du dig i skolan?');
  assert.deepEqual(await first.locator('.answers li').allInnerTexts(), [
    '1 inte alls', '2 2', '3 3', '4 4', '5 5', '6 helt och hållet', 'ej relevant (räknas inte som steg)',
  ]);
  assert.match(await first.innerText(), /Högre är bättre\. Bra svar: 4 eller högre\./);
  assert.match(await first.innerText(), /Ordagrant ur rapporten \(000:L1713\)/);
  assert.equal(await karna.locator('.status').innerText(), 'Källtext på svenska');

  // The stem carries the project name in place of {projekt}.
  const utskrivning = page.locator('[data-instrument="skola-utskrivning"]');
  assert.equal(
    await utskrivning.locator('[data-item="lektioner"] .question').innerText(),
    'Tack vare att jag är med i projektet gör jag det som förväntas av mig på lektionerna',
  );
  // maende shows its support text and that lower is better.
  const maende = page.locator('[data-instrument="maende"]');
  assert.match(await maende.locator('.support-preview').innerText(), /1177/);
  assert.match(await maende.locator('[data-item="oro"]').innerText(), /Lägre är bättre\. Bra svar: Ungefär en gång i månaden eller lägre\./);
  assert.match(await page.locator('[data-instrument="utfall"] [data-item="huvudsaklig-aktivitet"]').innerText(), /Bara vid Utskrivning, Efter 6 månader/);
  await expectAccessible(page, 'Frågor sv phone');
  await page.done();
});

test('the questions can be shown in another language, marked as draft and right to left', async () => {
  const page = await app.open('#/personal/fragor', VIEWPORTS.tablet);
  await unlockStaff(page);
  await page.locator('#shown-language').selectOption('ar');
  const karna = page.locator('[data-instrument="skola-karna"]');
  await karna.locator('.status-draft').waitFor();
  // Back-translated or draft, never presented as reviewed.
  assert.match(await karna.locator('.status').innerText(), /[Ii]nte granskad/);
  const heading = karna.locator('h2');
  assert.equal(await heading.getAttribute('lang'), 'ar');
  assert.equal(await heading.getAttribute('dir'), 'rtl');
  const question = await karna.locator('[data-item="inkluderad"] .question').innerText();
  assert.match(question, /[\u0600-\u06FF]/, 'the question is in Arabic script');
  // The page itself stays Swedish.
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
  await expectAccessible(page, 'Frågor with Arabic content, tablet');
  await page.done();
});

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`Frågor in an Arabic page is accessible on a ${name}`, async () => {
    const page = await app.open('#/personal/fragor', viewport);
    await unlockStaff(page);
    await chooseLanguage(page, 'ar');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    // Staff text without an Arabic translation is shown in Swedish and marked so.
    const intro = page.locator('main > p').first();
    await intro.waitFor();
    assert.equal(await intro.getAttribute('lang'), 'sv');
    await page.locator('#shown-language').selectOption('ar');
    await page.locator('[data-instrument="maende"] .status-draft').waitFor();
    await expectAccessible(page, `Frågor ar ${name}`);
    await page.done();
  });
}
