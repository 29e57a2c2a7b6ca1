// Shared set-up for the end-to-end tests: the built app served on 127.0.0.1,
// Debian's Chromium driven by playwright-core, axe for WCAG 2.2 A/AA.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve } from '../scripts/serve.mjs';

export const PHONE = { width: 360, height: 740 };
export const TABLET = { width: 1024, height: 768 };
export const VIEWPORTS = { phone: PHONE, tablet: TABLET };

/**
 * The built app the tests serve: dist/ (both apps: the participant's at the
 * root, the staff and evaluator app in personal/), or E2E_DIST, e.g. a copy
 * taken while dist/ is being rebuilt.
 */
export const DIST = process.env.E2E_DIST ?? 'dist';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Starts the server and the browser for one test file; stops both after it. */
export function useApp() {
  const app = {};
  before(async () => {
    app.server = await serve(DIST);
    app.url = app.server.url;
    app.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, { timeout: 60_000 });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  }, { timeout: 60_000 });

  /**
   * A fresh context (empty storage). Service workers are blocked unless a test
   * asks for them (only the offline tests do), so each page is what the test
   * loads: a controlling worker once turned a helper page into the app, whose
   * own database connection then held up the test.
   */
  app.newContext = (options = {}) => app.browser.newContext({ serviceWorkers: 'block', ...options });

  /**
   * A fresh context (empty storage) and page at `hash`, watching for console
   * errors, uncaught exceptions and requests to any other origin. `url` is
   * where the app is served (the harness's server unless a test has its own).
   * A staff or evaluator hash opened at the root lands in personal/ (the
   * staff app); the page is returned once that app shows its heading.
   * With `clock` (an ISO time) the page runs on a fake clock from then.
   */
  app.open = async (hash = '#/', viewport = PHONE, { serviceWorkers = 'block', url = app.url, clock } = {}) => {
    const context = await app.newContext({ viewport, serviceWorkers });
    const page = await context.newPage();
    // A fake clock (Playwright's): the page's Date and timers start at
    // `clock` and a test moves them on with page.clock.
    if (clock) await page.clock.install({ time: new Date(clock) });
    const problems = { errors: [], foreign: [] };
    const origin = new URL(url).origin;
    page.on('console', (m) => m.type() === 'error' && problems.errors.push(m.text()));
    page.on('pageerror', (e) => problems.errors.push(String(e)));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.origin !== origin) problems.foreign.push(r.url());
    });
    await page.goto(url + hash);
    await page.locator('h1').waitFor();
    page.problems = problems;
    page.done = async () => {
      // Nothing may be wider than the screen, at 360 px least of all.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      assert.deepEqual(problems.errors, [], 'console errors');
      assert.deepEqual(problems.foreign, [], 'requests outside the app');
      if (serviceWorkers === 'allow') await workerSettled(page);
      await context.close();
    };
    return page;
  };
  return app;
}

/**
 * Waits until `fn`, run in the page, gives a truthy value; `fn` may be async.
 * page.waitForFunction does not wait for a promise the function returns (a
 * promise is truthy, so it returns at once): a condition on IndexedDB, the
 * Cache API or the service worker is polled here instead.
 */
