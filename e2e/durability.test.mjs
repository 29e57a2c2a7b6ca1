// Hostile conditions: the page killed at 100 random points, a second tab,
// a full disk (a thrown write, and a real one: the origin's quota lowered
// through the DevTools protocol and filled), site data blocked in a real
// Chromium profile, a schema upgrade held up by an old tab, no IndexedDB.
// Each gets a plain Swedish message, and no committed answer is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useApp, makeCode, moveOn, waitForAsync, expectAccessible, PHONE, TABLET } from './harness.mjs';

const app = useApp();
const link = (code) => `#/deltagare?kod=${code}&spar=kaa&tid=intake`;

/** A small seeded generator, so a failure can be replayed. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The participant's survey as stored, read in the page. */
function storedSurvey(page, code) {
  return page.evaluate(
    (c) => new Promise((resolve, reject) => {
      const open = indexedDB.open('stegvis');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('surveys').objectStore('surveys').getAll();
        req.onsuccess = () => { open.result.close(); resolve(req.result.find((s) => s.participant === c) ?? null); };
      };
    }),
    code,
  );
}

const committedMarks = (page) => page.evaluate(() => performance.getEntriesByName('stegvis:answer-committed').length);
/** What stored each committed tap so far: 'worker' (the save worker) or 'page'. */
const committedBy = (page) => page.evaluate(() => performance.getEntriesByName('stegvis:answer-committed').map((m) => m.detail));

test('a survey killed at 100 random points keeps every committed answer', async () => {
  const context = await app.newContext({ viewport: PHONE });
  const next = random(20261126);
  let seed = 500;
  let code = makeCode(seed);
  // Question index → the value of every answer the app said was committed.
  let committed = new Map();
  let kills = 0;
  while (kills < 100) {
    const page = await context.newPage();
    await page.goto(app.url + link(code));
    await page.locator('.progress, .review, .done, h1').first().waitFor();
    await page.locator('.progress').or(page.getByRole('button', { name: 'Skicka in' })).or(page.locator('#code')).first().waitFor();
    // Everything committed before the last kill is still there.
    const stored = await storedSurvey(page, code);
    for (const [q, allowed] of committed) {
      const kept = stored?.answers[q]?.value?.value;
      assert.ok(allowed.includes(kept), `kill ${kills}: answer to question ${q + 1} is ${kept}, committed ${allowed[0]}`);
      committed.set(q, [kept]);
    }
    if (!(await page.locator('.progress').count())) {
      // This survey is answered through; start another participant.
      await page.close();
      code = makeCode(++seed);
      committed = new Map();
      continue;
    }
    // One to three taps, each a radio and often "Nästa", then the page dies.
    const actions = [];
    for (let taps = 1 + Math.floor(next() * 3); taps > 0 && (await page.locator('.progress').count()); taps--) {
      const q = Number((await page.locator('.progress').innerText()).match(/\d+/)[0]) - 1;
      const radios = page.locator('input[type=radio]');
      // Never the last option: on maende it opens the support screen.
      const choice = Math.floor(next() * Math.max(1, (await radios.count()) - 1));
      const value = (await radios.nth(choice).getAttribute('value')).split(':');
      await radios.nth(choice).check();
      actions.push(value[0] === 'p' ? { q, value: Number(value[1]) } : { q, value: undefined });
      if (next() < 0.7) {
        actions.push(null);
        if (taps > 1) {
          // More taps follow: wait for the next screen, so no tap lands on a screen being left.
          await moveOn(page, page.locator('.survey-nav button[type=submit]'));
        } else {
          // The last tap: the page may die while this move is still being saved.
          await page.locator('.survey-nav button[type=submit]').click();
        }
      }
    }
    await page.waitForTimeout(next() * 60);
    const marks = await committedMarks(page);
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    cdp.send('Page.crash').catch(() => {});
    await crashed;
    await page.close().catch(() => {});
    kills++;
    // The first `marks` actions were committed, in order. A later tap on the
    // same question may have been committed between reading the marks and the
    // crash, so its value is allowed too.
    actions.forEach((a, i) => {
      if (!a || a.value === undefined) return;
      if (i < marks) committed.set(a.q, [a.value]);
      else if (committed.has(a.q)) committed.get(a.q).push(a.value);
    });
  }
  await context.close();
});

