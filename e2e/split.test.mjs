// Two apps in one site: a participant's link opens the small participant's
// app at the root, which fetches only its own files and the words and
// questions of its language; the staff and evaluator app lives in personal/,
// and every link handed out before the split still lands where it did. With
// the service worker, a language is switched offline; without the content,
// the page stays in its language and says so. The app also runs in an iframe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import { useApp, expectAccessible, chooseLanguage, makeCode, unlockStaff, moveOn, answerAll, STAFF_CODE, PHONE, TABLET } from './harness.mjs';

/** The version of instrument `id` this build ships (content/instruments/<id>.json). */
const shippedVersion = (id) => content(`instruments/${id}.json`).version;

const app = useApp();
const link = (code, track = 'grundskola') => `#/deltagare?kod=${code}&spar=${track}&tid=intake`;
const h1 = (page) => page.locator('h1').innerText();
const htmlAttrs = (page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

// The first question of an intake (bakgrund, item kon) and its progress line, as content/ has them.
const content = (path) => JSON.parse(readFileSync(new URL(`../content/${path}`, import.meta.url)));
const LANGS = ['sv', 'ar', 'so'];
const FIRST_QUESTION = Object.fromEntries(LANGS.map((l) => [l, l === 'sv'
  ? content('instruments/bakgrund.json').items.find((i) => i.id === 'kon').text
  : content(`instruments/${l}/bakgrund.json`).items.kon.text]));
const FIRST_PROGRESS = Object.fromEntries(LANGS.map((l) =>
  [l, content(`ui/${l}.json`).strings['survey.progress'].replace('{n}', '1').replace('{total}', '7')]));
assert.equal(FIRST_PROGRESS.sv, 'Fråga 1 av 7');

/**
 * A proxy in front of the app's server that records the path of every
 * request that reaches the network, from the page and its service worker
 * alike (a file served from the worker's cache never gets here).
 */
async function recordingProxy(target) {
  const paths = [];
  const server = createServer((req, res) => {
    paths.push(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const upstream = request(new URL(req.url, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    paths,
    close: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(ok);
    }),
  };
}

/** A host page on its own origin (another port) showing `src` in an iframe. */
async function hostPage(src) {
  const html = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Kommunens sida</title></head>
<body><main><h1>Kommunens sida</h1><iframe title="Stegvis" src="${src}" width="360" height="640"></iframe></main></body></html>`;
  const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Waits until the service worker controls the page (it claims it once installed). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30000 });
}

const staffFiles = (paths) => paths.filter((p) => p === '/personal' || p.startsWith('/personal/'));

test("a participant's first visit fetches only the participant's app and the content of its language", async () => {
  const proxy = await recordingProxy(app.url);
  try {
    const code = makeCode(81);
    const page = await app.open(link(code), PHONE, { url: proxy.url });
    await page.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
    assert.equal(await h1(page), FIRST_QUESTION.sv);
    // The survey runs in the participant's app at the root.
    assert.match(page.url(), new RegExp(`^${proxy.url}#/deltagare/enkat/`));

    const seen = [...proxy.paths];
    assert.deepEqual(staffFiles(seen), [], 'nothing of the staff and evaluator app');
    const content = seen.filter((p) => p.startsWith('/content/'));
    assert.deepEqual(
      content.filter((p) => p !== '/content/plan.txt' && !p.startsWith('/content/sv/')),
      [],
      'no other language, and no instrument definitions before the thank-you screen',
    );
    // What the first question needs: the plan, the Swedish words and the plan's three instruments.
    assert.deepEqual(
      [...content].sort(),
      ['/content/plan.txt', '/content/sv/bakgrund.txt', '/content/sv/maende.txt', '/content/sv/ord.txt', '/content/sv/skola-karna.txt'],
      'each content file once (the preloads started by the page are the ones the app uses)',
    );

    await answerAll(page);
    await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
    assert.deepEqual(
      proxy.paths.filter((p) => p.startsWith('/content/definitions/')),
      [],
      'definitions are fetched only when the phone signs its answers',
    );
    const firstLoad = seen.filter((p) => p.startsWith('/send/'));
    assert.deepEqual(firstLoad, [], 'the sending module is not part of the first load');
    // The thank-you screen fetches the sending module for the first tap.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /\/send\/.*_bg\.wasm$/.test(r.name)));
    assert.deepEqual(
      proxy.paths.filter((p) => p.startsWith('/send/')).map((p) => p.replace(/-[0-9a-f]+/, '-…')).sort(),
      ['/send/stegvis-send-….js', '/send/stegvis-send-…_bg.wasm'],
      'the sending module, once',
    );
    const saved = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Spara filen' }).click();
    await saved;
    await page.locator('[role=status]', { hasText: 'Klart' }).waitFor();
    assert.deepEqual(
      proxy.paths.filter((p) => p.startsWith('/content/definitions/')).sort(),
      ['bakgrund', 'maende', 'skola-karna'].map((id) => `/content/definitions/${id}@${shippedVersion(id)}.json`),
      'the definitions of the answered instruments, to sign with',
    );
    assert.deepEqual(staffFiles(proxy.paths), [], 'still nothing of the staff app');
    await page.done();
  } finally {
    await proxy.close();
  }
});

test('when the sending module cannot be fetched, the phone says to go online, keeps the answers, and sends once it can', async () => {
  const code = makeCode(84);
  const page = await app.open(link(code), PHONE);
  await page.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
  // The network fails for the module, as it does on a phone that went offline
  // before its first visit was cached.
  await page.route('**/send/**', (route) => route.abort('internetdisconnected'));
  await answerAll(page);
  await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
  await page.getByRole('button', { name: 'Spara filen' }).click();
  await page.locator('[role=status]', { hasText: 'Anslut till internet och försök igen. Dina svar finns kvar på telefonen.' }).waitFor();
  await page.getByRole('button', { name: 'Visa svaren för personalen' }).click();
  await page.locator('[role=status]', { hasText: 'gick inte att hämta' }).waitFor();
  await expectAccessible(page, 'sending module not fetched');
  page.problems.errors.length = 0;
  // Back online: the same buttons work, with nothing answered again.
  await page.unroute('**/send/**');
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Spara filen' }).click();
  const file = JSON.parse(await readFile(await (await saved).path(), 'utf8'));
  await page.locator('[role=status]', { hasText: 'Klart' }).waitFor();
  // Signed by the phone, and the signature holds.
  const payload = JSON.parse(new TextDecoder().decode((await jose.flattenedVerify(file, jose.EmbeddedJWK)).payload));
  assert.deepEqual([...new Set(payload.responses.map((r) => r.participant))], [code], 'the file holds this participant');
  assert.equal(payload.responses.length, 3, 'every instrument of the intake, answered once');
  await page.getByRole('button', { name: 'Visa svaren för personalen' }).click();
  await page.locator('svg.answer-qr').waitFor();
  await page.done();
});

test('after a first visit online, the language switches offline, to Arabic right to left and to Somali', async () => {
  const proxy = await recordingProxy(app.url);
  try {
    const page = await app.open(link(makeCode(82)), PHONE, { url: proxy.url, serviceWorkers: 'allow' });
    await page.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
    await controlled(page);
    // The worker has precached the participant's app, every language: a phone never downloads the staff app.
    assert.deepEqual(staffFiles(proxy.paths), [], 'the worker fetched nothing of the staff app');
    assert.ok(proxy.paths.includes('/content/so/ord.txt'), 'the worker cached the other languages');

    await page.context().setOffline(true);
    await page.reload();
    await page.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
    await chooseLanguage(page, 'ar');
    assert.deepEqual(await htmlAttrs(page), { lang: 'ar', dir: 'rtl' });
    await page.locator('.progress', { hasText: FIRST_PROGRESS.ar }).waitFor();
    assert.equal(await h1(page), FIRST_QUESTION.ar, 'the question is in Arabic');
    await chooseLanguage(page, 'so');
    assert.deepEqual(await htmlAttrs(page), { lang: 'so', dir: 'ltr' });
    await page.locator('.progress', { hasText: FIRST_PROGRESS.so }).waitFor();
    assert.equal(await h1(page), FIRST_QUESTION.so, 'the question is in Somali');
    assert.equal(await page.locator('.language-picker [role=alert]').count(), 0, 'no error');
    await page.context().setOffline(false);
    await page.done();
  } finally {
    await proxy.close();
  }
});

test('offline before a language was ever fetched, the page keeps its language and says why', async () => {
  // No service worker: nothing but what the first visit needed was fetched.
  const page = await app.open(link(makeCode(83)), PHONE);
  await page.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
  await page.context().setOffline(true);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(new URL(r.url()).pathname));
  await page.locator('#language').selectOption('ar');
  const alert = page.locator('.language-picker [role=alert]');
  await alert.filter({ hasText: 'Texten kunde inte hämtas. Anslut till internet och försök igen.' }).waitFor();
  assert.deepEqual(await htmlAttrs(page), { lang: 'sv', dir: 'ltr' });
  assert.equal(await page.locator('#language').inputValue(), 'sv', 'the picker shows the language still in use');
  assert.equal(await h1(page), FIRST_QUESTION.sv);
  assert.equal(await page.locator('.progress').innerText(), FIRST_PROGRESS.sv);
  assert.ok(failed.length > 0 && failed.every((p) => p.startsWith('/content/ar/')), `only Arabic content failed: ${failed}`);
  await expectAccessible(page, 'language error sv phone');

  // Back online, the same choice works and the message goes.
  await page.context().setOffline(false);
  await chooseLanguage(page, 'ar');
  await alert.waitFor({ state: 'detached' });
  assert.deepEqual(await htmlAttrs(page), { lang: 'ar', dir: 'rtl' });
  await page.locator('.progress', { hasText: FIRST_PROGRESS.ar }).waitFor();
  assert.equal(await h1(page), FIRST_QUESTION.ar, 'the question is in Arabic');
  // The failed fetches are logged by the browser; nothing else is.
  const offline = (e) => /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/.test(e);
  assert.ok(page.problems.errors.filter(offline).length <= failed.length);
  page.problems.errors = page.problems.errors.filter((e) => !offline(e));
  await page.done();
});