export async function waitForAsync(page, fn, arg, { timeout = 30_000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`waitForAsync: still false after ${timeout} ms: ${fn}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Waits until the page's service worker is active with no install under way, so the context closes with none. */
export async function workerSettled(page) {
  await waitForAsync(page, async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return Boolean(registration?.active && !registration.installing);
  });
}

/** Fails with the rule ids and targets when axe finds any WCAG 2.2 A/AA violation. */
export async function expectAccessible(page, label) {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  assert.deepEqual(found, [], `axe violations on ${label}`);
  assert.ok(result.passes.length > 0, 'axe ran its rules');
}

/** Picks a language in the header the way a person does. */
export async function chooseLanguage(page, code) {
  await page.locator('#language').selectOption(code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code);
}

// Participant codes, computed here independently of the Rust core: five
// characters and a check character with weights 1..6, sum ≡ 0 (mod 31).
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function makeCode(seed) {
  const values = Array.from({ length: 5 }, (_, i) => (seed * 7 + i * 13 + seed * i) % 31);
  const sum = values.reduce((acc, v, i) => acc + (i + 1) * v, 0) % 31;
  for (let check = 0; check < 31; check++) {
    if ((sum + 6 * check) % 31 === 0) return [...values, check].map((v) => ALPHABET[v]).join('');
  }
  throw new Error('no check character');
}

/**
 * Every record of an IndexedDB store of the app as the browser holds it, with
 * sealed bytes shown as text, so a test can search them for anything readable.
 */
export function readStoredRaw(page, store) {
  return readStore(page, store, null);
}

/**
 * Every record of a store as the app wrote it. Sealed records (a staff device
 * encrypts participant data at rest) are opened here with the staff code, by
 * this independent implementation of the format in docs/security.md.
 */
export function readStore(page, store, passphrase = STAFF_CODE) {
  // With no passphrase, records come back as stored.
  return page.evaluate(
    async ({ store, passphrase }) => {
      const getAll = (name) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('stegvis');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction(name).objectStore(name).getAll();
            req.onsuccess = () => {
              open.result.close();
              resolve(req.result);
            };
            req.onerror = () => reject(req.error);
          };
        });
      const records = await getAll(store);
      if (passphrase === null) {
        const bytes = (_, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v);
        return records.map((r) => JSON.parse(JSON.stringify(r, bytes)));
      }
      if (!records.some((r) => r.sealed)) return records;
      const keys = await getAll('keys');
      const subtle = crypto.subtle;
      const text = new TextEncoder();
      const b64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const hex = (s) => Uint8Array.from(s.match(/../g).map((h) => parseInt(h, 16)));
      const lock = keys.find((k) => k.id === 'staff-passphrase');
      const atRest = keys.find((k) => k.id === 'at-rest-key');
      const pbkdf2 = await subtle.importKey('raw', text.encode(passphrase), 'PBKDF2', false, ['deriveBits']);
      const staffKey = await subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: hex(lock.salt), iterations: lock.iterations }, pbkdf2, 256);
      const kek = await subtle.importKey('raw', staffKey, 'AES-GCM', false, ['decrypt']);
      const pkcs8 = await subtle.decrypt(
        { name: 'AES-GCM', iv: b64(atRest.iv), additionalData: text.encode('stegvis/at-rest/v1/device-key') },
        kek, b64(atRest.wrapped));
      const ecdh = { name: 'ECDH', namedCurve: 'P-256' };
      const device = await subtle.importKey('pkcs8', pkcs8, ecdh, false, ['deriveBits']);
      const open = async (r) => {
        if (!r.sealed) return r;
        const epk = await subtle.importKey('raw', r.sealed.epk, ecdh, true, []);
        const z = await subtle.deriveBits({ name: 'ECDH', public: epk }, device, 256);
        const hkdf = await subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
        const key = await subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: r.sealed.epk, info: text.encode('stegvis/at-rest/v1/record-key') },
          hkdf, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
        const plain = await subtle.decrypt(
          { name: 'AES-GCM', iv: r.sealed.iv, additionalData: text.encode(`stegvis/at-rest/v1/${store.length}:${store}/${r.id}`) },
          key, r.sealed.ct);
        return JSON.parse(new TextDecoder().decode(plain));
      };
      return Promise.all(records.map(open));
    },
    { store, passphrase },
  );
}

/** Waits for a new screen: its heading has focus once it is shown. */
export async function heading(page, text) {
  const h1 = page.locator('h1');
  if (text !== undefined) await page.locator('h1', { hasText: text }).waitFor();
  return h1.innerText();
}

export const STAFF_CODE = 'sommar i Karlstad';

/** Unlocks the staff workspace, choosing the code first if the device has none. */
export async function unlockStaff(page, code = STAFF_CODE) {
  await page.locator('#new-passphrase, #staff-passphrase').first().waitFor();
  if (await page.locator('#new-passphrase').count()) {
    await page.locator('#new-passphrase').fill(code);
    await page.locator('#repeat-passphrase').fill(code);
  } else {
    await page.locator('#staff-passphrase').fill(code);
  }
  await page.locator('form button[type=submit]').click();
  await page.locator('.staff-bar').waitFor();
}

/** Clicks a button and waits until the next screen's heading (or progress line) changes. */
export async function moveOn(page, button) {
  const text = (sel) => page.evaluate((s) => document.querySelector(s)?.innerText ?? '', sel);
  const [before, beforeProgress] = [await text('h1'), await text('.progress')];
  await button.click();
  await page.waitForFunction(
    ([h, p]) => document.querySelector('h1')?.innerText !== h || (document.querySelector('.progress')?.innerText ?? '') !== p,
    [before, beforeProgress],
  );
}

/** Answers every question of an open survey with its first option and sends it in. */
export async function answerAll(page) {
  while (!(await page.getByRole('button', { name: 'Skicka in' }).count())) {
    if (await page.locator('.support').count()) {
      await moveOn(page, page.getByRole('button', { name: 'Fortsätt' }));
      continue;
    }
    await page.locator('input[type=radio]').first().check();
    await moveOn(page, page.locator('.survey-nav button[type=submit]'));
  }
  await moveOn(page, page.getByRole('button', { name: 'Skicka in' }));
}

/**
 * The command line's report of the results page's files, beside that page:
 * `stegvis report` (target/debug/stegvis, built first) on `files`, counted
 * on the page's day, opened from its file in a fresh context. Gives the
 * report's page, the exit status, and every request it made; close it after.
 */
export async function openReport(app, page, files, file) {
  const root = new URL('../', import.meta.url).pathname;
  execFileSync('cargo', ['build', '--locked', '--quiet', '--bin', 'stegvis'], { cwd: root, stdio: 'inherit' });
  const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
  const run = spawnSync(`${root}target/debug/stegvis`, ['report', '--today', today, '--out', file, ...files], { encoding: 'utf8' });
  const context = await app.newContext({ viewport: TABLET });
  const report = await context.newPage();
  const requests = [];
  report.on('request', (r) => requests.push(r.url()));
  await report.goto(`file://${file}`);
  return { report, status: run.status, stderr: run.stderr, requests, close: () => context.close() };
}

/** The text of every table on a page, in order. */
export const tablesOf = (page) => page.locator('main table').allInnerTexts();
