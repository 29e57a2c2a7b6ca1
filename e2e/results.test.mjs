// The evaluator's results: three signed bundles of a synthetic evaluation
// (tests/fixtures/evaluation/dataset.json, signed here with jose) are
// imported, and the figures on screen are checked against the reference
// computed independently with SciPy (tests/fixtures/evaluation/expected.json).
// The downloaded data package is validated with frictionless and its CSV
// checked against the dataset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, expectAccessible, chooseLanguage, openReport, tablesOf, PHONE, TABLET } from './harness.mjs';
import { evaluationBundles } from './bundles.mjs';

const app = useApp();
const ROOT = new URL('../', import.meta.url);
const readJson = async (path) => JSON.parse(await readFile(new URL(path, ROOT), 'utf8'));
const expected = await readJson('tests/fixtures/evaluation/expected.json');
const dataset = await readJson('tests/fixtures/evaluation/dataset.json');

const want = (item, group, cutoff) =>
  expected.items.find((e) => `${e.instrument}/${e.item}` === item && e.group === group && (cutoff === undefined || e.cutoff === cutoff));
const shown = (n) => (n < 5 ? 'dold' : String(n));
// A figure that is five or more may still be hidden, where the question's
// tables together would otherwise reveal a small count: then it reads 'dold'.
const shownOrHidden = (text, expected) => assert.ok(text === expected || text === 'dold', `${text} is neither ${expected} nor dold`);
const withShare = (n, of) => (n < 5 || of < 5 ? shown(n) : `${n} (${Math.round((100 * n) / of)} %)`);
// A count with its share and the share's 95 % Wilson interval from SciPy.
const withInterval = (n, of, ci) => (n < 5 || of < 5 ? shown(n) : `${n} (${Math.round((100 * n) / of)} %; ${Math.round(100 * ci[0])}–${Math.round(100 * ci[1])} %)`);
const decimal = (x, digits) => x.toFixed(digits).replace('.', ',').replace('-', '−');
// A p-value as a table shows it: never "0,000".
const pValue = (p) => (p < 0.001 ? '< 0,001' : decimal(p, 3));

async function importDataset(page) {
  const files = await evaluationBundles();
  await page.locator('#import-files').setInputFiles(
    files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })),
  );
  await page.locator('.import-report li').nth(2).waitFor();
  assert.equal(await page.locator('.import-report .report-rejected').count(), 0, 'no bundle refused');
  await page.getByRole('link', { name: 'Se resultaten' }).click();
  await page.locator('[data-item="kaa-steg/framtiden"] table.results-change').waitFor();
}

/** The cells of a group's row in an item's table, by class. */
function row(page, item, table, group) {
  return page.locator(`[data-item="${item}"] table.${table} tbody tr`).filter({ has: page.locator('th', { hasText: new RegExp(`^${group}$`) }) });
}

/**
 * The command line's report of the same bundle files, opened in the browser:
 * its tables must be the results page's, word for word (the reference figures
 * above, so the report has them too), and it loads nothing else.
 */
async function sameReport(page) {
  const dir = await mkdtemp(join(tmpdir(), 'stegvis-report-'));
  const files = [];
  for (const f of await evaluationBundles()) {
    files.push(join(dir, f.name));
    await writeFile(files.at(-1), f.text);
  }
  const file = join(dir, 'rapport.html');
  const { report, status, stderr, requests, close } = await openReport(app, page, files, file);
  assert.equal(status, 0, stderr);
  assert.deepEqual(await tablesOf(report), await tablesOf(page), 'the report has the results page\'s tables');
  assert.deepEqual(requests, [`file://${file}`], 'the report loads nothing else');
  await close();
  await rm(dir, { recursive: true });
}

async function cell(page, item, table, group, cls) {
  return (await row(page, item, table, group).locator(`td.${cls}`).innerText()).trim();
}

/** Extracts a downloaded ZIP with Python's zipfile and returns the folder. */
async function unzip(download) {
  const dir = await mkdtemp(join(tmpdir(), 'stegvis-package-'));
  const zip = join(dir, 'package.zip');
  await download.saveAs(zip);
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir]);
  return dir;
}

/** Parses CSV (quoted fields, CRLF) into rows of fields. */
function parseCsv(text, sep) {
  const rows = [];
  let field = '', row = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  return rows;
}

