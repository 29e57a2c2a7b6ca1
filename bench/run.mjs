// Benchmark: Stegvis side by side with the same questionnaire in SurveyJS,
// and the evaluator's import at scale. Prints a table of budgets and details
// and writes bench/results/latest.json. Run with `make bench` (builds the
// release app first); not a pass/fail test, but it exits with 1 if any
// request left 127.0.0.1.
//
// The build has two apps: the participant's at the root of dist/ (with its
// content fetched per language from content/) and the staff and evaluator
// app in dist/personal/; one service worker, dist/sw.js, for both.
//
// BENCH_DIST        the built app (default dist)
// BENCH_RUNS        first visits per app (default 7)
// BENCH_ANSWERS     answers timed tap → stored, per app (default 200)
// BENCH_BUNDLES     bundles of 100 answers imported (default 1000)
// BENCH_IMPORT_SECONDS  how long the import may run before the rest is extrapolated (default 300)
// BENCH_CLI_BUNDLES bundles of 100 answers `stegvis package` combines (default 10000)
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { makeCode } from '../e2e/harness.mjs';
import { launch } from './browser.mjs';
import { appLoad } from './app-load.mjs';
import { firstQuestion } from './first-question.mjs';
import { surveyTimings } from './answers.mjs';
import { importBench, makeBundles } from './import.mjs';
import { cliBench } from './cli.mjs';
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
const CLI_BUNDLES = Number(process.env.BENCH_CLI_BUNDLES ?? 10000);
const IMPORT_SECONDS = Number(process.env.BENCH_IMPORT_SECONDS ?? 300);
const CPU_SLOWDOWN = 4;
// The participant's link opens the app in Swedish (no language saved yet).
const LANGUAGE = 'sv';
const KB = 1000;
const started = performance.now();
const log = (text) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

// 1. A copy of the build and the SurveyJS page, to be served from one folder.
const served = stage(DIST);
const label = (path) => relative(served.root, path);
/** A request's label: the file it is served from, relative to the served folder. */
const requestLabel = (url) => label(servedFile(served.root, url.pathname));

// 2. Each app's whole build (details, not budgets); what each wasm is made of.
// Dot folders are a build's work in progress, not served files.
const built = served.stegvis.map(label).filter((f) => !f.split('/').some((p) => p.startsWith('.')));
const staffFiles = built.filter((f) => f.startsWith('personal/'));
const participantFiles = built.filter((f) => !f.startsWith('personal/'));
const abs = (files) => files.map((f) => join(served.root, f));
const builds = {
  participant: bytesByKind(abs(participantFiles), label),
  participant_content: bytesByKind(abs(participantFiles.filter((f) => f.startsWith('content/'))), label),
  participant_content_one_language: bytesByKind(abs(participantFiles.filter((f) => f === 'content/plan.txt' || f.startsWith(`content/${LANGUAGE}/`))), label),
  staff: bytesByKind(abs(staffFiles), label),
  // Fetched after Skicka in, not in the first load.
  participant_send: bytesByKind(abs(participantFiles.filter((f) => f.startsWith('send/'))), label),
};
const NAMED = 'target/wasm32-unknown-unknown/wasm-release';
/** twiggy of an app's wasm; when the build wrote it is in DIST (the copy's files are new). */
const wasmOf = (files, named) => {
  const file = files.find((f) => f.endsWith('.wasm'));
  return wasmReport(join(served.root, file), `${NAMED}/${named}`, statSync(join(DIST, file)).mtime);
};
const wasm = {
  participant: wasmOf(participantFiles.filter((f) => !f.startsWith('send/')), 'stegvis-participant.wasm'),
  participant_send: wasmOf(participantFiles.filter((f) => f.startsWith('send/')), 'stegvis_send.wasm'),
  staff: wasmOf(staffFiles, 'stegvis.wasm'),
};

