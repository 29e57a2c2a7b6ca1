// Signed bundles: a staff device exports, Node's `jose` (an independent JOSE
// implementation) verifies the file, the evaluator imports it, and bundles
// that are changed, foreign, repeated or huge are refused with a reason.
// A bundle signed by `jose` imports in Stegvis too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, truncate, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as jose from 'jose';
import { useApp, expectAccessible, chooseLanguage, unlockStaff, readStore, readStoredRaw, makeCode, waitForAsync, TABLET, PHONE } from './harness.mjs';
import { canonical, signBundle } from './bundles.mjs';

const app = useApp();
// The device check code: four groups of five digits (docs/bundle-format.md §1.1).
const CHECK_CODE = /^\d{5} \d{5} \d{5} \d{5}$/;

// The check code computed here, independently of the app, from a key's kid.
function checkCode(kid) {
  const n = BigInt('0x' + createHash('sha256').update(kid).digest('hex').slice(0, 20)) % 10n ** 20n;
  return n.toString().padStart(20, '0').match(/.{5}/g).join(' ');
}

async function staffBundle(page) {
  if (!(await page.locator('.staff-bar').count())) await unlockStaff(page);
  await page.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await page.locator('#enrol-age').selectOption('20');
  await page.locator('#enrol-consent').check();
  await page.getByRole('button', { name: 'Skriv in' }).click();
  const code = await page.locator('.code-display').getAttribute('data-code');
  await page.evaluate((c) => { location.hash = `#/personal/deltagare/${c}/bedomning/utfall/intake`; }, code);
  await page.locator('#rater').fill('AB');
  await page.locator('[data-item="forsorjning"]').getByLabel('Lön', { exact: true }).check();
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.locator('.timeline').waitFor();

  await page.evaluate(() => { location.hash = '#/personal/skicka'; });
  await page.locator('.device-fingerprint', { hasText: CHECK_CODE }).waitFor();
  await page.locator('#device-label').fill('Surfplatta 1');
  await page.getByRole('button', { name: 'Spara namnet' }).click();
  await page.getByRole('button', { name: 'Skapa filen' }).click();
  await page.locator('.export-ready').waitFor();
  assert.match(await page.locator('.export-ready').innerText(), /1 deltagare och 1 svar/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ladda ner filen' }).click();
  const file = await download;
  const name = file.suggestedFilename();
  assert.match(name, /^stegvis-surfplatta-1-\d{4}-\d\d-\d\d-1\.json$/);
  const text = await readFile(await file.path(), 'utf8');
  const fingerprint = await page.locator('.device-fingerprint').innerText();
  return { code, name, text, fingerprint };
}

test('a staff bundle verifies with jose, imports once, and changed or foreign files are refused', async () => {
  const staff = await app.open('#/personal', TABLET);
  const { code, name, text, fingerprint } = await staffBundle(staff);

  // Nothing new: no empty bundle is made.
  await staff.getByRole('button', { name: 'Skapa filen' }).click();
  await staff.locator('.error', { hasText: 'Det finns inget att skicka' }).waitFor();
  await expectAccessible(staff, 'export sv tablet');
  await staff.done();

  // An independent implementation checks the signature with the embedded key.
  const jws = JSON.parse(text);
  assert.deepEqual(Object.keys(jws).sort(), ['payload', 'protected', 'signature']);
  const { payload, protectedHeader } = await jose.flattenedVerify(jws, jose.EmbeddedJWK);
  assert.equal(protectedHeader.alg, 'EdDSA');
  assert.equal(protectedHeader.typ, 'stegvis-bundle+json');
  assert.equal(protectedHeader.kid, await jose.calculateJwkThumbprint(protectedHeader.jwk));
  const body = new TextDecoder().decode(payload);
  const data = JSON.parse(body);
  assert.equal(body, canonical(data), 'the payload is canonical JSON');
  assert.equal(data.format, 'stegvis-bundle');
  assert.equal(data.sequence, 1);
  assert.equal(data.previous, null);
  assert.equal(data.device.label, 'Surfplatta 1');
  assert.equal(data.device.kid, protectedHeader.kid);
  assert.deepEqual(data.participants.map((p) => p.id), [code]);
  assert.equal(data.assessments[0].rater, 'AB');
  assert.deepEqual(data.instruments.map((i) => i.id), ['utfall']);
  assert.match(fingerprint, CHECK_CODE);
  assert.equal(checkCode(protectedHeader.kid), fingerprint, 'the code shown is the one computed from the kid');

  const dir = tmpdir();
  const good = join(dir, name);
  await writeFile(good, text);
  const flipped = JSON.parse(text);
  flipped.signature = (flipped.signature[0] === 'A' ? 'B' : 'A') + flipped.signature.slice(1);
  const forged = join(dir, 'forged.json');
  await writeFile(forged, JSON.stringify(flipped));
  const csv = join(dir, 'svar.csv');
  await writeFile(csv, 'kod;svar\nABC;3\n');
  // 200 MB, sparse on disk: refused by its size before a byte is read.
  const huge = join(dir, 'huge.json');
  await writeFile(huge, '');
  await truncate(huge, 200 * 1024 * 1024);

  const evaluator = await app.open('#/utvarderare', TABLET);
  await evaluator.locator('#import-files').setInputFiles([good, forged, csv, huge]);
  const report = evaluator.locator('.import-report li');
  await report.nth(3).waitFor({ timeout: 20000 });
  // The report lists the newest first.
  const lines = (await report.allInnerTexts()).reverse();
  assert.match(lines[0], /Inläst från Surfplatta 1: 1 formulär med 1 svar\./);
  assert.ok(lines[0].includes(`kontrollkod ${fingerprint}`), lines[0]);
  assert.match(lines[1], /Underskriften stämmer inte/);
  assert.match(lines[2], /inte en fil från Stegvis/);
  assert.match(lines[3], /för stor/);
  // The page answers at once after the huge file.
  assert.equal(await evaluator.evaluate(() => 1 + 1), 2);
  const stored = await readStore(evaluator, 'bundles');
  const kinds = (prefix) => stored.filter((r) => r.id.startsWith(prefix)).length;
  assert.equal(kinds('imported:'), 1, 'only the good file is stored');
  assert.equal(kinds('fileindex:'), 1, 'and only its index');
  assert.equal(kinds('records:'), 1, 'and its records, kept for results');
  // The data itself: the participant with their age and the staff rating.
  const person = evaluator.locator(`.people tr[data-code="${code}"] td`);
  await person.first().waitFor();
  assert.deepEqual(await person.allInnerTexts(), [code, 'Grundskola', '', '20', '0', '1']);

  await evaluator.locator('#import-files').setInputFiles([good]);
  await evaluator.locator('.import-report li', { hasText: 'redan inläst' }).waitFor();
  await evaluator.locator('.device-keys li[data-trust="Unconfirmed"]').waitFor();
  const listed = await evaluator.locator('.device-keys li[data-trust="Unconfirmed"] .fingerprint').innerText();
  assert.equal(listed, fingerprint, 'the evaluator is shown the code the device shows');
  await evaluator.getByRole('button', { name: 'Koden stämmer' }).click();
  await evaluator.locator('.device-keys li[data-trust="Confirmed"]').waitFor();
  await expectAccessible(evaluator, 'evaluator import sv tablet');
  for (const [lang, viewport] of [['ar', TABLET], ['ar', PHONE]]) {
    await evaluator.setViewportSize(viewport);
    await chooseLanguage(evaluator, lang);
    await expectAccessible(evaluator, `evaluator import ${lang} ${viewport.width}`);
  }
  await evaluator.done();
  await Promise.all([good, forged, csv, huge].map((f) => rm(f)));
});

test('a bundle signed by jose imports in Stegvis', async () => {
  const staff = await app.open('#/personal', TABLET);
  const { text: exported } = await staffBundle(staff);
  await staff.done();
  const original = JSON.parse(new TextDecoder().decode(jose.base64url.decode(JSON.parse(exported).payload)));

  const key = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const text = await signBundle({ ...original, label: 'Nodnyckel' }, { key, sequence: 1, previous: null });
  const signed = JSON.parse(new TextDecoder().decode(jose.base64url.decode(JSON.parse(text).payload)));
  assert.deepEqual(signed.instruments, original.instruments, 'instrument definitions as the app writes them');
  const path = join(tmpdir(), 'from-jose.json');
  await writeFile(path, text);

  const evaluator = await app.open('#/utvarderare', TABLET);
  await evaluator.locator('#import-files').setInputFiles([path]);
  const line = evaluator.locator('.import-report li');
  await line.waitFor();
  assert.match(await line.innerText(), /Inläst från Nodnyckel: 1 formulär med \d+ svar\./);
  assert.match(await line.innerText(), /Ny enhet: Nodnyckel/);
  await evaluator.done();
  await rm(path);
});

test('a validly signed bundle carrying a personnummer or phone number is refused on import, nothing read', async () => {
  const staff = await app.open('#/personal', TABLET);
  const { text: exported } = await staffBundle(staff);
  await staff.done();
  const original = JSON.parse(new TextDecoder().decode(jose.base64url.decode(JSON.parse(exported).payload)));
  const key = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
  // Made by something other than this app: its own fields let these through.
  const files = [];
  for (const [name, contents] of [
    ['project.json', { ...original, label: 'Surfplatta 9', project: '200501012384' }],
    ['label.json', { ...original, label: 'Anna 070-123 45 67' }],
  ]) {
    const path = join(tmpdir(), `personal-data-${name}`);
    await writeFile(path, await signBundle(contents, { key, sequence: 1, previous: null }));
    files.push(path);
  }
  const evaluator = await app.open('#/utvarderare', TABLET);
  await evaluator.locator('#import-files').setInputFiles(files);
  const lines = evaluator.locator('.import-report li');
  await lines.nth(1).waitFor();
  for (const text of await lines.allInnerTexts()) {
    assert.match(text, /liknar ett personnummer, ett telefonnummer eller en e-postadress\. Inget har lästs in\./);
  }
  const stored = await readStore(evaluator, 'bundles');
  assert.equal(stored.filter((r) => /^(imported|file|fileindex|records|known|record):/.test(r.id)).length, 0, 'nothing stored');
  assert.deepEqual(await readStore(evaluator, 'responses'), []);
  await evaluator.done();
  await Promise.all(files.map((f) => rm(f)));
});

test("a participant's phone bundle reaches the evaluator inside an encrypted staff bundle, both signatures intact", async () => {
  // The evaluator makes a key pair and hands out the public key as a file.
  const evaluator = await app.open('#/utvarderare', TABLET);
  await evaluator.getByRole('button', { name: 'Skapa nyckel' }).click();
  await evaluator.locator('.own-key').waitFor();
  const keyDownload = evaluator.waitForEvent('download');
  await evaluator.getByRole('button', { name: 'Ladda ner den publika nyckeln' }).click();
  const keyFile = join(tmpdir(), (await keyDownload).suggestedFilename());
  await (await keyDownload).saveAs(keyFile);
  const publicKey = JSON.parse(await readFile(keyFile, 'utf8'));
  assert.deepEqual(Object.keys(publicKey).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'], 'no private part');
  const evaluatorCode = await evaluator.locator('.own-key').innerText();
  assert.match(evaluatorCode, CHECK_CODE);
  assert.equal(checkCode(publicKey.kid), evaluatorCode, "the evaluator key's code is computed from its kid");

  const staff = await app.open('#/personal', TABLET);
  await unlockStaff(staff);
  await staff.evaluate(() => { location.hash = '#/personal/deltagare'; });
  await staff.locator('#enrol-track').selectOption('kaa');
  await staff.locator('#enrol-age').selectOption('19');
  await staff.locator('#enrol-consent').check();
  await staff.getByRole('button', { name: 'Skriv in' }).click();
  const code = await staff.locator('.code-display').getAttribute('data-code');

  // The participant answers on their own phone and saves the signed file.
  const phone = await app.open(`#/deltagare?kod=${code}&spar=kaa&tid=intake`, PHONE);
  await phone.locator('.progress', { hasText: 'Fråga 1 av 8' }).waitFor();
  for (let n = 1; n <= 8; n++) {
    await phone.locator('.progress', { hasText: `Fråga ${n} av 8` }).waitFor();
    await phone.locator('.survey-nav button[type=submit]').click();
  }
  await phone.getByRole('button', { name: 'Skicka in' }).click();
  await expectAccessible(phone, 'send answers sv phone');
  const saved = phone.waitForEvent('download');
  await phone.getByRole('button', { name: 'Spara filen' }).click();
  const phoneFile = join(tmpdir(), (await saved).suggestedFilename());
  await (await saved).saveAs(phoneFile);
  await phone.locator('[role=status]', { hasText: 'Klart' }).waitFor();
  await phone.done();
  const phoneJws = JSON.parse(await readFile(phoneFile, 'utf8'));
  const inner = JSON.parse(new TextDecoder().decode((await jose.flattenedVerify(phoneJws, jose.EmbeddedJWK)).payload));
  assert.equal(inner.device.label, `Telefon ${code.slice(0, 3)}-${code.slice(3)}`);
  assert.equal(inner.responses.length, 3);

  // The staff device checks and keeps it; its answers show on the case.
  await staff.evaluate(() => { location.hash = '#/personal/skicka'; });
  await staff.locator('#receive-files').setInputFiles([phoneFile]);
  await staff.locator('.receive-status', { hasText: 'Mottagen: 3 svar' }).waitFor();
  await staff.locator('#receive-files').setInputFiles([phoneFile]);
  await staff.locator('.receive-status', { hasText: 'redan mottagen' }).waitFor();
  await staff.evaluate((c) => { location.hash = `#/personal/deltagare/${c}`; }, code);
  await staff.locator('[data-timepoint="intake"] [data-instrument="kaa-steg"][data-status="Done"]').waitFor();

  await staff.evaluate(() => { location.hash = '#/personal/skicka'; });
  await staff.locator('#recipient-key').setInputFiles([keyFile]);
  await staff.locator('.encrypt-state', { hasText: 'krypteras till utvärderarens nyckel' }).waitFor();
  await staff.locator('.device-fingerprint', { hasText: CHECK_CODE }).waitFor();
  assert.equal(await staff.locator('.encrypt-state .fingerprint').innerText(), evaluatorCode, "staff see the evaluator key's code");
  await staff.locator('#device-label').fill('Surfplatta 1');
  await staff.getByRole('button', { name: 'Spara namnet' }).click();
  await staff.getByRole('button', { name: 'Skapa filen' }).click();
  await staff.locator('.export-ready').waitFor();
  const download = staff.waitForEvent('download');
  await staff.getByRole('button', { name: 'Ladda ner filen' }).click();
  const staffFile = join(tmpdir(), (await download).suggestedFilename());
  await (await download).saveAs(staffFile);
  await staff.locator('.export-ready', { hasText: 'Filen är krypterad' }).waitFor();
  await staff.done();

  // On the way, the file is a JWE: nothing of the answers or the code is readable.
  const sealed = await readFile(staffFile, 'utf8');
  const jwe = JSON.parse(sealed);
  assert.deepEqual(Object.keys(jwe).sort(), ['ciphertext', 'encrypted_key', 'iv', 'protected', 'tag']);
  assert.deepEqual(jose.decodeProtectedHeader(jwe).alg, 'ECDH-ES+A256KW');
  assert.ok(!sealed.includes(code) && !sealed.includes(phoneJws.signature), 'nothing readable in transit');

  // A changed byte in the ciphertext cannot be opened; the right file opens, and both signatures hold.
  const broken = join(tmpdir(), 'broken-jwe.json');
  await writeFile(broken, JSON.stringify({ ...jwe, ciphertext: (jwe.ciphertext[0] === 'A' ? 'B' : 'A') + jwe.ciphertext.slice(1) }));
  await evaluator.locator('#import-files').setInputFiles([broken, staffFile]);
  const lines = evaluator.locator('.import-report li');
  await lines.nth(1).waitFor();
  // Newest first: the good file was picked after the broken one.
  assert.match(await lines.nth(1).innerText(), /går inte att öppna/);
  assert.match(await lines.nth(0).innerText(), /Inläst från Surfplatta 1: 3 formulär med \d+ svar\./);
  const person = evaluator.locator(`.people tr[data-code="${code}"] td`);
  await person.first().waitFor();
  assert.deepEqual(await person.allInnerTexts(), [code, 'KAA (utanför skolan)', '', '19', '3', '0']);
  // The file is kept as it was signed, apart from what is read for results.
  const stored = (await readStore(evaluator, 'bundles')).find((r) => r.id.startsWith('file:'));
  const outer = JSON.parse(stored.file);
  const body = JSON.parse(new TextDecoder().decode((await jose.flattenedVerify(outer, jose.EmbeddedJWK)).payload));
  assert.deepEqual(body.forwarded, [phoneJws], "the phone's bundle is carried byte for byte");
  assert.deepEqual(body.responses, [], 'the answers travel only in the phone bundle');
  await jose.flattenedVerify(body.forwarded[0], jose.EmbeddedJWK);
  await expectAccessible(evaluator, 'evaluator with key sv tablet');
  await evaluator.done();
  await Promise.all([phoneFile, staffFile, keyFile, broken].map((f) => rm(f)));
});

test('a staff bundle encrypted to a key made by jose decrypts with jose', async () => {
  const { publicKey, privateKey } = await jose.generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256' });
  const jwk = await jose.exportJWK(publicKey);
  const recipient = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: await jose.calculateJwkThumbprint(jwk), use: 'enc', alg: 'ECDH-ES+A256KW' };
  const keyFile = join(tmpdir(), 'jose-recipient.json');
  await writeFile(keyFile, JSON.stringify(recipient));

  const staff = await app.open('#/personal/skicka', TABLET);
  await unlockStaff(staff);
  await staff.locator('#recipient-key').setInputFiles([keyFile]);
  await staff.locator('.encrypt-state', { hasText: 'krypteras' }).waitFor();
  const { text } = await staffBundle(staff);
  await staff.done();
  const { plaintext, protectedHeader } = await jose.flattenedDecrypt(JSON.parse(text), privateKey);
  assert.equal(protectedHeader.enc, 'A256GCM');
  assert.equal(protectedHeader.kid, recipient.kid);
  const { payload } = await jose.flattenedVerify(JSON.parse(new TextDecoder().decode(plaintext)), jose.EmbeddedJWK);
  assert.equal(JSON.parse(new TextDecoder().decode(payload)).device.label, 'Surfplatta 1');
  await rm(keyFile);
});

test('a survey begun on an earlier version of its questionnaires is sent with that version, and the evaluator takes it', async () => {
  // The phone began the intake before an update raised the questionnaires'
  // versions (content/instruments/released/ keeps the earlier ones whole).
  const hashes = JSON.parse(readFileSync(new URL('../content/instrument-hashes.json', import.meta.url)));
  const code = makeCode(401);
  const phone = await app.open(`#/deltagare?kod=${code}&spar=kaa&tid=intake`, PHONE);
  await phone.locator('input[type=radio]').first().check();
  await phone.locator('.survey-nav button[type=submit]').click();
  await phone.locator('.progress', { hasText: 'Fråga 2 av 8' }).waitFor();
  await waitForAsync(phone, async () => {
    const open = await new Promise((resolve) => { const r = indexedDB.open('stegvis'); r.onsuccess = () => resolve(r.result); });
    const all = await new Promise((resolve) => { open.transaction('surveys').objectStore('surveys').getAll().onsuccess = (e) => resolve(e.target.result); });
    open.close();
    return all[0]?.answers.filter(Boolean).length === 1;
  });
  const [survey] = await readStoredRaw(phone, 'surveys');
  const earlier = survey.instruments.map((r) => ({ ...r, version: r.version - 1, hash: hashes[`${r.id}@${r.version - 1}`] }));
  assert.ok(earlier.every((r) => r.version >= 1 && r.hash), `an earlier version of ${survey.instruments.map((r) => r.id)} is recorded`);
  await phone.evaluate((instruments) => new Promise((resolve, reject) => {
    const open = indexedDB.open('stegvis');
    open.onsuccess = () => {
      const tx = open.result.transaction('surveys', 'readwrite');
      const store = tx.objectStore('surveys');
      store.getAll().onsuccess = (e) => { for (const s of e.target.result) store.put({ ...s, instruments }); };
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), earlier);
  // The update: the page loads again and the survey resumes where it was.
  await phone.reload();
  await phone.locator('.progress', { hasText: 'Fråga 2 av 8' }).waitFor();
  for (let n = 2; n <= 8; n++) {
    await phone.locator('.progress', { hasText: `Fråga ${n} av 8` }).waitFor();
    await phone.locator('.survey-nav button[type=submit]').click();
  }
  await phone.getByRole('button', { name: 'Skicka in' }).click();
  const saved = phone.waitForEvent('download');
  await phone.getByRole('button', { name: 'Spara filen' }).click();
  const file = join(tmpdir(), `earlier-${(await saved).suggestedFilename()}`);
  await (await saved).saveAs(file);
  await phone.locator('[role=status]', { hasText: 'Klart' }).waitFor();
  await phone.done();

  // Signed with the earlier version's own words.
  const jws = JSON.parse(await readFile(file, 'utf8'));
  const payload = JSON.parse(new TextDecoder().decode((await jose.flattenedVerify(jws, jose.EmbeddedJWK)).payload));
  const key = (r) => `${r.id}@${r.version}:${r.hash}`;
  assert.deepEqual(payload.responses.map((r) => key(r.instrument)).sort(), earlier.map(key).sort());
  assert.deepEqual(payload.instruments.map(key).sort(), earlier.map(key).sort(), 'the definitions of exactly those versions');
  for (const d of payload.instruments) {
    const whole = canonical({ source: d.source, translations: Object.fromEntries(Object.entries(d.translations)
      .map(([lang, t]) => [lang, Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'status'))])) });
    assert.equal(`sha256:${createHash('sha256').update(whole).digest('hex')}`, d.hash, `${d.id}@${d.version}: its files give its hash`);
  }

  // The evaluator's import accepts it as it accepts the shipped version.
  const evaluator = await app.open('#/utvarderare', TABLET);
  await evaluator.locator('#import-files').setInputFiles([file]);
  const line = evaluator.locator('.import-report li').first();
  await line.waitFor();
  assert.match(await line.innerText(), /Inläst från Telefon [^:]+: 3 formulär med \d+ svar\./);
  await evaluator.done();
  await rm(file);
});
