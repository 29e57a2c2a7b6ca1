// The command line against the browser: the same files, in the same order,
// get the same verdicts and the same words from `stegvis verify` as from the
// evaluator's import, and `stegvis package` writes the same ZIP, byte for
// byte, as "Ladda ner datapaketet" after that import (plain and for Excel).
// The files: 60 bundles of three devices (bench/import.mjs), the hostile
// files of import.test.mjs (an answer off its scale, an instrument nobody
// ships, a forged signature), a file that is no bundle, an exact copy of a
// bundle, a file over 50 MB, and a bundle encrypted to an evaluator key the
// browser does not hold (the command line opens it with --key).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as jose from 'jose';
import { useApp, expectAccessible, openReport, tablesOf, TABLET } from './harness.mjs';
import { hostileBundles, resigned } from './bundles.mjs';
import { makeBundles } from '../bench/import.mjs';

const app = useApp();
const ROOT = new URL('../', import.meta.url).pathname;
const STEGVIS = join(ROOT, 'target/debug/stegvis');

/** Runs the command line; its status, standard output and error. */
function stegvis(args) {
  const run = spawnSync(STEGVIS, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  return run;
}

/** `stegvis verify --json`: one object per file, in the order given. */
function verify(files, extra = []) {
  const run = stegvis(['verify', '--json', ...extra, ...files]);
  const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines.length, files.length, `one line per file; stderr: ${run.stderr}`);
  assert.deepEqual(lines.map((l) => l.file), files, 'the lines in the order of the files');
  return { status: run.status, lines, stderr: run.stderr };
}

before(() => {
  execFileSync('cargo', ['build', '--locked', '--quiet', '--bin', 'stegvis'], { cwd: ROOT, stdio: 'inherit' });
}, { timeout: 600_000 });

/** The files, in the order picked: good bundles with every kind of bad file among them. */
async function makeFiles(dir, key) {
  const made = await makeBundles({ bundles: 60, devices: 3 });
  const sample = readFileSync(made.files[0], 'utf8');
  const put = (name, data) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  };
  const hostile = await hostileBundles(sample);
  const [offScale, unknown, forged] = ['off-scale.json', 'unknown-instrument.json', 'forged.json'].map((name) => put(name, hostile[name]));
  const notBundle = put('anteckningar.txt', 'Ring Amir på tisdag.\n');
  const copyOf = (i) => {
    const path = join(dir, `kopia-${basename(made.files[i])}`);
    copyFileSync(made.files[i], path);
    return path;
  };
  // Over 50 MB: a sparse file, refused on its size before it is read.
  const big = put('stor.json', '');
  truncateSync(big, 51 * 1024 * 1024);
  // A bundle of another device, encrypted to an evaluator key made by the
  // command line, as the staff app encrypts one (docs/bundle-format.md).
  const publicKey = JSON.parse(execFileSync(STEGVIS, ['key', 'new', '--out', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const inner = await resigned(sample, (p) => { p.device.label = 'Krypterad enhet'; });
  const jwe = await new jose.FlattenedEncrypt(new TextEncoder().encode(inner))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'stegvis-bundle+json', kid: publicKey.kid })
    .encrypt(await jose.importJWK({ kty: publicKey.kty, crv: publicKey.crv, x: publicKey.x, y: publicKey.y }, 'ECDH-ES+A256KW'));
  const encrypted = put('krypterad.json', JSON.stringify(jwe));
  const files = [
    ...made.files.slice(0, 25),
    offScale, notBundle, copyOf(3), unknown, big, forged,
    ...made.files.slice(25),
    copyOf(41),
    encrypted,
  ];
  return { files, made, encrypted };
}

/** Each report line of the evaluator's import by its file name: its kind and messages. */
async function importInBrowser(page, files) {
  await page.locator('#import-files:enabled').waitFor();
  await page.locator('#import-files').setInputFiles(files);
  // Complete: a line for every file, and the import over.
  await page.waitForFunction(
    (n) => document.querySelectorAll('.import-report li').length === n && !document.querySelector('#import-progress-bar'),
    files.length, { timeout: 120_000 },
  );
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.import-report li')].map((li) => [
    li.dataset.file,
    { kind: li.className.replace(/^report-/, ''), messages: [...li.querySelectorAll('p')].map((p) => p.textContent) },
  ])));
}

/** Downloads the data package from the results page; its bytes and its `created`. */
async function downloadPackage(page, dir, name) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ladda ner datapaketet' }).click();
  const zip = join(dir, name);
  await (await download).saveAs(zip);
  const descriptor = execFileSync('python3', [
    '-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("datapackage.json").decode())', zip,
  ], { encoding: 'utf8' });
  return { zip, bytes: readFileSync(zip), created: JSON.parse(descriptor).created };
}