test('a second tab says so, writes nothing, and takes over when the first closes', async () => {
  const context = await app.newContext({ viewport: PHONE });
  const code = makeCode(611);
  const first = await context.newPage();
  await first.goto(app.url + link(code));
  await first.locator('.progress').waitFor();
  await first.locator('input[type=radio]').first().check();

  const second = await context.newPage();
  await second.goto(app.url + link(code));
  await second.locator('.startup-problem', { hasText: 'Stegvis är redan öppet i en annan flik.' }).waitFor();
  assert.equal(await second.locator('input[type=radio]').count(), 0, 'the second tab shows no survey to answer');

  // The first tab goes on undisturbed.
  await first.locator('.survey-nav button[type=submit]').click();
  await first.locator('.progress', { hasText: 'Fråga 2' }).waitFor();
  await first.close();
  // The second tab takes over by itself and resumes where the first left off.
  await second.locator('.progress', { hasText: 'Fråga 2' }).waitFor();
  assert.equal(await second.locator('.startup-problem').count(), 0);
  await context.close();
});

test('a full disk keeps the question on screen with a plain message, and nothing stored is lost', async () => {
  const context = await app.newContext({ viewport: PHONE });
  // Taps are stored by a worker (public/save-worker.js). Here its script is
  // missing, so the page stores them itself, where the simulated full disk
  // below reaches; the real full disk further down goes through the worker.
  await context.route('**/save-worker.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  // A full disk, simulated: while `__diskFull` is set, every write is refused
  // as the browser refuses it when the quota is used up.
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const page = await context.newPage();
  const code = makeCode(612);
  await page.goto(app.url + link(code));
  await page.locator('.progress').waitFor();
  await page.locator('input[type=radio]').first().check();
  await page.locator('.survey-nav button[type=submit]').click();
  await page.locator('.progress', { hasText: 'Fråga 2' }).waitFor();
  const before = await storedSurvey(page, code);
  assert.deepEqual(new Set(await committedBy(page)), new Set(['page']), 'without its worker, the page stored the taps');

  await page.evaluate(() => { window.__diskFull = true; });
  await page.locator('input[type=radio]').nth(1).click();
  await page.locator('.error', { hasText: 'Enheten är full. Stegvis kan inte spara något mer.' }).waitFor();
  assert.match(await page.locator('.progress').innerText(), /Fråga 2/, 'the question stays');
  assert.deepEqual(await storedSurvey(page, code), before, 'what was stored is unchanged');

  assert.equal(await page.locator('input[type=radio]').nth(1).isChecked(), false, 'the screen shows what is stored');
  // Space again: the same tap saves.
  await page.evaluate(() => { window.__diskFull = false; });
  await page.locator('input[type=radio]').nth(1).check();
  await waitForAsync(
    page,
    (c) => new Promise((resolve) => {
      const open = indexedDB.open('stegvis');
      open.onsuccess = () => {
        const req = open.result.transaction('surveys').objectStore('surveys').getAll();
        req.onsuccess = () => { open.result.close(); resolve(req.result.find((s) => s.participant === c)?.answers[1] != null); };
      };
    }),
    code,
  );
  await context.close();
});

/** Whether the participant's answer to question `n` (0-based) is stored. */
const answerStored = (page, code, n) => waitForAsync(
  page,
  ([c, i]) => new Promise((resolve) => {
    const open = indexedDB.open('stegvis');
    open.onsuccess = () => {
      const req = open.result.transaction('surveys').objectStore('surveys').getAll();
      req.onsuccess = () => { open.result.close(); resolve(req.result.find((s) => s.participant === c)?.answers[i] != null); };
    };
  }),
  [code, n],
);

/**
 * Lowers the origin's storage quota through the DevTools protocol to what
 * is used now plus `room` bytes. Chromium then refuses writes the way a full
 * disk does: the transaction aborts with a QuotaExceededError. The override
 * lasts while the returned session is attached; `lift()` ends it.
 */
async function lowerQuota(page, room) {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  // A quota of 0 would mean no override at all.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: Math.max(usage + room, 1) });
  return { lift: () => cdp.detach() };
}

/** Fills what room is left with a database of its own, until the browser refuses. */
const fillDisk = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('filler');
  open.onupgradeneeded = () => open.result.createObjectStore('f');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    let n = 0;
    const more = () => {
      const tx = db.transaction('f', 'readwrite');
      // Random bytes: IndexedDB compresses what it stores, and counts it.
      const chunk = new Uint8Array(64 * 1024);
      crypto.getRandomValues(chunk);
      tx.objectStore('f').put(chunk, n++);
      tx.oncomplete = () => (n > 2_000 ? reject(new Error('never full')) : more());
      tx.onabort = () => { db.close(); resolve(tx.error?.name); };
    };
    more();
  };
}));

