// Benchmark: Stegvis side by side with the same questionnaire in SurveyJS,
// and the evaluator's import at scale. Prints a table of budgets and details
// and writes bench/results/latest.json. Run with `make bench` (builds the
// release app first); not a pass/fail test.
//
// BENCH_DIST        the built app (default dist)
// BENCH_RUNS        first visits per app (default 7)
// BENCH_ANSWERS     answers timed tap → committed (default 200)
// BENCH_BUNDLES     bundles of 100 answers imported (default 1000)
// BENCH_IMPORT_SECONDS  how long the import may run before the rest is extrapolated (default 300)
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { makeCode } from '../e2e/harness.mjs';
import { launch } from './browser.mjs';
import { firstQuestion } from './first-question.mjs';
import { surveyTimings } from './answers.mjs';
import { importBench, makeBundles } from './import.mjs';
import { bytesByKind } from './sizes.mjs';
import { servedFile, stage } from './stage.mjs';
import { summary } from './stats.mjs';
import { wasmReport } from './wasm.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');
process.chdir(ROOT);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 200);
const BUNDLES = Number(process.env.BENCH_BUNDLES ?? 1000);
const IMPORT_SECONDS = Number(process.env.BENCH_IMPORT_SECONDS ?? 300);
const CPU_SLOWDOWN = 4;
const KB = 1000;
const started = performance.now();
const log = (text) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

// 1. A copy of the build and the SurveyJS page, to be served from one folder.
const served = stage(DIST);

// 2. Bytes of the whole build, and of the data compiled into the wasm; what the wasm is made of.
const whole = bytesByKind(served.stegvis, (p) => relative(served.root, p));
const json = (dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
const langs = readdirSync('content/instruments', { withFileTypes: true }).filter((e) => e.isDirectory());
const embedded = {
  note: 'compiled into the wasm: already inside its figure; each file compressed on its own',
  instruments_swedish: bytesByKind(json('content/instruments')).total,
  instruments_all_languages: bytesByKind([...json('content/instruments'), ...langs.flatMap((l) => json(join('content/instruments', l.name)))]).total,
  ui_text_all_languages: bytesByKind(json('content/ui')).total,
};

const wasm = wasmReport(served.stegvis.find((f) => f.endsWith('.wasm')), 'target/wasm32-unknown-unknown/release/stegvis.wasm');

// 3. Both apps from one server: Stegvis at /, SurveyJS at /surveyjs/.
const server = await serve(served.root);
const browser = await launch();
const chromium = browser.version();
const APPS = {
  stegvis: {
    url: `${server.url}#/deltagare?kod=${makeCode(1)}&spar=grundskola&tid=intake`,
    mark: 'stegvis:answer-committed',
    question: 'h1',
  },
  surveyjs: { url: `${server.url}surveyjs/`, mark: 'surveyjs:answer-handled', question: '.sd-question__title' },
};
const visits = { stegvis: [], surveyjs: [] };
for (let run = 0; run < RUNS; run++) {
  for (const [name, app] of Object.entries(APPS)) visits[name].push(await firstQuestion(browser, app, { cpu: CPU_SLOWDOWN }));
  log(`first visits: ${run + 1} of ${RUNS}`);
}
const firstVisit = (name) => {
  const runs = visits[name];
  const files = new Set(runs.flatMap((r) => r.requested.map((u) => servedFile(served.root, u.pathname))).filter(existsSync));
  return {
    question: runs[0].question,
    bytes: bytesByKind([...files].sort(), (p) => relative(served.root, p)),
    shown_ms: summary(runs.map((r) => r.shown_ms)),
    interactive_ms: summary(runs.map((r) => r.interactive_ms)),
    taps: runs.map((r) => r.taps),
    foreign_requests: runs.flatMap((r) => r.foreign),
    console_errors: [...new Set(runs.flatMap((r) => r.errors))],
  };
};
const first = { stegvis: firstVisit('stegvis'), surveyjs: firstVisit('surveyjs') };

// 4. Tap → committed, over whole intakes.
const survey = await surveyTimings(browser, server.url, { answers: ANSWERS });
log(`survey: ${ANSWERS} answers in ${survey.surveys} intakes`);
const sealed = await surveyTimings(browser, server.url, { answers: ANSWERS, kiosk: true });
log(`kiosk survey (sealed): ${ANSWERS} answers in ${sealed.surveys} intakes`);

// 5. The evaluator's import.
const made = await makeBundles({ bundles: BUNDLES });
log(`made ${made.files.length} signed bundles with ${made.answers} answers`);
const evaluator = await importBench(browser, server.url, made, { seconds: IMPORT_SECONDS });
log(`import: ${evaluator.import.reported} of ${evaluator.bundles} reported in ${evaluator.import.measured_seconds.toFixed(0)} s`);
made.remove();
await browser.close();
await server.close();
served.remove();

// 6. Budgets.
const endToEnd = evaluator.answers / (evaluator.import.seconds + (evaluator.aggregate.seconds * evaluator.bundles) / evaluator.aggregate.bundles);
const ratio = (a, b) => a / b;
const budgets = [
  { name: 'Stegvis first load (first question, one language), gzip', budget: 200 * KB, unit: 'bytes', at_most: true, measured: first.stegvis.bytes.total.gzip },
  { name: 'Stegvis whole app (every language), gzip', budget: 300 * KB, unit: 'bytes', at_most: true, measured: whole.total.gzip },
  { name: 'Bytes of first load, Stegvis / SurveyJS (gzip)', budget: 0.5, unit: 'ratio', at_most: true, measured: ratio(first.stegvis.bytes.total.gzip, first.surveyjs.bytes.total.gzip) },
  { name: `First question interactive, Stegvis / SurveyJS (median, CPU ${CPU_SLOWDOWN}x)`, budget: 0.5, unit: 'ratio', at_most: true, measured: ratio(first.stegvis.interactive_ms.p50, first.surveyjs.interactive_ms.p50) },
  { name: 'Answer committed to IndexedDB, p95', budget: 10, unit: 'ms', at_most: true, measured: survey.answer_committed_ms.p95 },
  { name: `Import verified + stored + aggregated${evaluator.import.extrapolated ? ' (extrapolated)' : ''}`, budget: 50_000, unit: 'answers/s', at_most: false, measured: endToEnd },
];
for (const b of budgets) b.met = b.at_most ? b.measured <= b.budget : b.measured >= b.budget;

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, chromium },
  settings: { dist: DIST, runs: RUNS, cpu_slowdown: CPU_SLOWDOWN, viewport: '360x740', answers: ANSWERS, bundles: BUNDLES, import_seconds: IMPORT_SECONDS, kb: KB },
  budgets,
  bytes: { stegvis_whole_app: whole, stegvis_embedded_data: embedded },
  first_question: first,
  survey,
  kiosk_survey_sealed: sealed,
  import: evaluator,
  wasm,
  seconds: (performance.now() - started) / 1000,
};

