// Benchmark: sizes of the built app over the wire and survey timings in
// headless Chromium. Prints a table and writes bench/results/latest.json.
// Run with `make bench` (builds the release app first). Not a pass/fail test.
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serve } from '../scripts/serve.mjs';
import { makeCode } from '../e2e/harness.mjs';

const DIST = 'dist';
const kinds = { wasm: /\.wasm$/, js: /\.js$/, css: /\.css$/, html: /\.html$/ };

function sizes() {
  const rows = {};
  for (const file of readdirSync(DIST)) {
    const kind = Object.keys(kinds).find((k) => kinds[k].test(file)) ?? 'other';
    const body = readFileSync(join(DIST, file));
    const row = (rows[kind] ??= { raw: 0, gzip: 0, brotli: 0 });
    row.raw += body.length;
    row.gzip += gzipSync(body, { level: 9 }).length;
    row.brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  rows.total = Object.values(rows).reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return rows;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const summary = (xs) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) });

async function surveyTimings(browser, url, rounds) {
  const next = [];
  const committed = [];
  for (let round = 0; round < rounds; round++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${url}#/deltagare?kod=${makeCode(100 + round)}&spar=grundskola&tid=intake`);
    await page.locator('.progress').waitFor();
    for (let q = 0; q < 7; q++) {
      // Tap an answer: time until the app marks it committed to IndexedDB.
      committed.push(await page.evaluate(() => new Promise((resolve) => {
        performance.clearMarks('stegvis:answer-committed');
        const observer = new PerformanceObserver((list) => {
          const mark = list.getEntriesByName('stegvis:answer-committed')[0];
          if (mark) { observer.disconnect(); resolve(mark.startTime - t0); }
        });
        observer.observe({ type: 'mark' });
        const radios = document.querySelectorAll('input[type=radio]');
        const t0 = performance.now();
        radios[1].click();
      })));
      // Tap Next: time until the next question (or the review) is on screen.
      next.push(await page.evaluate(() => new Promise((resolve) => {
        const before = document.querySelector('h1').innerText;
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          const h1 = document.querySelector('h1');
          if (h1 && h1.innerText !== before) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        document.querySelector('.survey-nav button[type=submit]').click();
      })));
    }
    await context.close();
  }
  return { next_question_ms: summary(next), answer_committed_ms: summary(committed) };
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const server = await serve(DIST);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const result = { date: new Date().toISOString(), bytes: sizes(), survey: await surveyTimings(browser, server.url, rounds) };
await browser.close();
await server.close();

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('\nBytes over the wire');
console.log('kind     raw        gzip       brotli');
for (const [k, r] of Object.entries(result.bytes)) console.log(`${k.padEnd(8)} ${kb(r.raw).padEnd(10)} ${kb(r.gzip).padEnd(10)} ${kb(r.brotli)}`);
console.log('\nSurvey in headless Chromium, 360x740, no CPU throttling');
for (const [k, s] of Object.entries(result.survey)) {
  console.log(`${k.padEnd(22)} n=${s.n}  p50=${s.p50.toFixed(1)} ms  p95=${s.p95.toFixed(1)} ms  min=${s.min.toFixed(1)}  max=${s.max.toFixed(1)}`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(result, null, 2));
console.log('\nwritten to bench/results/latest.json');