test('a really full disk: the survey says the device is full, keeps what is stored, and saves once there is room', async () => {
  const context = await app.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const code = makeCode(613);
  // The quota is lowered before the app opens its database (Chromium's
  // database keeps the quota it found when it opened), with room to spare.
  await page.goto(app.url + 'manifest.webmanifest');
  const quota = await lowerQuota(page, 2 * 1024 * 1024);
  await page.goto(app.url + link(code));
  await page.locator('.progress').waitFor();
  // Taps made before the save worker runs are stored by the page.
  await page.waitForFunction(() => performance.getEntriesByName('stegvis:save-worker-ready').length);
  await page.locator('input[type=radio]').first().check();
  await page.locator('.survey-nav button[type=submit]').click();
  await page.locator('.progress', { hasText: 'Fråga 2' }).waitFor();
  await answerStored(page, code, 0);
  const before = await storedSurvey(page, code);
  assert.deepEqual(new Set(await committedBy(page)), new Set(['worker']), 'the save worker stored the taps');

  assert.equal(await fillDisk(page), 'QuotaExceededError', 'the browser itself refuses more');
  await page.locator('input[type=radio]').nth(1).click();
  await page.locator('.error', { hasText: 'Enheten är full. Stegvis kan inte spara något mer.' }).waitFor();
  assert.equal(await page.getByText('Svaret kunde inte sparas. Försök igen.').count(), 0, 'not the message for a passing failure');
  assert.match(await page.locator('.progress').innerText(), /Fråga 2/, 'the question stays');
  assert.deepEqual(await storedSurvey(page, code), before, 'what was stored is unchanged');

  // Room again (the filler removed): the same tap saves.
  await page.evaluate(() => new Promise((resolve) => { indexedDB.deleteDatabase('filler').onsuccess = resolve; }));
  await quota.lift();
  await page.locator('input[type=radio]').nth(1).check();
  await answerStored(page, code, 1);
  await context.close();
});

test('a full disk on a first visit: a page that says the device is full, before any answer', async () => {
  const context = await app.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(app.url + 'manifest.webmanifest');
  await lowerQuota(page, 0);
  await page.goto(app.url + '#/deltagare?spar=kaa&tid=intake');
  await page.locator('#code').fill(makeCode(614));
  await page.getByRole('button', { name: 'Börja' }).click();
  await page.locator('.startup-problem h1, .error:not(:empty)').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Enheten är full/);
  assert.doesNotMatch(text, /Svaret kunde inte sparas/);
  await context.close();
});

