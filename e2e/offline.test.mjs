// Offline: after the first visit the service worker serves the app, so a
// participant completes a survey with the network off and sends it in. A new version waits
// for "Ny version finns – ladda om" and never cuts off an answer in progress.
// The page runs under a strict Content-Security-Policy and is installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, appendFile, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../scripts/serve.mjs';
import {
  useApp, DIST, workerSettled, waitForAsync, expectAccessible, chooseLanguage, makeCode, readStore, moveOn, answerAll, unlockStaff, PHONE, TABLET,
} from './harness.mjs';

const app = useApp();
const link = (code) => `#/deltagare?kod=${code}&spar=grundskola&tid=intake`;

/** Waits until the service worker controls the page (it claims it on first install). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30000 });
}

/** Records CSP violations from the first script on. */
async function watchPolicy(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('with the network off, the app reloads and a whole survey is answered and stored', async () => {
  const page = await app.open('#/', PHONE, { serviceWorkers: 'allow' });
  await controlled(page);
  await page.context().setOffline(true);
  await page.reload();
  await page.locator('h1', { hasText: 'Välkommen' }).waitFor();
  // The network really is off: anything the worker has not cached fails.
  const reached = await page.evaluate(() => fetch(`not-cached-${Date.now()}`).then(() => true, () => false));
  assert.equal(reached, false);
  assert.deepEqual(page.problems.errors, ['Failed to load resource: net::ERR_FAILED'], 'only the probe failed');
  page.problems.errors.length = 0;
  // A built file opened directly is that file, not the app. (For a bare
  // file the browser also asks for /favicon.ico, which fails offline.)
  const faviconFailed = page
    .waitForEvent('console', { predicate: (m) => m.location().url.endsWith('/favicon.ico'), timeout: 5000 })
    .then(() => true, () => false);
  const manifest = await page.goto(app.url + 'manifest.webmanifest');
  assert.equal((await manifest.json()).name, 'Stegvis');
  if (await faviconFailed) {
    const probe = page.problems.errors.indexOf('Failed to load resource: net::ERR_FAILED');
    if (probe >= 0) page.problems.errors.splice(probe, 1);
  }
  // A new link, typed in with no network at all.
  const code = makeCode(71);
  await page.goto(app.url + link(code));
  await page.locator('.progress').waitFor();
  await answerAll(page);
  await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
  const responses = (await readStore(page, 'responses')).filter((r) => r.participant === code);
  assert.ok(responses.length >= 2, 'the answers are stored');
  assert.ok(responses.every((r) => r.answers.length > 0));
  // Sending works offline too: the worker cached the sending module with the app.
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Spara filen' }).click();
  await saved;
  await page.locator('[role=status]', { hasText: 'Klart' }).waitFor();
  await page.getByRole('button', { name: 'Visa svaren för personalen' }).click();
  await page.locator('svg.answer-qr').waitFor();
  await page.context().setOffline(false);
  await page.done();
});

test('a new version waits for the person, and the survey in progress survives the reload', async () => {
  // A copy of the built app, so the test can publish a "new version" of it.
  const dir = await mkdtemp(join(tmpdir(), 'stegvis-update-'));
  await cp(DIST, dir, { recursive: true });
  const server = await serve(dir);
  const context = await app.newContext({ viewport: PHONE, serviceWorkers: 'allow' });
  await watchPolicy(context);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    const code = makeCode(72);
    await page.goto(server.url + link(code));
    await page.locator('.progress').waitFor();
    await controlled(page);
    // Two answers committed, then the third question on screen.
    for (let i = 0; i < 2; i++) {
      await page.locator('input[type=radio]').first().check();
      await moveOn(page, page.locator('.survey-nav button[type=submit]'));
    }
    const where = await page.locator('.progress').innerText();
    const question = await page.locator('h1').innerText();
    assert.equal(await page.getByRole('button', { name: 'Ny version finns – ladda om' }).count(), 0);

    // A new version is published; the browser finds it.
    await appendFile(join(dir, 'sw.js'), '\n// a new version\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const prompt = page.getByRole('button', { name: 'Ny version finns – ladda om' });
    await prompt.waitFor();
    // Nothing reloads by itself: the question is still there, and can be answered.
    assert.equal(await page.locator('h1').innerText(), question);
    await page.locator('input[type=radio]').nth(1).check();
    const scriptBefore = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
    // The prompt itself is accessible, in Swedish and right to left in Arabic.
    await expectAccessible(page, 'update prompt sv phone');
    await chooseLanguage(page, 'ar');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('.update-banner button').count(), 1);
    await expectAccessible(page, 'update prompt ar phone');
    await chooseLanguage(page, 'sv');

    const reloaded = page.waitForEvent('framenavigated');
    await prompt.click();
    await reloaded;
    await page.locator('.progress').waitFor();
    assert.equal(await page.locator('.progress').innerText(), where, 'the survey resumes at the same question');
    assert.equal(await page.locator('h1').innerText(), question);
    assert.equal(await page.locator('input[type=radio]').nth(1).isChecked(), true, 'the answer tapped before the reload is kept');
    await page.waitForFunction((before) => navigator.serviceWorker.controller?.scriptURL === before, scriptBefore);
    assert.equal(await page.getByRole('button', { name: 'Ny version finns – ladda om' }).count(), 0, 'the new version is running');
    const [survey] = (await readStore(page, 'surveys')).filter((s) => JSON.stringify(s).includes(code));
    assert.ok(survey, 'the survey in progress is stored');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    await workerSettled(page).catch(() => {});
    await context.close();
    await server.close();
    await rm(dir, { recursive: true });
  }
});