test('imported bundles give the reference figures on screen and a valid data package', async () => {
  const page = await app.open('#/utvarderare', TABLET);
  await importDataset(page);
  await sameReport(page);
  const item = 'kaa-steg/framtiden';
  const all = want(item, 'all', 3);

  // Paired change for everyone, as the Python/SciPy reference has it.
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'n-paired'), String(all.n_paired));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'better'), withShare(all.better, all.n_paired));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'unchanged'), withShare(all.unchanged, all.n_paired));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'worse'), withShare(all.worse, all.n_paired));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'median'), decimal(all.median_change, 1));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'p'), pValue(all.wilcoxon.pvalue));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'r'), decimal(all.wilcoxon.rank_biserial, 2));
  const hl = all.hodges_lehmann;
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'hodges-lehmann'),
    `${decimal(hl.estimate, 1)} (${decimal(hl.interval[0], 1)} till ${decimal(hl.interval[1], 1)})`);
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'p-holm'), pValue(all.p_holm));
  assert.ok(all.p_holm >= all.wilcoxon.pvalue, 'Holm never lowers a p-value');
  // A p-value under 0,001 (SciPy: 1.0e-5) is written so, in the table and in the sentence.
  const strong = want('kaa-steg/redo', 'all', 3);
  assert.ok(strong.wilcoxon.pvalue < 0.001, 'the fixture has a p-value under 0,001');
  assert.equal(await cell(page, 'kaa-steg/redo', 'results-change', 'Alla', 'p'), '< 0,001');
  assert.match(await page.locator('[data-item="kaa-steg/redo"] .wilcoxon').innerText(), /, p < 0,001\./);
  assert.equal(await page.locator('td.p', { hasText: '0,000' }).count(), 0, 'no p-value reads 0,000');
  const summary = await page.locator(`[data-item="${item}"] .wilcoxon`).innerText();
  assert.ok(summary.includes(`p = ${decimal(all.wilcoxon.pvalue, 3)}`), summary);
  assert.ok(summary.includes(`W = ${decimal(all.wilcoxon.statistic, 1)}`) && summary.includes(`z = ${decimal(Math.sign(all.wilcoxon.rank_biserial) * all.wilcoxon.zstatistic_abs, 2)}`), summary);
  shownOrHidden(await cell(page, item, 'results-share', 'Alla', 'favourable-intake'), withInterval(all.favourable_intake, all.n_paired, all.wilson_favourable_intake));
  shownOrHidden(await cell(page, item, 'results-share', 'Alla', 'favourable-exit'), withInterval(all.favourable_exit, all.n_paired, all.wilson_favourable_exit));
  shownOrHidden(await cell(page, item, 'results-share', 'Alla', 'intake-only'), shown(all.intake_only_points));

  // Answers per timepoint, counted here from the dataset: at intake and
  // exit the participant's own answers; the exit is due once a case is closed.
  const participants = dataset.bundles.flatMap((b) => b.participants);
  const records = dataset.bundles.flatMap((b) => [...b.responses, ...b.assessments]);
  const people = new Set([...participants.map((p) => p.id), ...records.map((r) => r.participant)]);
  const own = (t) => new Set(records.filter((r) => r.timepoint === t && r.rater == null).map((r) => r.participant));
  const exitDue = new Set([...participants.filter((p) => p.closed_on).map((p) => p.id), ...own('exit')]);
  const ofDue = (a, d) => `${shown(a)} av ${shown(d)}${a >= 5 && d >= 5 ? ` (${Math.round((100 * a) / d)} %)` : ''}`;
  const coverage = async (t) =>
    (await page.locator(`.coverage-table tr[data-group="all"] td[data-timepoint="${t}"] .coverage-answered`).innerText()).trim();
  assert.equal(await coverage('intake'), ofDue(own('intake').size, people.size));
  assert.equal(await coverage('exit'), ofDue(own('exit').size, exitDue.size));

  // Split by gender and track; groups under five are hidden. The two small
  // gender groups have 3 paired together: with both large ones shown, each
  // would be known to be under five, so one large group is hidden too.
  let large = 0;
  for (const [label, group] of [['Tjej/kvinna', 'gender:girl'], ['Kille/man', 'gender:boy'], ['Introduktionsprogram', 'track:introduktionsprogram']]) {
    const w = want(item, group, 3);
    assert.ok(w.n_paired >= 5);
    const text = await cell(page, item, 'results-change', label, 'n-paired');
    shownOrHidden(text, String(w.n_paired));
    large += text === String(w.n_paired) && group.startsWith('gender') ? 1 : 0;
  }
  assert.equal(large, 1, 'one of the two large gender groups is shown');
  // Age bands are rows of their own (16–19: 64 participants).
  const teens = want(item, 'age:16-19', 3);
  assert.ok(teens.n_paired >= 5);
  shownOrHidden(await cell(page, item, 'results-change', '16–19 år', 'n-paired'), String(teens.n_paired));
  assert.equal(await cell(page, item, 'results-change', '13–15 år', 'n-paired'), shown(want(item, 'age:13-15', 3).n_paired));
  for (const [label, group] of [['Annat/ickebinär', 'gender:other'], ['Uppgift saknas', 'gender:missing']]) {
    assert.ok(want(item, group, 3).n_paired < 5);
    assert.equal(await cell(page, item, 'results-change', label, 'n-paired'), 'dold', group);
    assert.equal(await cell(page, item, 'results-change', label, 'median'), '–', group);
  }
  // Every count on the page is either hidden or at least five.
  const counts = await page.locator('table.results-change td.n-paired, table.transitions td').allInnerTexts();
  assert.ok(counts.every((t) => t === 'dold' || Number(t) >= 5), 'no count under five is shown');

  // The favourable cut-off is the evaluator's to change. (At 4, favourable
  // at intake is hidden for everyone: it would reveal a small cell of the
  // transition table. Favourable at exit is shown.)
  const at4 = want(item, 'all', 4);
  assert.notEqual(at4.favourable_exit, all.favourable_exit);
  await page.locator(`[data-item="${item}"] select`).selectOption('4');
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(sel)?.innerText.trim() === text,
    [`[data-item="${item}"] table.results-share tbody tr:first-child td.favourable-exit`, withInterval(at4.favourable_exit, at4.n_paired, at4.wilson_favourable_exit)],
  );

  // Outcomes: the share in studies or work against the target.
  // Every group's name in the target chart is whole: inside the chart, and
  // clear of every bar ("KAA (utanför skolan)" was cut by its bar).
  const cut = await page.locator('.target-chart svg').evaluate((svg) => {
    const width = svg.viewBox.baseVal.width;
    const plain = (b) => ({ x: b.x, y: b.y, width: b.width, height: b.height });
    const bars = [...svg.querySelectorAll('rect')].map((r) => plain(r.getBBox()));
    return [...svg.querySelectorAll('text.bar-word')].map((t) => ({ name: t.textContent, box: plain(t.getBBox()) }))
      // A glyph's side bearing may reach a fraction of a pixel past the edge ("T").
      .filter(({ box }) => box.x < -1 || box.x + box.width > width + 1
        || bars.some((b) => b.x < box.x + box.width && box.x < b.x + b.width && b.y < box.y + box.height && box.y < b.y + b.height))
      .map(({ name }) => name);
  });
  assert.ok(await page.locator('.target-chart text.bar-word', { hasText: 'KAA (utanför skolan)' }).count(), 'the long group name is in the chart');
  assert.deepEqual(cut, [], 'group names cut or covered in the target chart');
  // At 1024 px every table fits: nothing to scroll sideways.
  const tooWide = await page.evaluate(() => [...document.querySelectorAll('main table')]
    .filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1 || t.getBoundingClientRect().right > document.documentElement.clientWidth)
    .map((t) => t.className.replace('movement-table', '').trim()));
  assert.deepEqual(tooWide.sort(), [], 'tables wider than the page at 1024 px');
  const outcome = expected.outcomes.find((o) => o.group === 'all').exit_activity;
  const activityRow = page.locator('table.results-activity tbody tr').first();
  assert.equal(await activityRow.locator('td.studies-or-work').innerText(), withInterval(outcome.studies_or_work, outcome.n, outcome.wilson), 'everyone in studies or work: a headline');
  assert.equal(await activityRow.locator('td.target').innerText(), outcome.share >= 0.6 ? 'Nått' : 'Inte nått');
  // Six months after exit: 4 answered in the fixture, so hidden, with the
  // share at exit beside it.
  const later = expected.outcomes.find((o) => o.group === 'all').after_6_months_activity;
  const laterRow = page.locator('table.results-later tbody tr').first();
  assert.equal(await laterRow.locator('td.n').innerText(), shown(later.n));
  assert.equal(await laterRow.locator('td.at-exit').innerText(), withShare(outcome.studies_or_work, outcome.n));
  await page.locator('#target').fill(String(Math.floor(outcome.share * 100)));
  await page.locator('#target').press('Tab');
  await page.waitForFunction(() => document.querySelector('table.results-activity tbody tr td.target')?.innerText === 'Nått');

  // The data package: frictionless validates it; its rows are the dataset's.
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ladda ner datapaketet' }).click();
  download = await download;
  assert.match(download.suggestedFilename(), /^stegvis-data-\d{4}-\d\d-\d\d\.zip$/);
  const dir = await unzip(download);
  execFileSync(new URL('scripts/validate-package.sh', ROOT).pathname, [dir], { stdio: 'pipe' });
  const answers = parseCsv(await readFile(join(dir, 'answers.csv'), 'utf8'), ',');
  assert.equal(answers.length - 1, records.reduce((n, r) => n + r.answers.length, 0), 'one row per answer');
  const head = answers[0];
  const col = (name) => head.indexOf(name);
  const sample = records.find((r) => r.instrument.id === 'skola-karna' && r.answers.some((a) => a.value.kind === 'special'));
  const special = sample.answers.find((a) => a.value.kind === 'special');
  const line = answers.find((r) => r[col('response_id')] === sample.id && r[col('item')] === special.item);
  assert.equal(line[col('special')], special.value.id);
  assert.equal(line[col('value')], '');
  assert.equal(line[col('variable')], `skola_karna_${special.item}`);
  // wide.csv takes the latest of two intake responses.
  const wide = parseCsv(await readFile(join(dir, 'wide.csv'), 'utf8'), ',');
  const groups = new Map();
  for (const r of records) {
    const k = `${r.participant}|${r.instrument.id}|${r.timepoint}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const [, twice] = [...groups].find(([k, rs]) => rs.length > 1 && k.endsWith('|intake') && !k.includes('utfall'));
  const latest = twice.sort((a, b) => a.completed_at.localeCompare(b.completed_at)).at(-1);
  const answer = latest.answers[0];
  const wideRow = wide.find((r) => r[0] === latest.participant && r[wide[0].indexOf('timepoint')] === 'intake');
  const v = answer.value;
  const cellText = v.kind === 'point' ? String(v.value) : v.kind === 'special' ? v.id : 'skipped';
  assert.equal(wideRow[wide[0].indexOf(`${latest.instrument.id}_${answer.item}`.replaceAll('-', '_'))], cellText);
  await rm(dir, { recursive: true });

  // For Excel: semicolons and a byte order mark, and still a valid package.
  await page.locator('#export-excel').check();
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ladda ner datapaketet' }).click();
  const excelDir = await unzip(await download);
  const bytes = await readFile(join(excelDir, 'answers.csv'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(bytes.subarray(3, 40).toString().startsWith('participant;project_tag;'));
  execFileSync(new URL('scripts/validate-package.sh', ROOT).pathname, [excelDir], { stdio: 'pipe' });
  await rm(excelDir, { recursive: true });

  // Filters: only girls, then only those who answered in Arabic.
  await page.locator('#filter-gender').selectOption('girl');
  const girls = want(item, 'gender:girl', 3);
  await page.waitForFunction(
    (text) => document.querySelector('[data-item="kaa-steg/framtiden"] table.results-change tbody tr td.n-paired')?.innerText === text,
    String(girls.n_paired),
  );
  assert.equal(await page.locator('.selection').innerText(), `Urvalet har ${dataset.bundles.flatMap((b) => b.participants).filter((p) => p.gender === 'girl').length} deltagare.`);
  await page.locator('#filter-gender').selectOption('');
  await page.locator('#filter-language').selectOption('ar');
  const arabic = want(item, 'language:ar', 3);
  // 7 paired, and better, unchanged and worse all under five: the page may
  // hide the 7 with them.
  await page.waitForFunction(
    (text) => document.querySelector('[data-item="kaa-steg/framtiden"] table.results-change tbody tr td.n-paired')?.innerText !== text,
    String(all.n_paired),
  );
  shownOrHidden(await cell(page, item, 'results-change', 'Alla', 'n-paired'), shown(arabic.n_paired));
  assert.equal(await cell(page, item, 'results-change', 'Alla', 'better'), 'dold');
  await page.done();
});

test('the results page is accessible in Swedish and Arabic on a phone and a tablet, and prints without controls', async () => {
  const page = await app.open('#/utvarderare', PHONE);
  await importDataset(page);
  await expectAccessible(page, 'results sv phone');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.results-filter').isVisible(), true, 'the selection is part of the report');
  assert.equal(await page.getByRole('button', { name: 'Ladda ner datapaketet' }).isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  await chooseLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await page.locator('[data-item="kaa-steg/framtiden"] table.results-change').waitFor();
  await expectAccessible(page, 'results ar phone');
  // And on a tablet, in both.
  await page.setViewportSize(TABLET);
  await expectAccessible(page, 'results ar tablet');
  await chooseLanguage(page, 'sv');
  await page.locator('[data-item="kaa-steg/framtiden"] table.results-change').waitFor();
  await expectAccessible(page, 'results sv tablet');
  await page.done();
});
