// The evaluator's import at report time: 1 000 bundles signed with jose by
// ten devices, picked at once, with hostile files among them (an answer off
// its scale and an instrument nobody ships, both validly signed, and a
// forged file). The progress bar moves and the page answers while it runs;
// the hostile files are refused with their reasons and nothing of them is
// stored; the results equal those of the same good files imported fresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useApp, readStore, TABLET } from './harness.mjs';
import { hostileBundles } from './bundles.mjs';
import { makeBundles } from '../bench/import.mjs';

const app = useApp();

/** The results page's tables as text, for comparing two imports. */
async function results(page) {
  await page.evaluate(() => { location.hash = '#/utvarderare/resultat'; });
  await page.locator('[data-item="kaa-steg/framtiden"] table.results-change').waitFor({ timeout: 60_000 });
  return page.locator('main table').allInnerTexts();
}

test('1 000 bundles import in one pick, the page answering; hostile files refused; results as a fresh import', async () => {
  const made = await makeBundles({ bundles: 1000, devices: 10 });
  const { readFileSync } = await import('node:fs');
  const sample = readFileSync(made.files[0], 'utf8');
  const hostile = await hostileBundles(sample);
  const hostileFiles = [];
  for (const [name, text] of Object.entries(hostile)) {
    const path = join(made.dir, name);
    await writeFile(path, text);
    hostileFiles.push(path);
  }
  // The hostile files in the middle of the pick.
  const picked = [...made.files.slice(0, 500), ...hostileFiles, ...made.files.slice(500)];

  const page = await app.open('#/utvarderare', TABLET);
  await page.locator('#import-files').setInputFiles(picked);
  const bar = page.locator('#import-progress-bar');
  await bar.waitFor();
  const seen = new Set();
  let slowest = 0;
  const taps = [];
  while (await bar.count()) {
    const value = await bar.getAttribute('value').catch(() => null);
    if (value !== null) seen.add(value);
    // The page answers: a script from outside runs between the files, and
    // a tap on the page is taken (the click lands and its event is handled).
    const t = Date.now();
    await page.evaluate(() => document.title);
    slowest = Math.max(slowest, Date.now() - t);
    if (taps.length < 3 && seen.size > taps.length) {
      const before = Date.now();
      await page.locator('#import-hint').click({ timeout: 5_000 }).catch(() => {});
      if (await bar.count()) taps.push(Date.now() - before);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(seen.size >= 3, `the progress bar moved: ${[...seen]}`);
  assert.ok(slowest < 1000, `the page answered within a second while importing (slowest ${slowest} ms)`);
  assert.ok(taps.length > 0 && taps.every((ms) => ms < 1500), `taps during the import were taken: ${taps} ms`);

  const line = (name) => page.locator(`.import-report li[data-file="${name}"]`);
  assert.match(await line('off-scale.json').innerText(), /ett svar som inte passar frågan [a-z-]+ \(response:[0-9a-f]+\)\. Inget har lästs in\./);
  assert.match(await line('unknown-instrument.json').innerText(), /ett formulär som den här versionen av Stegvis inte har: okand-enkat, version \d+\. .*Inget har lästs in\./);
  assert.match(await line('forged.json').innerText(), /Underskriften stämmer inte/);
  for (const name of Object.keys(hostile)) {
    assert.equal(await line(name).getAttribute('class'), 'report-rejected', name);
  }
  assert.equal(await page.locator('.import-report .report-rejected').count(), 3, 'only the hostile files are refused');
  const stored = await readStore(page, 'bundles');
  const imported = stored.filter((r) => r.id.startsWith('imported:'));
  assert.equal(imported.length, 1000);
  assert.ok(imported.every((r) => r.label.startsWith('Surfplatta')), 'nothing of the hostile files is stored');
  assert.equal(stored.filter((r) => r.id.startsWith('records:')).length, 1000, 'the records of each file are kept once');
  const withHostile = await results(page);
  await page.done();

  // A fresh import of the good files alone, stopped part way with Avbryt:
  // what was read in is stored whole, and picking all of them again
  // imports the rest.
  const fresh = await app.open('#/utvarderare', TABLET);
  await fresh.locator('#import-files').setInputFiles(made.files);
  await fresh.waitForFunction(() => Number(document.querySelector('#import-progress-bar')?.value ?? 0) >= 120);
  await fresh.getByRole('button', { name: 'Avbryt' }).click();
  await fresh.locator('#import-progress-bar').waitFor({ state: 'detached', timeout: 120_000 });
  const cancelled = await fresh.locator('.import-report .report-cancelled').innerText();
  const left = Number(cancelled.match(/Avbrutet\. (\d+) filer lästes inte in\./)[1]);
  // Read in: new devices' first files, and later ones flagged until the key is confirmed.
  const taken = await fresh.locator('.import-report .report-imported, .import-report .report-flagged').count();
  assert.ok(left > 0 && taken >= 120 && taken + left === 1000, `${taken} read in, ${left} left`);
  const storedThen = (await readStore(fresh, 'bundles')).filter((r) => r.id.startsWith('imported:')).length;
  assert.equal(storedThen, taken, 'every file the report says is read in is stored, and no other');
  await fresh.locator('#import-files').setInputFiles(made.files);
  await fresh.locator('#import-progress-bar').waitFor();
  await fresh.locator('#import-progress-bar').waitFor({ state: 'detached', timeout: 120_000 });
  assert.equal(await fresh.locator('.import-report li', { hasText: 'redan inläst' }).count(), taken);
  assert.deepEqual(await results(fresh), withHostile, 'the same figures as the good files alone');
  await fresh.done();
  made.remove();
});