// Links handed out before the split, and the heading each opened (locked
// staff pages show the unlock form under "Personal", as before).
const STAFF_LINKS = [
  ['#/personal', 'Personal'],
  ['#/personal/deltagare', 'Personal'],
  ['#/utvarderare', 'Utvärderare'],
  ['#/utvarderare/resultat', 'Resultat'],
];

test('every staff and evaluator link handed out before the split opens the staff app at the same route', async () => {
  for (const [hash, heading] of STAFF_LINKS) {
    const page = await app.open(hash, TABLET);
    await page.waitForURL(`${app.url}personal/${hash}`);
    assert.equal(await h1(page), heading, hash);
    // The root page was replaced, not added: back does not bounce into the staff app again.
    assert.equal(await page.evaluate(() => history.length), 2, `${hash}: the blank tab and this page only`);
    if (hash === '#/personal/deltagare') {
      await unlockStaff(page);
      await page.locator('h1', { hasText: 'Deltagare' }).waitFor();
      await page.locator('#enrol-track').waitFor();
    }
    await page.done();
  }
  // A staff route reached inside the participant's app goes the same way.
  const page = await app.open('#/', PHONE);
  assert.equal(await h1(page), 'Välkommen');
  await page.evaluate(() => { location.hash = '#/utvarderare/resultat'; });
  await page.waitForURL(`${app.url}personal/#/utvarderare/resultat`);
  await page.locator('h1', { hasText: 'Resultat' }).waitFor();
  await page.done();
});