test('with site data blocked in the browser settings, both apps say so on a styled, accessible page', async () => {
  // A real Chromium profile with "Don't allow sites to save data": IndexedDB
  // refuses every open and localStorage throws a SecurityError.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stegvis-blocked-'));
  fs.mkdirSync(path.join(dir, 'Default'));
  fs.writeFileSync(
    path.join(dir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }),
  );
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
    viewport: PHONE,
    serviceWorkers: 'block',
  });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    assert.equal(
      await page.goto(app.url + 'manifest.webmanifest').then(() => page.evaluate(() => { try { localStorage.length; return 'readable'; } catch (e) { return e.name; } })),
      'SecurityError',
      'the profile really blocks site data',
    );
    for (const [hash, viewport] of [[link(makeCode(615)), PHONE], ['#/personal', TABLET]]) {
      await page.setViewportSize(viewport);
      await page.goto(app.url + hash);
      await page.locator('.startup-problem h1', { hasText: 'Stegvis får inte spara här' }).waitFor();
      assert.match(await page.locator('.startup-problem [role=alert]').innerText(), /webbplatsdata är blockerad i inställningarna/);
      assert.equal(await page.locator('main h1').count(), 1, 'one heading, no screen under it');
      const style = await page.locator('.startup-problem').evaluate((e) => getComputedStyle(e).paddingTop);
      assert.notEqual(style, '0px', 'styled, not bare text at the edge');
      await expectAccessible(page, `site data blocked ${hash}`);
    }
    assert.deepEqual(errors, [], 'nothing thrown past the app');
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('IndexedDB refused with a SecurityError (a sandboxed or blocked page): said once, under its heading', async () => {
  const context = await app.newContext({ viewport: PHONE });
  await context.addInitScript(() => {
    IDBFactory.prototype.open = function () { throw new DOMException('Access to the database is denied.', 'SecurityError'); };
  });
  const page = await context.newPage();
  await page.goto(app.url + link(makeCode(616)));
  await page.locator('.startup-problem h1', { hasText: 'Stegvis får inte spara här' }).waitFor();
  assert.equal(await page.getByText('Webbläsaren låter inte Stegvis spara något här.').count(), 1, 'the message once');
  assert.equal(await page.locator('main h1').count(), 1);
  await context.close();
});

test('without IndexedDB, or with a database from a newer version, the app says what to do', async () => {
  const context = await app.newContext({ viewport: PHONE });
  await context.addInitScript(() => {
    if (location.hash.includes('no-storage')) Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  const page = await context.newPage();
  await page.goto(app.url + '#/deltagare?no-storage');
  await page.locator('.startup-problem h1', { hasText: 'Stegvis får inte spara här' }).waitFor();
  await page.locator('.startup-problem', { hasText: 'Webbläsaren låter inte Stegvis spara något här.' }).waitFor();
  await page.close();

  // A newer version of the app has run here: the database's version is above
  // the app's, so the app's open is refused as too new.
  const holder = await context.newPage();
  await holder.goto(app.url + 'manifest.webmanifest');
  await holder.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('stegvis', 999);
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error('another connection holds the database'));
  }));
  await holder.close();
  const app2 = await context.newPage();
  await app2.goto(app.url + '#/deltagare');
  await app2.locator('.startup-problem', { hasText: 'En nyare version av Stegvis har använts här.' }).waitFor();
  await context.close();
});

test('an upgrade held up by a tab of an older version: said plainly, nothing lost, and it goes on once that tab closes', async () => {
  const context = await app.newContext({ viewport: PHONE });
  // The older version's tab: the schema of version 2, a record in it, and a
  // connection that stays open and ignores the request to close.
  const old = await context.newPage();
  await old.goto(app.url + 'manifest.webmanifest');
  await old.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('stegvis', 2);
    open.onupgradeneeded = () => {
      for (const name of ['participants', 'responses', 'assessments', 'keys', 'bundles', 'settings', 'surveys']) {
        open.result.createObjectStore(name, { keyPath: 'id' });
      }
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      window.oldTab = open.result;
      const tx = open.result.transaction('responses', 'readwrite');
      tx.objectStore('responses').put({ id: 'from-version-2', note: 'written by the older version' });
      tx.oncomplete = () => resolve();
    };
  }));

  const page = await context.newPage();
  await page.goto(app.url + '#/');
  await page.locator('.startup-problem', { hasText: 'Stegvis är öppet i en annan flik. Stäng den andra fliken och ladda om sidan.' }).waitFor();
  const versionSeenByOld = await old.evaluate(() => window.oldTab.version);
  assert.equal(versionSeenByOld, 2, 'nothing upgraded while the old tab holds the database');

  // The old tab closes: the upgrade runs, the app starts by itself, the record is kept.
  await old.evaluate(() => window.oldTab.close());
  await page.waitForFunction(() => !document.querySelector('.startup-problem') && document.querySelector('main h1'));
  const after = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('stegvis');
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction('responses').objectStore('responses').get('from-version-2');
      req.onsuccess = () => { db.close(); resolve({ version: db.version, stores: [...db.objectStoreNames], record: req.result }); };
    };
  }));
  assert.equal(after.version, 3);
  assert.ok(after.stores.includes('goals'));
  assert.deepEqual(after.record, { id: 'from-version-2', note: 'written by the older version' });
  await context.close();
});