/** Per cache of the worker (by name), whether it holds the staff app (its folder's page). */
const staffAppCached = (page) =>
  page.evaluate(async () => {
    const staff = new URL('/personal/', location.href).href;
    const held = {};
    for (const name of await caches.keys()) held[name] = Boolean(await (await caches.open(name)).match(staff));
    return held;
  });

test('a staff device keeps the staff app offline once it has opened there, also across an update', async () => {
  // A copy of the built app, so the test can publish a new version.
  const dir = await mkdtemp(join(tmpdir(), 'stegvis-staff-offline-'));
  await cp(DIST, dir, { recursive: true });
  const server = await serve(dir);
  const context = await app.newContext({ viewport: TABLET, serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    // A participant's visit first: the worker caches the participant's app only.
    await page.goto(server.url + '#/');
    await page.locator('h1', { hasText: 'Välkommen' }).waitFor();
    await controlled(page);
    await workerSettled(page);
    assert.deepEqual(Object.values(await staffAppCached(page)), [false], 'no staff app cached on a participant visit');
    // Staff open their app (an old link at the root): from now on it is cached too.
    await page.goto(server.url + '#/personal');
    await page.waitForURL(`${server.url}personal/#/personal`);
    await unlockStaff(page);
    await waitForAsync(page, async () => Boolean(await caches.match(new URL('/personal/', location.href).href)));

    await context.setOffline(true);
    await page.goto(server.url + '#/personal/deltagare');
    await page.waitForURL(`${server.url}personal/#/personal/deltagare`);
    await unlockStaff(page);
    await page.locator('#enrol-track').waitFor();
    await context.setOffline(false);

    // A new version is published (its worker has a new version, so a new
    // cache) and installed while the old one runs: its cache gets the staff
    // app too, since this device had it.
    const worker = join(dir, 'sw.js');
    const source = await readFile(worker, 'utf8');
    const next = source.replace(/const VERSION = "([0-9a-f]+)";/, 'const VERSION = "$1-next";');
    assert.notEqual(next, source, 'sw.js carries its version');
    await writeFile(worker, next);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const prompt = page.getByRole('button', { name: 'Ny version finns – ladda om' });
    await prompt.waitFor();
    assert.deepEqual(Object.values(await staffAppCached(page)), [true, true], 'both versions hold the staff app');
    // Offline before switching: the new version can fetch nothing more.
    await context.setOffline(true);
    const reloaded = page.waitForEvent('framenavigated');
    await prompt.click();
    await reloaded;
    await page.locator('h1', { hasText: 'Personal' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
    const caches = await staffAppCached(page);
    assert.equal(Object.keys(caches).length, 1, "the old version's cache is gone");
    assert.match(Object.keys(caches)[0], /-next$/, 'the new version runs');
    await page.goto(server.url + '#/utvarderare');
    await page.waitForURL(`${server.url}personal/#/utvarderare`);
    await page.locator('h1', { hasText: 'Utvärderare' }).waitFor();
    await context.setOffline(false);
    assert.deepEqual(errors, []);
  } finally {
    await context.setOffline(false);
    await workerSettled(page).catch(() => {});
    await context.close();
    await server.close();
    await rm(dir, { recursive: true });
  }
});

/** The page's policy is strict, and an injected inline script does not run. */
async function expectStrictPolicy(page, label) {
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /default-src 'none'/, label);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/, label);
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'|\*|https?:/, label);
  // Any script not allowed by hash is refused.
  const ran = await page.evaluate(() => {
    window.__injected = false;
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
    return window.__injected;
  });
  assert.equal(ran, false, `${label}: an injected inline script does not run`);
  page.problems.errors.length = 0; // The refusal above is logged as an error on purpose.
}

test('a strict Content-Security-Policy holds on every screen of both apps, and the app is installable', async () => {
  const page = await app.open('#/', PHONE, { serviceWorkers: 'allow' });
  await expectStrictPolicy(page, "the participant's app");
  await page.evaluate(() => { location.hash = '#/deltagare'; });
  await page.locator('h1', { hasText: 'Deltagare' }).waitFor();
  // A staff route opens the staff and evaluator app, which has its own page and policy.
  await page.evaluate(() => { location.hash = '#/personal'; });
  await page.waitForURL(`${app.url}personal/#/personal`);
  await page.locator('h1', { hasText: 'Personal' }).waitFor();
  await expectStrictPolicy(page, 'the staff app');
  for (const [hash, heading] of [['#/utvarderare', 'Utvärderare'], ['#/utvarderare/resultat', 'Resultat']]) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.locator('h1', { hasText: heading }).waitFor();
  }
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel=manifest]').href;
    const m = await (await fetch(href)).json();
    const icons = await Promise.all(m.icons.map(async (i) => (await fetch(new URL(i.src, href))).status));
    return { ...m, href, iconStatus: icons };
  });
  assert.equal(manifest.href, `${app.url}manifest.webmanifest`, "the staff app uses the site's manifest");
  assert.equal(manifest.name, 'Stegvis');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png'));
  assert.deepEqual(manifest.iconStatus, manifest.icons.map(() => 200));
  await page.done();
});