// 3. Both apps from one server: Stegvis at / (and personal/), SurveyJS at /surveyjs/.
const server = await serve(served.root);
const browser = await launch();
const chromium = browser.version();
const APPS = {
  stegvis: {
    url: `${server.url}#/deltagare?kod=${makeCode(1)}&spar=grundskola&tid=intake`,
    mark: 'stegvis:answer-committed',
    // Not the hidden heading index.html keeps for a failed start.
    question: 'h1:not(#load-problem h1)',
  },
  surveyjs: { url: `${server.url}surveyjs/`, mark: 'surveyjs:answer-handled', question: '.sd-question__title' },
};
const visits = { stegvis: [], surveyjs: [] };
for (let run = 0; run < RUNS; run++) {
  for (const [name, app] of Object.entries(APPS)) {
    visits[name].push(await firstQuestion(browser, app, { cpu: CPU_SLOWDOWN, root: served.root, name: requestLabel }));
  }
  log(`first visits: ${run + 1} of ${RUNS}`);
}

// A participant's phone needs nothing of the staff app, nor content in another
// language, nor the instrument definitions and the sending module (fetched
// only to sign answers).
const outOfPlace = (file) =>
  file.startsWith('personal/') || file.startsWith('send/') || file.startsWith('content/definitions/') || (/^content\/[a-z]{2}\//.test(file) && !file.startsWith(`content/${LANGUAGE}/`));

const firstVisit = (name) => {
  const runs = visits[name];
  // The first load is the same files each run; should a run load more, the largest counts.
  const largest = runs.reduce((a, b) => (b.bytes.total.gzip > a.bytes.total.gzip ? b : a));
  const pageFiles = runs.flatMap((r) => [...Object.keys(r.bytes.files), ...r.bytes.not_counted.map((n) => n.file)]);
  return {
    question: runs[0].question,
    bytes: largest.bytes,
    bytes_gzip_per_run: runs.map((r) => r.bytes.total.gzip),
    out_of_place_requests: [...new Set(pageFiles.filter(outOfPlace))],
    worker_out_of_place: [...new Set(runs.flatMap((r) => Object.keys(r.bytes.worker.files)).filter(outOfPlace))].length,
    shown_ms: summary(runs.map((r) => r.shown_ms)),
    interactive_ms: summary(runs.map((r) => r.interactive_ms)),
    taps: runs.map((r) => r.taps),
    foreign_requests: runs.flatMap((r) => r.foreign),
    console_errors: [...new Set(runs.flatMap((r) => r.errors))],
  };
};
const first = { stegvis: firstVisit('stegvis'), surveyjs: firstVisit('surveyjs') };

// 4. The staff's and the evaluator's first loads: the staff app's own URL (the
// budget), and the root URL that redirects there (links handed out before the split).
const STARTS = {
  staff: `${server.url}personal/#/personal`,
  evaluator: `${server.url}personal/#/utvarderare`,
  staff_via_root: `${server.url}#/personal`,
  evaluator_via_root: `${server.url}#/utvarderare`,
};
const starts = {};
for (const [name, url] of Object.entries(STARTS)) starts[name] = await appLoad(browser, url, { root: served.root, name: requestLabel });
log('staff and evaluator first loads');

// 5. Tap → stored, over whole intakes.
const survey = await surveyTimings(browser, server.url, { answers: ANSWERS });
log(`survey: ${ANSWERS} answers in ${survey.surveys} intakes`);
const sealed = await surveyTimings(browser, server.url, { answers: ANSWERS, kiosk: true });
log(`kiosk survey (sealed): ${ANSWERS} answers in ${sealed.surveys} intakes`);

// 6. The evaluator's import.
const made = await makeBundles({ bundles: BUNDLES });
log(`made ${made.files.length} signed bundles with ${made.answers} answers`);
const evaluator = await importBench(browser, server.url, made, { seconds: IMPORT_SECONDS });
log(`import: ${evaluator.import.reported} of ${evaluator.bundles} reported in ${evaluator.import.measured_seconds.toFixed(0)} s`);
made.remove();
await browser.close();
await server.close();
served.remove();

// 7. The command line: `stegvis package` over many bundles, on every core.
const cli = await cliBench({ bundles: CLI_BUNDLES });
log(`command line: ${cli.bundles} bundles packaged in ${cli.seconds.toFixed(1)} s`);

// 8. Budgets.
const foreign = [...new Set([
  ...first.stegvis.foreign_requests, ...first.surveyjs.foreign_requests,
  ...Object.values(starts).flatMap((s) => s.foreign), ...survey.foreign, ...sealed.foreign, ...evaluator.foreign,
])];
const endToEnd = evaluator.answers / (evaluator.import.seconds + (evaluator.aggregate.seconds * evaluator.bundles) / evaluator.aggregate.bundles);
const ratio = (a, b) => a / b;
const budgets = [
  { name: "Participant's first load (until the first question is interactive), gzip", budget: 150 * KB, unit: 'bytes', at_most: true, measured: first.stegvis.bytes.total.gzip },
  { name: "Staff tablet's first load (personal/#/personal), gzip", budget: 400 * KB, unit: 'bytes', at_most: true, measured: starts.staff.bytes.total.gzip },
  { name: "Evaluator's first load (personal/#/utvarderare), gzip", budget: 400 * KB, unit: 'bytes', at_most: true, measured: starts.evaluator.bytes.total.gzip },
  { name: 'First load, participant / SurveyJS (gzip)', budget: 0.36, unit: 'ratio', at_most: true, measured: ratio(first.stegvis.bytes.total.gzip, first.surveyjs.bytes.total.gzip) },
  { name: `First question interactive, Stegvis / SurveyJS (median, CPU ${CPU_SLOWDOWN}x)`, budget: 0.5, unit: 'ratio', at_most: true, measured: ratio(first.stegvis.interactive_ms.p50, first.surveyjs.interactive_ms.p50) },
  { name: "Tap → answer stored, p95, from the tap event (participant's link, phone)", budget: 10, unit: 'ms', at_most: true, measured: survey.answer_committed_ms.p95 },
  { name: 'Tap → answer stored, p95, from the tap event (kiosk, staff tablet, sealed)', budget: 10, unit: 'ms', at_most: true, measured: sealed.answer_committed_ms.p95 },
  { name: `Import: ${evaluator.bundles} bundles verified, checked and stored${evaluator.import.extrapolated ? ' (extrapolated)' : ''}`, budget: 50_000, unit: 'answers/s', at_most: false, measured: evaluator.import.answers_per_second },
  { name: 'Se resultaten after that import, until the first table', budget: 1, unit: 's', at_most: true, measured: evaluator.aggregate.seconds },
  { name: 'Longest main-thread task during the import', budget: 100, unit: 'ms', at_most: true, measured: evaluator.import.longest_task_ms },
  { name: 'Peak JS heap plus wasm memory during the import', budget: 300e6, unit: 'bytes', at_most: true, measured: evaluator.peak.js_heap_bytes + evaluator.peak.wasm_memory_bytes },
  { name: 'Import verified + stored + aggregated, end to end', budget: 50_000, unit: 'answers/s', at_most: false, measured: endToEnd },
  { name: `stegvis package: ${cli.bundles} bundles, ${cli.answers} answers (command line, every core)`, budget: 500_000, unit: 'answers/s', at_most: false, measured: cli.answers_per_second },
  { name: 'Peak memory of that run (maximum resident set)', budget: 500e6, unit: 'bytes', at_most: true, measured: cli.peak_rss_bytes },
  { name: 'Requests that left 127.0.0.1 (the measures are void otherwise)', budget: 0, unit: 'requests', at_most: true, measured: foreign.length },
];
for (const b of budgets) b.met = b.at_most ? b.measured <= b.budget : b.measured >= b.budget;

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, chromium },
  settings: { dist: DIST, runs: RUNS, cpu_slowdown: CPU_SLOWDOWN, viewport: '360x740', language: LANGUAGE, answers: ANSWERS, bundles: BUNDLES, import_seconds: IMPORT_SECONDS, kb: KB },
  budgets,
  first_load: {
    note: "the page's requests, each body compressed on its own; the service worker's own requests (its precache) are under worker, not in the total",
    participant: first.stegvis.bytes,
    surveyjs: first.surveyjs.bytes,
    staff: starts.staff,
    evaluator: starts.evaluator,
    staff_via_root: starts.staff_via_root,
    evaluator_via_root: starts.evaluator_via_root,
  },
  builds,
  first_question: first,
  survey,
  kiosk_survey_sealed: sealed,
  import: evaluator,
  command_line: cli,
  wasm,
  foreign_requests: foreign,
  seconds: (performance.now() - started) / 1000,
};

