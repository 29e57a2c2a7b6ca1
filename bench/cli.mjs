// The command line at scale: `stegvis package` over many signed bundles
// (the same generator as the browser import's), timed wall-clock, with its
// peak memory (maximum resident set) from GNU time.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBundles } from './import.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Builds the release binary, makes `bundles` bundles (100 answers each) and packages them once. */
export async function cliBench({ bundles = 10000, devices = 20 } = {}) {
  execFileSync('cargo', ['build', '--release', '--locked', '--quiet', '--bin', 'stegvis'], { cwd: ROOT, stdio: 'inherit' });
  const made = await makeBundles({ bundles, devices });
  const out = mkdtempSync(join(tmpdir(), 'stegvis-bench-cli-'));
  try {
    const zip = join(out, 'data.zip');
    const bin = join(ROOT, 'target/release/stegvis');
    const started = performance.now();
    const run = spawnSync('/usr/bin/time', ['-v', bin, 'package', made.dir, '--out', zip, '--created', '2026-11-30T08:00:00.000Z'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`stegvis package failed (${run.status}): ${run.stderr}`);
    const field = (name) => Number(run.stderr.match(new RegExp(`${name}: ([0-9.]+)`))?.[1]);
    const summary = run.stderr.split('\n').find((l) => l.startsWith('stegvis package:')) ?? '';
    return {
      bundles: made.files.length,
      answers: made.answers,
      input_bytes: made.bytes,
      seconds,
      answers_per_second: made.answers / seconds,
      peak_rss_bytes: field('Maximum resident set size \\(kbytes\\)') * 1024,
      cpu_percent: field('Percent of CPU this job got'),
      user_seconds: field('User time \\(seconds\\)'),
      zip_bytes: statSync(zip).size,
      summary,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
    made.remove();
  }
}
