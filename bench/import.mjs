// The evaluator's import at scale: signed bundles made here with jose
// (e2e/bundles.mjs), chained per device as the app chains them, fed through
// the file input of #/utvarderare in the staff app (personal/) in one pick,
// then aggregated on #/utvarderare/resultat. Peak JS heap from the DevTools
// protocol; the wasm memory, which never shrinks, at the end.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { bundleFileName, instrumentDefinition, signBundle } from '../e2e/bundles.mjs';
import { TABLET } from '../e2e/harness.mjs';
import { freshPage } from './browser.mjs';

const UI = JSON.parse(readFileSync(new URL('../content/ui/sv.json', import.meta.url), 'utf8'));
// The flags every new device's bundles get until its key is confirmed, as patterns of their text.
const EXPECTED_FLAGS = ['evaluator.flag.new_key', 'evaluator.flag.unconfirmed'].map((k) =>
  `^${UI.strings[k].replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.*')}$`);

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** The n-th participant code: five characters and a check character with weights 1..6, sum ≡ 0 (mod 31). */
function participantCode(n) {
  const values = Array.from({ length: 5 }, (_, i) => Math.floor(n / 31 ** i) % 31);
  const sum = values.reduce((acc, v, i) => acc + (i + 1) * v, 0) % 31;
  // 26 is the inverse of 6 modulo 31.
  return [...values, ((31 - sum) * 26) % 31].map((v) => ALPHABET[v]).join('');
}

const hex = () => randomUUID().replaceAll('-', '');
const day = (n) => new Date(Date.UTC(2026, 0, 5) + n * 86_400_000).toISOString();
const payloadHash = (text) => `sha256:${createHash('sha256').update(Buffer.from(JSON.parse(text).payload, 'base64url')).digest('hex')}`;

/** 10 participants of the kaa track, each with kaa-steg at intake and exit and maende at intake: 100 answers. */
function contents(label, first, device, refs, random) {
  const participants = [];
  const responses = [];
  for (let p = 0; p < 10; p++) {
    const id = participantCode(first + p);
    const age = 13 + (random() % 12);
    const enrolled = day(first % 300).slice(0, 10);
    participants.push({
      id, track: 'kaa', project_tag: 'bench', enrolled_on: enrolled, gender: ['girl', 'boy', 'other', null][random() % 4], age,
      consent: { participant_on: enrolled, guardian_on: age < 18 ? enrolled : null },
    });
    for (const [instrument, timepoint, offset] of [['kaa-steg', 'intake', 0], ['maende', 'intake', 0], ['kaa-steg', 'exit', 120]]) {
      const at = day((first % 300) + offset);
      const { items, points } = refs[instrument];
      responses.push({
        id: hex(), participant: id, track: 'kaa', timepoint, instrument: refs[instrument].ref,
        answers: items.map((item) => ({ item, value: { kind: 'point', value: 1 + (random() % points) }, language: 'sv', answered_at: at })),
        language: 'sv', started_at: at, completed_at: at, device,
      });
    }
  }
  return { label, project: 'bench', participants, responses, assessments: [], goals: [] };
}

/**
 * `bundles` bundles from `devices` devices (one Ed25519 key each, sequence and
 * previous chained), written to a new folder. Returns the folder, the files,
 * their size, and the number of answers and of questionnaire responses (what
 * the app's import report calls "svar").
 */
export async function makeBundles({ bundles = 1000, devices = 10 } = {}) {
  const refs = {};
  for (const id of ['kaa-steg', 'maende']) {
    const d = await instrumentDefinition(id);
    refs[id] = { ref: { id, version: d.version, hash: d.hash }, items: d.source.items.map((i) => i.id), points: d.source.scales[0].points.length };
  }
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-bench-bundles-'));
  const files = [];
  let answers = 0;
  let responses = 0;
  let bytes = 0;
  for (let d = 0; d < devices; d++) {
    const key = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const label = `Surfplatta ${d + 1}`;
    const device = hex();
    let previous = null;
    const count = Math.floor(bundles / devices) + (d < bundles % devices ? 1 : 0);
    for (let sequence = 1; sequence <= count; sequence++) {
      const body = contents(label, files.length * 10, device, refs, random);
      answers += body.responses.reduce((n, r) => n + r.answers.length, 0);
      responses += body.responses.length;
      const created = new Date(Date.UTC(2026, 5, 1) + files.length * 60_000).toISOString();
      const text = await signBundle(body, { key, sequence, previous, created });
      previous = payloadHash(text);
      const path = join(dir, bundleFileName(label, created, sequence));
      writeFileSync(path, text);
      bytes += Buffer.byteLength(text);
      files.push(path);
    }
  }
  return { dir, files, answers, responses, bytes, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Samples the page's JS heap (and, once the app has started, its wasm memory) until stopped. */
function watchMemory(page, cdp) {
  const peak = { js_heap_bytes: 0, wasm_memory_bytes: 0, samples: 0 };
  let on = true;
  const done = (async () => {
    await cdp.send('Performance.enable');
    while (on) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peak.js_heap_bytes = Math.max(peak.js_heap_bytes, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      peak.samples += 1;
      await sleep(200);
    }
  })();
  return async () => {
    on = false;
    await done;
    peak.wasm_memory_bytes = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? 0);
    return peak;
  };
}

/** Imported bundles in the app's IndexedDB. */
const storedBundles = (page) =>
  page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('stegvis');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('bundles').objectStore('bundles').count(IDBKeyRange.bound('imported:', 'imported:\uffff'));
      req.onsuccess = () => { open.result.close(); resolve(req.result); };
      req.onerror = () => reject(req.error);
    };
  }));