// 9. The tables.
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const shown = (b) => ({ bytes: kb(b.measured), ms: `${b.measured.toFixed(1)} ms`, ratio: b.measured.toFixed(2), requests: String(b.measured) })[b.unit] ?? `${Math.round(b.measured)} ${b.unit}`;
const limit = (b) => `${b.at_most ? '≤' : '≥'} ${b.unit === 'bytes' ? kb(b.budget) : b.unit === 'ratio' ? b.budget : `${b.budget} ${b.unit}`}`;
const table = (head, rows) => {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(width[i])).join('  ').trimEnd();
  console.log([line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
};
const sizes = (b) => [kb(b.raw), kb(b.gzip), kb(b.brotli)];
/** One row per file of a first load, then its total. */
const fileRows = (load) => [
  ...Object.entries(load.files).map(([file, b]) => [`  ${file}${b.requests > 1 ? ` (${b.requests} requests)` : ''}`, ...sizes(b)]),
  [`  total, ${load.requests} requests`, ...sizes(load.total)],
];
const kindRows = (title, b) => [
  [title, ...sizes(b.total)],
  ...['html', 'js', 'wasm', 'css', 'json', 'other'].filter((k) => b[k]).map((k) => [`  ${k}`, ...sizes(b[k])]),
];

console.log(`\nBudgets (KB = 1 000 bytes)`);
table(['', 'budget', 'measured', ''], budgets.map((b) => [b.name, limit(b), shown(b), b.met ? 'met' : 'NOT MET']));

console.log("\nFirst loads: the page's requests over the network, each body compressed on its own");
table(['', 'raw', 'gzip', 'brotli'], [
  [`Participant, grundskola intake from the participant's link, until the first question is interactive`, '', '', ''],
  ...fileRows(first.stegvis.bytes),
  ['SurveyJS, until the first question is interactive', '', '', ''],
  ...fileRows(first.surveyjs.bytes),
  ['ratio participant / SurveyJS', '', ratio(first.stegvis.bytes.total.gzip, first.surveyjs.bytes.total.gzip).toFixed(2), ratio(first.stegvis.bytes.total.brotli, first.surveyjs.bytes.total.brotli).toFixed(2)],
  [`Staff, personal/#/personal, until "${starts.staff.heading.text}" and the network is idle`, '', '', ''],
  ...fileRows(starts.staff.bytes),
  [`Evaluator, personal/#/utvarderare, until "${starts.evaluator.heading.text}" and the network is idle`, '', '', ''],
  ...fileRows(starts.evaluator.bytes),
  ...['staff', 'evaluator'].map((who) => {
    const [direct, via] = [starts[who].bytes, starts[`${who}_via_root`].bytes];
    const extra = (k) => via.total[k] - direct.total[k];
    const files = Object.keys(via.files).filter((f) => via.files[f].requests > (direct.files[f]?.requests ?? 0));
    return [`${who} from the root URL (redirected to personal/), extra: ${files.join(', ') || 'nothing'}`, kb(extra('raw')), kb(extra('gzip')), kb(extra('brotli'))];
  }),
]);
const notCounted = Object.entries({ participant: first.stegvis.bytes, staff: starts.staff.bytes, evaluator: starts.evaluator.bytes })
  .flatMap(([who, b]) => b.not_counted.map((n) => `${who}: ${n.file} (${n.from_service_worker ? 'answered by the service worker' : n.failure ?? `status ${n.status}, from a cache`})`));
if (notCounted.length) console.log(`requests with no bytes over the network (not counted): ${notCounted.join('; ')}`);
console.log(`participant first load per run, gzip: ${first.stegvis.bytes_gzip_per_run.map(kb).join(', ')}`);
console.log(`participant first load touched personal/, other languages' content or definitions: ${first.stegvis.out_of_place_requests.join(', ') || 'none'}`);
for (const [who, load] of Object.entries({ participant: first.stegvis.bytes, staff: starts.staff.bytes, evaluator: starts.evaluator.bytes })) {
  const w = load.worker;
  console.log(`${who}: the service worker's own requests in that time (not in the first load): ${w.requests}, ${kb(w.total.gzip)} gzip (${kb(w.total.raw)} raw)`);
}

console.log('\nWhole builds (details, not budgets): every file, each compressed on its own');
table(['', 'raw', 'gzip', 'brotli'], [
  ...kindRows(`Participant's build (dist/ outside personal/, ${participantFiles.length} files, every language)`, builds.participant),
  [`  of it content/ (${Object.keys(builds.participant_content.files).length} files)`, ...sizes(builds.participant_content.total)],
  [`  of it content/plan.txt and content/${LANGUAGE}/`, ...sizes(builds.participant_content_one_language.total)],
  [`  of it send/, the sending module (fetched on the thank-you screen)`, ...sizes(builds.participant_send.total)],
  ...kindRows(`Staff app (dist/personal/, ${staffFiles.length} files)`, builds.staff),
]);

console.log(`\nFirst visit to the first question, fresh context, 360x740, CPU ${CPU_SLOWDOWN}x slower, ${RUNS} runs each`);
table(['', 'question', 'median', 'min', 'max', 'IQR'], Object.entries(first).flatMap(([app, f]) => [
  [`${app} radios shown`, f.question, ms(f.shown_ms.p50), ms(f.shown_ms.min), ms(f.shown_ms.max), ms(f.shown_ms.iqr)],
  [`${app} interactive`, '', ms(f.interactive_ms.p50), ms(f.interactive_ms.min), ms(f.interactive_ms.max), ms(f.interactive_ms.iqr)],
]));

console.log(`\nTap → answer stored, whole grundskola intakes, no CPU slowdown: participant's link ${survey.surveys} intakes, kiosk ${sealed.surveys}`);
table(['', 'n', 'p50', 'p95', 'min', 'max'], Object.entries({
  'phone: from the tap event (event.timeStamp)': survey.answer_committed_ms,
  'phone: from the page\'s listener': survey.answer_committed_from_listener_ms,
  'phone: from pointerdown': survey.answer_committed_from_pointerdown_ms,
  'phone: tap Nästa → next question': survey.next_question_ms,
  'kiosk, sealed: from the tap event': sealed.answer_committed_ms,
  'kiosk, sealed: from the page\'s listener': sealed.answer_committed_from_listener_ms,
  'kiosk, sealed: from pointerdown': sealed.answer_committed_from_pointerdown_ms,
  'kiosk, sealed: tap Nästa → next': sealed.next_question_ms,
})
  .map(([k, s]) => [k, s.n, `${s.p50.toFixed(1)} ms`, `${s.p95.toFixed(1)} ms`, `${s.min.toFixed(1)} ms`, `${s.max.toFixed(1)} ms`]));
console.log(`stored by the save worker: phone ${survey.stored_by_worker} of ${survey.answer_committed_ms.n}, kiosk ${sealed.stored_by_worker} of ${sealed.answer_committed_ms.n} (the rest by the page, before the worker ran)`);

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

console.log(`\nCommand line: stegvis package over ${cli.bundles} signed bundles (${(cli.input_bytes / 1e6).toFixed(0)} MB), ${cli.answers} answers, release build`);
table(['', 'value'], [
  ['wall clock', `${cli.seconds.toFixed(1)} s, ${Math.round(cli.answers_per_second)} answers/s`],
  ['processor (user) / share of the cores', `${cli.user_seconds.toFixed(1)} s / ${cli.cpu_percent} %`],
  ['peak memory (maximum resident set)', `${(cli.peak_rss_bytes / 1e6).toFixed(0)} MB`],
  ['data package written', `${(cli.zip_bytes / 1e6).toFixed(0)} MB`],
]);

for (const [app, w] of Object.entries(wasm)) {
  if (!w.top) {
    console.log(`\nWasm, ${app}: ${w.skipped}`);
    continue;
  }
  console.log(`\nWasm, ${app} (twiggy, raw, shipped): code ${kb(w.sections.code)}, data ${kb(w.sections.data)}, total ${kb(w.sections.total)}`);
  if (w.named) {
    if (w.named.of_another_build) console.log(`${w.named.file} was written after the shipped wasm (${w.named.modified}): another build's, so the shares below are not exactly this wasm's`);
    table([`crate (code, named build before wasm-opt: ${kb(w.named.code_bytes)})`, 'share'], w.named.crates.slice(0, 8).map((c) => [c.crate, `${c.percent.toFixed(1)} %`]));
  }
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(result, null, 2));
console.log(`\nwritten to bench/results/latest.json (${result.seconds.toFixed(0)} s)`);
if (foreign.length) {
  console.error(`\nFAILED: requests left 127.0.0.1, so no figure above is a measure of this build alone: ${foreign.join(', ')}`);
  process.exitCode = 1;
}
