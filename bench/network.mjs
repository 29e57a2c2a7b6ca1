// What a page actually downloads: every request the browser made for it,
// recorded from Playwright's request events (so a file the app forgot to
// split out, or a preload it does not use, shows up), and the bytes of each
// response body as a static host would send it: compressed on its own, gzip
// level 9 and brotli quality 11 (the local server sends them uncompressed).

import { existsSync, readFileSync } from 'node:fs';
import { bodyBytes, kindOf } from './sizes.mjs';
import { servedFile } from './stage.mjs';

const ZERO = { raw: 0, gzip: 0, brotli: 0 };
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

/**
 * Records the requests of `context` from now on: the page's (also those a
 * service worker answers) and the service worker's own, apart; any request
 * that leaves 127.0.0.1 goes to `foreign` as well. `inFlight()` counts the
 * page's requests not finished yet (for "the network is idle").
 */
export function recordRequests(context) {
  const log = { requests: [], foreign: [] };
  const open = new Set();
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.hostname !== '127.0.0.1') log.foreign.push(request.url());
    const worker = Boolean(request.serviceWorker());
    // Node's clock, for requests that get no timing from the browser (served from a cache).
    log.requests.push({ request, url, worker, seen: Date.now() });
    if (!worker) open.add(request);
  });
  const done = (request) => open.delete(request);
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  log.inFlight = () => open.size;
  log.lastChange = () => Math.max(0, ...log.requests.filter((r) => !r.worker).map((r) => r.seen));
  return log;
}

/** Waits until the page has had no request in flight and no new one for `ms`. */
export async function networkIdle(log, ms = 500, timeout = 60_000) {
  const until = Date.now() + timeout;
  let quietSince = Date.now();
  while (Date.now() < until) {
    await new Promise((ok) => setTimeout(ok, 50));
    if (log.inFlight() > 0 || Date.now() - log.lastChange() < ms) quietSince = Date.now();
    else if (Date.now() - quietSince >= ms) return;
  }
  throw new Error(`the network was not idle within ${timeout / 1000} s (${log.inFlight()} requests in flight)`);
}

/**
 * Wall-clock ms at which a request started, from the browser's own timing
 * (comparable with the page's `performance.timeOrigin + startTime`), known
 * once its response has come.
 */
async function startedAt(record) {
  await record.request.response().catch(() => null);
  const t = record.request.timing();
  return t.startTime > 0 ? t.startTime : record.seen;
}

/** The response body of a request, or null if it has none (failed, aborted, a redirect). */
async function body(record, root) {
  const response = await record.request.response().catch(() => null);
  if (!response) return { status: 'failed', failure: record.request.failure()?.errorText ?? 'no response' };
  const status = response.status();
  // What really came over the network: not a hit in the memory or HTTP cache, nor an answer of a service worker.
  const sizes = await record.request.sizes().catch(() => null);
  const fromServiceWorker = response.fromServiceWorker();
  const fromNetwork = !fromServiceWorker && (sizes === null || sizes.responseBodySize > 0 || sizes.responseHeadersSize > 0);
  let buffer = await response.body().catch(() => null);
  // A body the browser does not hand over (a service worker's fetch gives an
  // empty one; a cancelled preload none) is the file the server sent.
  const file = servedFile(root, record.url.pathname);
  const missing = buffer === null || (buffer.length === 0 && (sizes?.responseBodySize ?? 0) > 0);
  if (missing && status === 200 && existsSync(file)) buffer = readFileSync(file);
  return { status, fromServiceWorker, fromNetwork, buffer };
}

/**
 * The bytes of the requests in `log` sent before wall-clock ms `until` (all
 * if undefined): the page's requests that came over the network, each
 * compressed on its own, in total, by kind and per file (`name` gives a
 * file's label; a file requested twice is counted twice). The service
 * worker's own requests are summed apart, as are the page's requests a cache
 * or the worker answered (no bytes over the network).
 */
export async function requestBytes(log, { root, until = Infinity, name = (url) => url.pathname }) {
  const out = { total: ZERO, by_kind: {}, files: {}, requests: 0, not_counted: [], worker: { total: ZERO, files: {}, requests: 0 } };
  for (const record of log.requests) {
    if (record.url.hostname !== '127.0.0.1' || (await startedAt(record)) > until) continue;
    const got = await body(record, root);
    const label = name(record.url);
    if (!got.buffer || !got.fromNetwork || got.status !== 200) {
      if (!record.worker) out.not_counted.push({ file: label, status: got.status, from_service_worker: got.fromServiceWorker ?? false, failure: got.failure });
      continue;
    }
    const b = bodyBytes(got.buffer);
    const into = record.worker ? out.worker : out;
    const file = (into.files[label] ??= { ...ZERO, requests: 0 });
    Object.assign(file, add(file, b), { requests: file.requests + 1 });
    into.total = add(into.total, b);
    into.requests += 1;
    const kind = kindOf(servedFile(root, record.url.pathname));
    if (!record.worker) out.by_kind[kind] = add(out.by_kind[kind] ?? ZERO, b);
  }
  return out;
}