/**
 * Where two ZIP files differ: their entries' names and dates, and the first
 * entry whose content differs with its first differing line of each.
 */
function zipDifference(a, b) {
  return execFileSync('python3', ['-c', `
import sys, zipfile
za, zb = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
ia, ib = za.infolist(), zb.infolist()
out = []
if [i.filename for i in ia] != [i.filename for i in ib]:
    out.append(f"entries: browser {[i.filename for i in ia]}, cli {[i.filename for i in ib]}")
for x, y in zip(ia, ib):
    if (x.date_time, x.compress_type, x.external_attr, x.extra, x.comment) != (y.date_time, y.compress_type, y.external_attr, y.extra, y.comment):
        out.append(f"{x.filename}: header browser {x.date_time} {x.compress_type} {x.external_attr} / cli {y.date_time} {y.compress_type} {y.external_attr}")
    ca, cb = za.read(x.filename), zb.read(y.filename)
    if ca != cb:
        la, lb = ca.split(b"\\n"), cb.split(b"\\n")
        n = next((k for k in range(max(len(la), len(lb))) if k >= len(la) or k >= len(lb) or la[k] != lb[k]), None)
        out.append(f"{x.filename}: {len(ca)} / {len(cb)} bytes, {len(la)} / {len(lb)} lines; first differing line {n + 1}:"
                   f"\\n  browser: {la[n][:300] if n < len(la) else None!r}\\n  cli:     {lb[n][:300] if n < len(lb) else None!r}")
        break
print("\\n".join(out) or "the entries are the same; the ZIP structure differs")
`, a, b], { encoding: 'utf8' });
}

/** The command line's package of `files` at `created`, checked equal to the browser's. */
function samePackage(browser, files, dir, name, extra = []) {
  const out = join(dir, name);
  const run = stegvis(['package', ...extra, '--created', browser.created, '--out', out, ...files]);
  assert.equal(run.status, 1, `stegvis package: status 1, some files refused; stderr: ${run.stderr}`);
  const bytes = readFileSync(out);
  assert.ok(bytes.equals(browser.bytes), `${name}: the command line's package differs from the browser's:\n${zipDifference(browser.zip, out)}`);
  return out;
}

