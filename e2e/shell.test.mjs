// The app shell: start page, language picker, hash routes, not-found page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useApp, expectAccessible, chooseLanguage, VIEWPORTS } from './harness.mjs';

const app = useApp();

const htmlAttrs = (page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`start page in Swedish on a ${name}`, async () => {
    const page = await app.open('', viewport);
    assert.deepEqual(await htmlAttrs(page), { lang: 'sv', dir: 'ltr' });
    assert.equal(await page.locator('h1').innerText(), 'Välkommen');
    assert.equal(await page.title(), 'Stegvis');
    const roles = page.locator('.role-name');
    assert.deepEqual(await roles.allInnerTexts(), ['Deltagare', 'Personal', 'Utvärderare']);
    // Swedish is the source language: no review notice.
    assert.equal(await page.locator('.draft-notice').count(), 0);
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${viewport.width}px screen`);
    await expectAccessible(page, `start page sv ${name}`);
    await page.done();
  });

  test(`start page in Arabic, right to left, on a ${name}`, async () => {
    const page = await app.open('#/', viewport);
    await chooseLanguage(page, 'ar');
    assert.deepEqual(await htmlAttrs(page), { lang: 'ar', dir: 'rtl' });
    assert.equal(await page.locator('h1').innerText(), 'أهلاً بك');
    const ar = JSON.parse(readFileSync(new URL('../content/ui/ar.json', import.meta.url))).strings;
    assert.deepEqual(await page.locator('.role-name').allInnerTexts(), ['role.participant', 'role.staff', 'role.evaluator'].map((k) => ar[k]));
    // A draft translation says so.
    assert.equal(await page.locator('.draft-notice').innerText(), 'لم تتم مراجعة هذه الترجمة بعد.');
    // The header mirrors: the brand sits to the right of the language picker.
    const brand = await page.locator('.brand').boundingBox();
    const picker = await page.locator('#language').boundingBox();
    assert.ok(brand.x > picker.x, 'rtl header is mirrored');
    await expectAccessible(page, `start page ar ${name}`);
    await page.done();
  });
}

test('the chosen language is remembered after a reload', async () => {
  const page = await app.open('#/');
  await chooseLanguage(page, 'fa');
  await page.reload();
  await page.locator('h1').waitFor();
  assert.deepEqual(await htmlAttrs(page), { lang: 'fa', dir: 'rtl' });
  assert.equal(await page.locator('#language').inputValue(), 'fa');
  assert.equal(await page.locator('h1').innerText(), 'خوش آمدی');
  await chooseLanguage(page, 'sv');
  await page.reload();
  await page.locator('h1').waitFor();
  assert.deepEqual(await htmlAttrs(page), { lang: 'sv', dir: 'ltr' });
  await page.done();
});

test('picking a role follows its link, and back returns to the start page', async () => {
  const page = await app.open('#/');
  await page.getByRole('link', { name: /Personal/ }).click();
  // The staff app, in personal/.
  await page.waitForURL(`${app.url}personal/#/personal`);
  await page.locator('h1', { hasText: 'Personal' }).waitFor();
  await page.goBack();
  await page.waitForURL(`${app.url}#/`);
  await page.locator('h1', { hasText: 'Välkommen' }).waitFor();
  await page.done();
});

const DEEP_LINKS = [
  ['#/deltagare', 'Deltagare'],
  ['#/personal', 'Personal'],
  ['#/utvarderare', 'Utvärderare'],
  ['#/finns-inte', 'Sidan finns inte'],
];

for (const [hash, heading] of DEEP_LINKS) {
  test(`deep link ${hash} survives a reload and is accessible in sv and ar`, async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const page = await app.open(hash, viewport);
      assert.equal(await page.locator('h1').innerText(), heading);
      await page.reload();
      await page.locator('h1').waitFor();
      assert.equal(await page.locator('h1').innerText(), heading, 'after reload');
      await expectAccessible(page, `${hash} sv ${name}`);
      await chooseLanguage(page, 'ar');
      assert.notEqual(await page.locator('h1').innerText(), heading, 'heading follows the language');
      await expectAccessible(page, `${hash} ar ${name}`);
      await page.done();
    }
  });
}

test('the not-found page links back to the start page', async () => {
  const page = await app.open('#/gammal/lank');
  assert.equal(await page.locator('h1').innerText(), 'Sidan finns inte');
  await page.getByRole('link', { name: 'Till startsidan' }).click();
  await page.waitForURL(/#\/$/);
  assert.equal(await page.locator('h1').innerText(), 'Välkommen');
  await page.done();
});