// 7. The table.
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const shown = (b) => (b.unit === 'bytes' ? kb(b.measured) : b.unit === 'ms' ? `${b.measured.toFixed(1)} ms` : b.unit === 'ratio' ? b.measured.toFixed(2) : `${Math.round(b.measured)} answers/s`);
const limit = (b) => `${b.at_most ? '≤' : '≥'} ${b.unit === 'bytes' ? kb(b.budget) : b.unit === 'ratio' ? b.budget : `${b.budget} ${b.unit}`}`;
const table = (head, rows) => {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(width[i])).join('  ').trimEnd();
  console.log([line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
};
const bytesRows = (label, b) =>
  ['html', 'js', 'wasm', 'css', 'json', 'other', 'total'].filter((k) => b[k]).map((k) => [`${label} ${k}`, kb(b[k].raw), kb(b[k].gzip), kb(b[k].brotli)]);

console.log(`\nBudgets (KB = 1 000 bytes)`);
table(['', 'budget', 'measured', ''], budgets.map((b) => [b.name, limit(b), shown(b), b.met ? 'met' : 'NOT MET']));

console.log('\nBytes over the wire (each file compressed on its own)');
table(['', 'raw', 'gzip', 'brotli'], [
  ...bytesRows('Stegvis first load', first.stegvis.bytes),
  ...bytesRows('Stegvis whole app', whole),
  ...bytesRows('SurveyJS first load', first.surveyjs.bytes),
  ...[['instruments, Swedish', embedded.instruments_swedish], ['instruments, all languages', embedded.instruments_all_languages], ['UI text, all languages', embedded.ui_text_all_languages]]
    .map(([k, b]) => [`Stegvis ${k} (inside the wasm)`, kb(b.raw), kb(b.gzip), kb(b.brotli)]),
  ['ratio Stegvis / SurveyJS, first load', '', ratio(first.stegvis.bytes.total.gzip, first.surveyjs.bytes.total.gzip).toFixed(2), ratio(first.stegvis.bytes.total.brotli, first.surveyjs.bytes.total.brotli).toFixed(2)],
]);

console.log(`\nFirst visit to the first question, fresh context, 360x740, CPU ${CPU_SLOWDOWN}x slower, ${RUNS} runs each`);
table(['', 'question', 'median', 'min', 'max', 'IQR'], Object.entries(first).flatMap(([app, f]) => [
  [`${app} radios shown`, f.question, ms(f.shown_ms.p50), ms(f.shown_ms.min), ms(f.shown_ms.max), ms(f.shown_ms.iqr)],
  [`${app} interactive`, '', ms(f.interactive_ms.p50), ms(f.interactive_ms.min), ms(f.interactive_ms.max), ms(f.interactive_ms.iqr)],
]));

console.log(`\nStegvis survey, ${survey.surveys} intakes, no CPU slowdown`);
table(['', 'n', 'p50', 'p95', 'min', 'max'], Object.entries({
  'tap → answer committed': survey.answer_committed_ms,
  'tap Nästa → next question': survey.next_question_ms,
  'kiosk, sealed: tap → committed': sealed.answer_committed_ms,
  'kiosk, sealed: tap Nästa → next': sealed.next_question_ms,
})
  .map(([k, s]) => [k, s.n, `${s.p50.toFixed(1)} ms`, `${s.p95.toFixed(1)} ms`, `${s.min.toFixed(1)} ms`, `${s.max.toFixed(1)} ms`]));

const imp = evaluator.import;
console.log(`\nEvaluator import: ${evaluator.bundles} signed bundles, ${evaluator.answers} answers, one pick, no CPU slowdown`);
table(['', 'value'], [
  ['files reported / stored', `${imp.reported} / ${imp.stored}${imp.complete ? '' : ` (stopped after ${IMPORT_SECONDS} s)`}`],
  ['refused / flagged', `${imp.refused} / ${imp.flagged}`],
  [`verified + stored, first ${imp.reported} (measured)`, `${imp.measured_seconds.toFixed(1)} s, ${Math.round(imp.measured_answers_per_second)} answers/s`],
  [`verified + stored, all ${evaluator.bundles}${imp.extrapolated ? ' (EXTRAPOLATED from the first files)' : ''}`, `${imp.seconds.toFixed(1)} s, ${Math.round(imp.answers_per_second)} answers/s`],
  [`evaluator page reopened with ${imp.stored} bundles`, `${evaluator.reopen_seconds.toFixed(1)} s`],
  [`aggregated (results page), ${evaluator.aggregate.answers} answers`, `${evaluator.aggregate.seconds.toFixed(1)} s, ${Math.round(evaluator.aggregate.answers_per_second)} answers/s`],
  ['peak JS heap / wasm memory', `${(evaluator.peak.js_heap_bytes / 1e6).toFixed(1)} MB / ${(evaluator.peak.wasm_memory_bytes / 1e6).toFixed(1)} MB`],
]);

if (wasm.top) {
  console.log(`\nWasm (twiggy, raw): code ${kb(wasm.sections.code)}, data ${kb(wasm.sections.data)}`);
  if (wasm.named) {
    table(['crate (code, before wasm-opt)', 'share'], wasm.named.crates.slice(0, 8).map((c) => [c.crate, `${c.percent.toFixed(1)} %`]));
  }
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(result, null, 2));
console.log(`\nwritten to bench/results/latest.json (${result.seconds.toFixed(0)} s)`);
const foreign = [...first.stegvis.foreign_requests, ...first.surveyjs.foreign_requests, ...evaluator.foreign];
if (foreign.length) {
  console.error(`requests left 127.0.0.1: ${[...new Set(foreign)].join(', ')}`);
  process.exitCode = 1;
}