test('the command line gives the browser\'s verdicts and words, and its data package byte for byte', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-cli-'));
  const key = join(dir, 'key.json');
  const { files, made, encrypted } = await makeFiles(dir, key);
  assert.equal(new Set(files.map((f) => basename(f))).size, files.length, 'every file name once');

  const page = await app.open('#/utvarderare', TABLET);
  const shown = await importInBrowser(page, files);
  const cli = verify(files);
  assert.equal(cli.status, 1, `exit status 1 when some files are refused; stderr: ${cli.stderr}`);

  const kinds = {};
  for (const [i, file] of files.entries()) {
    const name = basename(file);
    const b = shown[name];
    const c = cli.lines[i];
    assert.ok(b, `a report line for ${name}`);
    kinds[b.kind] = (kinds[b.kind] ?? 0) + 1;
    const both = `${name}: browser ${JSON.stringify(b)}, cli ${JSON.stringify(c)}`;
    if (b.kind === 'rejected') {
      assert.equal(c.verdict, 'refused', both);
      assert.deepEqual(b.messages, [c.reason], both);
    } else if (b.kind === 'already') {
      assert.equal(c.verdict, 'already-imported', both);
      assert.deepEqual(b.messages, [c.reason], both);
    } else {
      assert.ok(['imported', 'flagged'].includes(b.kind), both);
      assert.equal(c.verdict, 'imported', both);
      assert.deepEqual(b.messages, [c.reason, ...c.flags.map((f) => f.reason)], both);
      // "flagged" when a flag other than a new key is raised.
      assert.equal(b.kind === 'flagged', c.flags.some((f) => f.code !== 'new-key'), both);
    }
  }
  // Each kind of bad file is refused for its own reason.
  const line = (path) => cli.lines[files.indexOf(path)];
  const byName = (name) => cli.lines.find((l) => basename(l.file) === name);
  assert.match(byName('off-scale.json').reason, /ett svar som inte passar frågan/);
  assert.match(byName('unknown-instrument.json').reason, /okand-enkat/);
  assert.match(byName('forged.json').reason, /Underskriften stämmer inte/);
  const refusedCodes = ['off-scale.json', 'unknown-instrument.json', 'forged.json', 'anteckningar.txt', 'stor.json', 'krypterad.json']
    .map((n) => byName(n).code);
  assert.equal(new Set(refusedCodes).size, refusedCodes.length, `a code of its own for each bad file: ${refusedCodes}`);
  // Each device's first file brings its new key; the later ones are
  // flagged until the key is confirmed.
  assert.deepEqual(kinds, { imported: 3, flagged: 57, rejected: 6, already: 2 });
  assert.equal(line(encrypted).verdict, 'refused');

  // With the evaluator's key the command line opens the encrypted file, and
  // nothing else changes.
  const withKey = verify(files, ['--key', key]);
  assert.equal(withKey.status, 1);
  assert.equal(withKey.lines.at(-1).verdict, 'imported', JSON.stringify(withKey.lines.at(-1)));
  assert.equal(withKey.lines.at(-1).device.label, 'Krypterad enhet');
  assert.deepEqual(withKey.lines.slice(0, -1), cli.lines.slice(0, -1), 'the other files as without the key');

  // The evaluator confirms one device in the app and saves the list of
  // devices; with it, the command line takes only that device's files.
  const device = page.locator('.device-keys li', { hasText: 'Surfplatta 2' });
  await device.getByRole('button', { name: 'Koden stämmer' }).click();
  await page.locator('.device-keys li[data-trust="Confirmed"]', { hasText: 'Surfplatta 2' }).waitFor();
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Spara listan över enheter' }).click();
  const trustFile = join(dir, 'enheter.json');
  await (await saved).saveAs(trustFile);
  const devices = JSON.parse(readFileSync(trustFile, 'utf8'));
  assert.equal(devices.filter((d) => d.trust === 'confirmed').map((d) => d.label).join(), 'Surfplatta 2', JSON.stringify(devices));
  const trusted = verify(files, ['--trust', trustFile]);
  assert.equal(trusted.status, 1);
  for (const [i, l] of trusted.lines.entries()) {
    const before = cli.lines[i];
    if (before.verdict === 'imported' && before.device.label === 'Surfplatta 2') {
      assert.equal(l.verdict, 'imported', JSON.stringify(l));
      assert.ok(!l.flags.some((f) => ['new-key', 'unconfirmed-key'].includes(f.code)), `a confirmed device: ${JSON.stringify(l)}`);
    } else if (before.verdict === 'imported') {
      assert.equal(l.code, 'untrusted-device', JSON.stringify(l));
    }
  }
  assert.ok(trusted.lines.filter((l) => l.verdict === 'imported').length >= 15, 'Surfplatta 2 has a third of the 60 bundles');

  // The data package: the browser's download and the command line's, at the
  // browser's creation time, are the same bytes.
  await page.getByRole('link', { name: 'Se resultaten' }).click();
  await page.locator('[data-item="kaa-steg/framtiden"] table.results-change').waitFor({ timeout: 60_000 });
  const plain = await downloadPackage(page, dir, 'browser.zip');
  const cliZip = samePackage(plain, files, dir, 'cli.zip');
  const extracted = join(dir, 'cli');
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', cliZip, extracted]);
  execFileSync(join(ROOT, 'scripts/validate-package.sh'), [extracted], { stdio: 'pipe' });
  const rows = readFileSync(join(extracted, 'answers.csv'), 'utf8').split('\r\n').filter(Boolean).length - 1;
  assert.equal(rows, made.answers, 'a row for every answer of the 60 bundles, and none of the refused files');

  // The report: the same tables, word for word, and the same charts as the
  // results page, from the command line, in one HTML file that needs nothing else.
  const reportFile = join(dir, 'rapport.html');
  const { report: reportPage, status: reportStatus, stderr: reportErr, requests, close } = await openReport(app, page, files, reportFile);
  assert.equal(reportStatus, 1, `stegvis report: status 1, some files refused; stderr: ${reportErr}`);
  // Leptos leaves an empty comment where it inserted the figure's content.
  const chartsOf = (p) => p.locator('figure.share-chart').evaluateAll((fs) => fs.map((f) => f.innerHTML.replaceAll('<!---->', '')));
  const onPage = await tablesOf(page);
  assert.ok(onPage.length >= 20, `the results page's tables: ${onPage.length}`);
  assert.deepEqual(await tablesOf(reportPage), onPage, 'the report\'s tables are the results page\'s');
  assert.deepEqual(await chartsOf(reportPage), await chartsOf(page), 'the report\'s charts are the results page\'s');
  assert.deepEqual(requests, [`file://${reportFile}`], 'the report loads nothing else');
  await expectAccessible(reportPage, 'command-line report');
  await close();

  await page.locator('#export-excel').check();
  const excel = await downloadPackage(page, dir, 'browser-excel.zip');
  samePackage(excel, files, dir, 'cli-excel.zip', ['--excel']);

  await page.done();
  made.remove();
  rmSync(dir, { recursive: true, force: true });
});
