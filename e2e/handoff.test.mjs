// From a participant's phone to a staff tablet without a network: the phone
// shows its signed answers as QR codes, and the tablet's camera reads them.
// The camera is Chromium's fake camera, fed a video made of the phone's own
// QR codes as they appeared on its screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { useApp, makeCode, unlockStaff, answerAll, expectAccessible, readStore, chooseLanguage, PHONE, TABLET } from './harness.mjs';
import { enrol, openCase, row } from './staff.mjs';

const app = useApp();
const W = 640;
const H = 480;

/** A PNG as luminance, with its size. */
function luma(png) {
  const image = PNG.sync.read(png);
  const y = new Uint8Array(image.width * image.height);
  for (let i = 0; i < y.length; i++) {
    const [r, g, b] = [image.data[4 * i], image.data[4 * i + 1], image.data[4 * i + 2]];
    y[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { width: image.width, height: image.height, y };
}

/**
 * A Y4M video (what Chromium's fake camera plays, in a loop) of `images`,
 * each centred on white at 400 px and shown for `repeat` frames at 10 a second.
 */
function video(images, repeat = 4) {
  const side = 400;
  const frames = images.map(({ width, height, y }) => {
    const frame = Buffer.alloc(W * H + (W * H) / 2, 128);
    frame.fill(235, 0, W * H);
    const [x0, y0] = [(W - side) / 2, (H - side) / 2];
    for (let fy = 0; fy < side; fy++) {
      for (let fx = 0; fx < side; fx++) {
        const sx = Math.floor((fx * width) / side);
        const sy = Math.floor((fy * height) / side);
        frame[(y0 + fy) * W + x0 + fx] = y[sy * width + sx];
      }
    }
    return frame;
  });
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const frame of frames) {
    for (let r = 0; r < repeat; r++) parts.push(Buffer.from('FRAME\n'), frame);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stegvis-camera-')), 'phone.y4m');
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

/** Every QR code the phone cycles through, as shown on its screen, with its text. */
async function phoneCodes(phone) {
  const qr = phone.locator('svg.answer-qr');
  await qr.waitFor();
  const total = Number(await qr.getAttribute('data-parts'));
  const shots = new Map();
  while (shots.size < total) {
    const at = Number(await qr.getAttribute('data-part'));
    if (!shots.has(at)) {
      const png = await qr.screenshot();
      const image = luma(png);
      const found = jsQR(new Uint8ClampedArray(PNG.sync.read(png).data), image.width, image.height);
      // A screenshot taken as the code changed is taken again.
      if (found && Number(found.data.split('/')[1]) === at) shots.set(at, { image, text: found.data });
    }
    await phone.waitForTimeout(100);
  }
  return [...shots.entries()].sort((a, b) => a[0] - b[0]).map(([, shot]) => shot);
}

/** The staff tablet, its profile kept on disk so a later launch can use a camera. */
function tablet(profile, camera) {
  const args = ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream'];
  if (camera) args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`);
  return chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: TABLET, serviceWorkers: 'block' });
}

async function readWithCamera(profile, camera) {
  const context = await tablet(profile, camera);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.url + 'personal/#/personal/ta-emot');
  await unlockStaff(page);
  await page.getByRole('button', { name: 'Starta kameran' }).click();
  return { context, page, errors };
}

test("a phone's answers reach the tablet through QR codes read by its camera, signature verified, the same check code on both", async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stegvis-tablet-'));
  let context = await tablet(profile);
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto(app.url + 'personal/#/personal');
  await unlockStaff(page);
  const code = await enrol(page);
  await context.close();

  // The participant answers on their own phone and shows the answers.
  const phone = await app.open(`#/deltagare?kod=${code}&spar=kaa&tid=intake`, PHONE);
  await phone.locator('.progress').waitFor();
  await answerAll(phone);
  assert.match(await phone.locator('.done').innerText(), /De är inte skickade än/, 'the thank-you says nothing was sent');
  await phone.getByRole('button', { name: 'Visa svaren för personalen' }).click();
  const shots = await phoneCodes(phone);
  const phoneCheck = (await phone.locator('.confirmation').innerText()).match(/\d{4}/)[0];
  await expectAccessible(phone, 'answer codes sv phone');
  await phone.setViewportSize(TABLET);
  await expectAccessible(phone, 'answer codes sv tablet');
  await chooseLanguage(phone, 'ar');
  await expectAccessible(phone, 'answer codes ar tablet');
  await phone.setViewportSize(PHONE);
  await expectAccessible(phone, 'answer codes ar phone');
  await phone.done();
  assert.ok(shots.length >= 2, `the answers take several codes: ${shots.length}`);

  // The tablet reads them in the order the camera sees them: last first.
  const camera = video([...shots].reverse().map((s) => s.image));
  const reading = await readWithCamera(profile, camera);
  page = reading.page;
  await page.locator('.scan-done').waitFor({ timeout: 120_000 });
  assert.match(await page.locator('.scan-done h2').innerText(), /Svaren har kommit fram: \d+ svar\./);
  const tabletCheck = (await page.locator('.scan-done .confirmation').innerText()).match(/\d{4}/)[0];
  assert.equal(tabletCheck, phoneCheck, 'both screens show the same check code');
  await expectAccessible(page, 'received sv tablet');
  await page.setViewportSize(PHONE);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing wider than 360 px');
  await expectAccessible(page, 'received sv phone');
  await chooseLanguage(page, 'ar');
  await expectAccessible(page, 'received ar phone');
  await page.setViewportSize(TABLET);
  await expectAccessible(page, 'received ar tablet');
  await chooseLanguage(page, 'sv');
  const received = (await readStore(page, 'bundles')).filter((r) => r.id.startsWith('received:'));
  assert.equal(received.length, 1, 'kept as a received file, to travel on inside the next bundle');
  await openCase(page, code);
  assert.equal(await row(page, 'intake', 'kaa-steg').getAttribute('data-status'), 'Done', "on the participant's case");
  assert.deepEqual(reading.errors, []);
  await reading.context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

test('a tampered code sequence is refused and nothing is stored', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stegvis-tablet-'));
  const phone = await app.open(`#/deltagare?kod=${makeCode(901)}&spar=kaa&tid=intake`, PHONE);
  await phone.locator('.progress').waitFor();
  await answerAll(phone);
  await phone.getByRole('button', { name: 'Visa svaren för personalen' }).click();
  const shots = await phoneCodes(phone);
  await phone.done();
  // One character of one part's data changed, and the code drawn again.
  const texts = shots.map((s) => s.text);
  const i = texts.length - 1;
  const last = texts[i].at(-1);
  texts[i] = texts[i].slice(0, -1) + (last === 'A' ? 'B' : 'A');
  const images = await Promise.all(texts.map(async (t) => luma(await QRCode.toBuffer(t, { errorCorrectionLevel: 'M', margin: 4, scale: 4 }))));
  const reading = await readWithCamera(profile, video(images));
  const page = reading.page;
  await page.locator('[role=alert]', { hasText: 'Svaren kom inte fram hela. Inget har sparats.' }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('.scan-done').count(), 0);
  await expectAccessible(page, 'reading with the camera sv tablet');
  assert.deepEqual((await readStore(page, 'bundles')).filter((r) => r.id.startsWith('received:')), [], 'nothing stored');
  assert.deepEqual(await readStore(page, 'responses'), []);
  await page.getByRole('button', { name: 'Stäng kameran' }).click();
  assert.deepEqual(reading.errors, []);
  await reading.context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});
