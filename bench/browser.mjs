// Debian's Chromium driven by playwright-core, as in the end-to-end tests,
// with one fresh context (empty storage, no service worker yet) per run.
import { chromium } from 'playwright-core';
import { PHONE } from '../e2e/harness.mjs';

export const launch = () =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

/**
 * A new context and page. `seen` collects the URLs requested on 127.0.0.1 (by
 * the page, and separately by a service worker), any request elsewhere, and
 * console errors. With `cpu` > 1 the page's CPU is slowed that many times
 * (DevTools protocol) before anything loads.
 */
export async function freshPage(browser, { viewport = PHONE, cpu = 1 } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const seen = { page: [], worker: [], foreign: [], errors: [] };
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.hostname !== '127.0.0.1') seen.foreign.push(r.url());
    else (r.serviceWorker() ? seen.worker : seen.page).push(url);
  });
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && seen.errors.push(`${r.status()} ${r.url()}`));
  const cdp = await context.newCDPSession(page);
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  return { context, page, cdp, seen };
}