/**
 * Seconds for all `total` files from the progress of the first ones. Each file
 * is checked against every bundle already stored, so the time a file takes
 * grows in proportion to how many are stored: the last fifth of the progress
 * gives that rate, and the files not reached are added at it.
 */
function extrapolate(progress, total) {
  const [reached, elapsed] = progress.at(-1);
  const window = progress.filter(([k]) => k >= 0.8 * reached);
  const [[k0, t0], [k1, t1]] = window.length > 1 && window[0][0] < reached ? [window[0], window.at(-1)] : [progress[0], progress.at(-1)];
  const perStored = (t1 - t0) / (k1 - k0) / ((k0 + k1) / 2);
  return {
    seconds: elapsed + (perStored * (total * total - reached * reached)) / 2,
    model: 'time of file k = r·k seconds (k bundles already stored), r from the last fifth of the files reached',
    r: perStored,
    from_files: [k0, k1],
  };
}

/**
 * Imports `files` in one pick. Stops after `seconds` if not all are reported
 * by then, and extrapolates the time for all of them from the progress.
 */
export async function importBench(browser, url, { files, answers, responses, bytes }, { seconds = 300 } = {}) {
  const { context, page, cdp, seen } = await freshPage(browser, { viewport: TABLET });
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
  // The longest task on the page's main thread while the import runs: what
  // decides whether a tap is answered in time.
  await page.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}personal/#/utvarderare`);
  await page.locator('#import-files:enabled').waitFor();
  const memory = watchMemory(page, cdp);
  const reported = () => page.locator('.import-report li').count();
  await page.evaluate(() => { window.__longest = 0; });
  const start = performance.now();
  await page.locator('#import-files').setInputFiles(files);
  const progress = [[0, 0]];
  let count = 0;
  while (count < files.length && performance.now() - start < seconds * 1000) {
    await sleep(100);
    count = await reported();
    progress.push([count, (performance.now() - start) / 1000]);
  }
  const elapsed = (performance.now() - start) / 1000;
  const longestTaskMs = await page.evaluate(() => window.__longest);
  // Refused files, and flags other than a new or not yet confirmed key (a
  // gap, a broken chain or a conflict would mean the bundles are wrong).
  const problems = await page.evaluate((expected) => {
    const lines = [...document.querySelectorAll('.import-report li')];
    const known = (text) => expected.some((e) => new RegExp(e).test(text.trim()));
    const flagged = lines.filter((li) => [...li.querySelectorAll('p')].slice(1).some((p) => !known(p.innerText)));
    return {
      refused: lines.filter((li) => li.classList.contains('report-rejected')).length,
      flagged: flagged.filter((li) => !li.classList.contains('report-rejected')).length,
      first: lines.find((li) => li.classList.contains('report-rejected'))?.innerText ?? flagged[0]?.innerText ?? null,
    };
  }, EXPECTED_FLAGS);
  const complete = count === files.length;
  // Reload (which ends an import still under way) and open the evaluator's
  // page again with what is stored: it lists every participant once it has
  // read and checked every bundle.
  const reload = performance.now();
  await page.reload();
  await page.locator('table.people').waitFor({ timeout: 600_000 });
  const reopenSeconds = (performance.now() - reload) / 1000;
  const stored = await storedBundles(page);
  const perBundle = answers / files.length;
  const fit = complete ? undefined : extrapolate(progress, files.length);
  const importSeconds = complete ? elapsed : fit.seconds;

  // Aggregation: from the link to the results page until the first item's table shows.
  const t0 = performance.now();
  await page.locator('a[href="#/utvarderare/resultat"]').click();
  await page.locator('[data-item="kaa-steg/framtiden"] table.results-change').waitFor({ timeout: 600_000 });
  const aggregateSeconds = (performance.now() - t0) / 1000;
  const peak = await memory();
  await context.close();
  return {
    bundles: files.length,
    bytes,
    answers,
    responses,
    import: {
      complete,
      reported: count,
      stored,
      refused: problems.refused,
      flagged: problems.flagged,
      first_problem: problems.first,
      measured_seconds: elapsed,
      measured_answers_per_second: (count * perBundle) / elapsed,
      seconds: importSeconds,
      extrapolated: !complete,
      fit,
      answers_per_second: answers / importSeconds,
      longest_task_ms: longestTaskMs,
      progress,
    },
    reopen_seconds: reopenSeconds,
    aggregate: {
      bundles: stored,
      answers: stored * perBundle,
      seconds: aggregateSeconds,
      answers_per_second: (stored * perBundle) / aggregateSeconds,
    },
    peak,
    foreign: seen.foreign,
    errors: seen.errors,
  };
}