test("a participant's link stays at the root, also the one the staff app hands out", async () => {
  const staff = await app.open('#/personal/enkat', TABLET);
  await staff.waitForURL(`${app.url}personal/#/personal/enkat`);
  await unlockStaff(staff);
  const code = makeCode(84);
  await staff.locator('#kiosk-code').fill(code);
  await staff.locator('#kiosk-track').selectOption('grundskola');
  const shown = staff.locator('.share-link a');
  await shown.waitFor();
  const text = await shown.innerText();
  assert.equal(text, app.url + link(code), 'the link is the root address with the route');
  assert.equal(await shown.getAttribute('href'), text);
  assert.doesNotMatch(text, /personal/);
  await staff.done();

  // On the participant's phone, that link opens the participant's app at the first question.
  const phone = await app.open(text.slice(app.url.length), PHONE);
  await phone.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
  assert.equal(await h1(phone), FIRST_QUESTION.sv);
  assert.match(phone.url(), new RegExp(`^${app.url}#/deltagare/enkat/`), 'at the root, not in personal/');
  await phone.done();
});

test('a tablet handed over for a kiosk survey shows only the survey, also when the root address is opened', async () => {
  const page = await app.open('#/personal/enkat', TABLET);
  await unlockStaff(page);
  await page.locator('#kiosk-code').fill(makeCode(85));
  await page.locator('#kiosk-track').selectOption('kaa');
  await moveOn(page, page.getByRole('button', { name: 'Lämna över till deltagaren' }));
  await page.locator('.progress', { hasText: 'Fråga 1 av 8' }).waitFor();
  await page.getByLabel('Kille/man', { exact: true }).check();
  await moveOn(page, page.locator('.survey-nav button[type=submit]'));
  const survey = page.url();
  assert.match(survey, new RegExp(`^${app.url}personal/#/deltagare/enkat/`), 'the kiosk survey runs in the staff app');
  // The site's start page, opened on the locked tablet: the participant's
  // app sends the device to the staff app, which shows the survey locked
  // (a new page load, as after a reload) until staff type the code.
  await page.goto(app.url + '#/');
  await page.waitForURL(survey);
  await page.locator('.kiosk-return', { hasText: 'Dina svar är sparade.' }).waitFor();
  assert.equal(await page.locator('.progress').count(), 0, 'no question and no answer before staff unlock');
  assert.equal(await page.locator('.staff-bar').count(), 0, 'nothing of the workspace');
  await page.locator('#staff-passphrase').fill(STAFF_CODE);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.locator('.progress', { hasText: 'Fråga 2 av 8' }).waitFor();
  await moveOn(page, page.getByRole('button', { name: 'Tillbaka' }));
  assert.equal(await page.getByLabel('Kille/man', { exact: true }).isChecked(), true, 'the answer is kept');
  await page.done();
});

test('inside an iframe on another site, a participant link reaches the first question and saves', async () => {
  const code = makeCode(86);
  const host = await hostPage(app.url + link(code));
  const context = await app.newContext({ viewport: { width: 400, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(host.url);
    const frame = page.frameLocator('iframe[title=Stegvis]');
    await frame.locator('.progress', { hasText: FIRST_PROGRESS.sv }).waitFor();
    assert.equal(await frame.locator('h1').innerText(), FIRST_QUESTION.sv);
    await frame.getByLabel('Tjej/kvinna', { exact: true }).check();
    await frame.locator('.survey-nav button[type=submit]').click();
    await frame.locator('.progress', { hasText: 'Fråga 2 av 7' }).waitFor();
    // The host page stays where it was; only the frame moved on.
    assert.equal(page.url(), host.url);
    assert.equal(await page.locator('h1').innerText(), 'Kommunens sida');
    // A staff link in the frame opens the staff app in the frame.
    await page.locator('iframe').evaluate((f, src) => { f.src = src; }, app.url + '#/personal');
    await frame.locator('h1', { hasText: 'Personal' }).waitFor();
    assert.equal(page.frames()[1].url(), `${app.url}personal/#/personal`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await host.close();
  }
});

test('the language chosen in one app is the language of the other', async () => {
  const page = await app.open('#/', PHONE);
  await chooseLanguage(page, 'fa');
  await page.locator('.role-list a').nth(1).click();
  await page.waitForURL(`${app.url}personal/#/personal`);
  await page.locator('#new-passphrase').waitFor();
  assert.deepEqual(await htmlAttrs(page), { lang: 'fa', dir: 'rtl' }, 'the staff app opens in Dari/Persian');
  assert.equal(await page.locator('#language').inputValue(), 'fa');
  await chooseLanguage(page, 'sv');
  await page.goto(`${app.url}#/`);
  await page.locator('h1', { hasText: 'Välkommen' }).waitFor();
  assert.deepEqual(await htmlAttrs(page), { lang: 'sv', dir: 'ltr' }, "and back in the participant's app");
  await page.done();
});

test("until the participant's app has loaded, the page shows the brand bar, not a blank page, and the first question replaces it", async () => {
  // In Swedish and, chosen on an earlier visit, Arabic; on a phone and a tablet.
  const cases = [['sv', PHONE, 'phone'], ['ar', PHONE, 'phone'], ['sv', TABLET, 'tablet'], ['ar', TABLET, 'tablet']];
  for (const [[lang, viewport, device], seed] of cases.map((c, i) => [c, 88 + 10 * i])) {
    const context = await app.newContext({ viewport });
    if (lang !== 'sv') await context.addInitScript((l) => localStorage.setItem('stegvis.language', JSON.stringify(l)), lang);
    // The wasm held back, as on a slow connection, until the page has been looked at.
    let release;
    const held = new Promise((ok) => { release = ok; });
    await context.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    try {
      await page.goto(app.url + link(makeCode(seed)), { waitUntil: 'commit' });
      const starting = page.locator('#starting');
      await starting.locator('.brand', { hasText: 'Stegvis' }).waitFor();
      assert.equal(await starting.getAttribute('aria-busy'), 'true');
      assert.equal(await page.locator('main').count(), 0, 'no screen of the app yet');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing wider than the screen');
      await expectAccessible(page, `starting ${lang} ${device}`);
      release();
      await page.locator('h1', { hasText: FIRST_QUESTION[lang] }).waitFor();
      assert.equal((await htmlAttrs(page)).lang, lang);
      assert.equal(await starting.count(), 0, 'the starting bar is gone');
      assert.equal(await page.locator('header').count(), 1, 'one header');
      assert.equal(await page.locator('main').count(), 1, 'one main');
    } finally {
      release();
      await context.close();
    }
  }
});

/**
 * A first visit at a participant's link with `url` failing as `fail` does:
 * the page's notice in plain Swedish, alone on the page, accessible.
 */
async function loadProblemShown(url, fail, code, label) {
  const context = await app.newContext({ viewport: PHONE });
  await context.route(url, fail);
  const page = await context.newPage();
  try {
    await page.goto(app.url + link(code));
    await page.locator('h1', { hasText: 'Stegvis kunde inte starta' }).waitFor();
    assert.equal(
      await page.locator('[role=alert]').innerText(),
      'Appen kunde inte hämtas helt. Anslut till internet och ladda om sidan.',
    );
    assert.equal(await page.locator('h1').count(), 1, 'one heading');
    assert.equal(await page.locator('main').count(), 1, 'one main');
    assert.equal(await page.locator('#starting').count(), 0, 'the starting bar is gone');
    await expectAccessible(page, label);
  } finally {
    await context.close();
  }
}

test("when the participant's app itself cannot be fetched, the page says so in plain Swedish instead of loading for ever", async () => {
  // The connection lost half way through the first visit.
  await loadProblemShown('**/*_bg.wasm', (route) => route.abort('connectionfailed'), makeCode(89), 'app not fetched sv phone');
});

test("when the participant's app cannot fetch its words, it says so in plain Swedish", async () => {
  // A host missing the file (or a first visit cut off half way).
  const missing = (route) => route.fulfill({ status: 404, body: 'Finns inte' });
  await loadProblemShown('**/content/sv/ord.txt', missing, makeCode(87), 'load problem sv phone');
});
