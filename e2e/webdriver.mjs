// Two browser engines besides Chromium, driven by their own protocols with
// no test library: WebKitGTK (Safari's engine) through WebKitWebDriver's
// classic W3C WebDriver over HTTP, under Xvfb, and Firefox ESR through
// WebDriver BiDi over a WebSocket (the `ws` that playwright-core bundles;
// Node 20 has no WebSocket of its own). Both give the same small page
// interface, so a test is one piece of code run in each engine.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ws as WebSocket } from 'playwright-core/lib/utilsBundle';

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const FIREFOX = '/usr/bin/firefox-esr';

/** A phone-sized window (WebKitGTK's MiniBrowser window is at least about 450 px wide). */
const PHONE = { width: 360, height: 740 };

/** How long one protocol command may take before the test says which one hung. */
const COMMAND_TIMEOUT = 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a process in its own process group, so `stop` ends it and whatever
 * it started (MiniBrowser and its web processes, Firefox's content processes).
 */
function start(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk) => { output = (output + chunk).slice(-20_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Polls `probe` until it gives a truthy value. */
async function until(probe, timeout, what) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${timeout} ms${last ? ` (${last.message})` : ''}`);
    await sleep(100);
  }
}

/**
 * An X server for WebKitGTK, on a display number Xvfb picks itself as free
 * (-displayfd writes it back once the server accepts connections).
 */
export async function startXvfb() {
  const xvfb = start('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp']);
  const number = await until(() => /^(\d+)\n/.exec(xvfb.output())?.[1], 15_000, `Xvfb: ${xvfb.output()}`);
  return { display: `:${number}`, close: () => xvfb.stop() };
}

// A function run in the page: the first element matching `css` whose text is
// `text` (any text when null), or null.
const FIND = (css, text) => {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  for (const el of document.querySelectorAll(css)) {
    if (text === null || norm(el.textContent) === text) return el;
  }
  return null;
};

// Installed in the page after each load under classic WebDriver, which has no
// event for them: uncaught errors, unhandled rejections and console.error.
const COLLECT_ERRORS = () => {
  if (window.__stegvisErrors) return;
  const errors = (window.__stegvisErrors = []);
  addEventListener('error', (e) => errors.push(`uncaught: ${e.message}${e.filename ? ` at ${e.filename}:${e.lineno}` : ''}`));
  addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${e.reason}`));
  const original = console.error;
  console.error = (...args) => {
    errors.push(`console.error: ${args.map(String).join(' ')}`);
    original.apply(console, args);
  };
};
const TAKE_ERRORS = () => (window.__stegvisErrors ?? []).splice(0);

/**
 * The page interface the test uses, on top of an engine's few primitives:
 * `call(fn, ...args)` runs fn in the page and gives back its JSON value,
 * `element(fn, ...args)` gives a handle on the element fn returns (or null),
 * `clickElement`, `typeInto`, `navigate`, `refresh`, `errors`, `quit`.
 */
class Page {
  constructor(engine) {
    this.engine = engine;
    this.name = engine.name;
  }

  open(url) { return this.engine.navigate(url); }
  reload() { return this.engine.refresh(); }
  close() { return this.engine.quit(); }
  /** Console errors and uncaught exceptions seen so far. */
  errors() { return this.engine.errors(); }
  eval(fn, ...args) { return this.engine.call(fn, ...args); }

  /** Waits for an element matching `css` (with exactly `text`, if given). */
  async waitFor(css, { text = null, timeout = 30_000 } = {}) {
    const what = text === null ? css : `${css} "${text}"`;
    return until(() => this.engine.element(FIND, css, text), timeout, `waiting for ${what}`);
  }

  /** Waits until `fn`, run in the page with `args`, gives a truthy value (`what` names it in a failure). */
  async waitUntil(what, fn, ...args) {
    return until(() => this.engine.call(fn, ...args), 30_000, `waiting until ${what}`);
  }

  /** The text of the first element matching `css`, or null. */
  text(css) {
    return this.engine.call((c) => document.querySelector(c)?.textContent.replace(/\s+/g, ' ').trim() ?? null, css);
  }

  /** Waits until the element's text is `text`. */
  async waitForText(css, text, { timeout = 30_000 } = {}) {
    let seen;
    await until(async () => (seen = await this.text(css)) === text, timeout, `waiting for ${css} to read "${text}" (it reads "${seen}")`);
  }

  /**
   * Clicks the element as a person would (real pointer input), found again
   * if the app re-rendered it between finding and clicking.
   */
  async click(css, { text = null, timeout = 30_000 } = {}) {
    const what = text === null ? css : `${css} "${text}"`;
    await until(async () => {
      const handle = await this.engine.element(FIND, css, text);
      if (!handle) return false;
      await this.engine.clickElement(handle);
      return true;
    }, timeout, `clicking ${what}`);
  }

  /** Types into a field with key input. */
  async type(css, value, { timeout = 30_000 } = {}) {
    const handle = await this.waitFor(css, { timeout });
    await this.engine.typeInto(handle, value);
  }
}

// ---------------------------------------------------------------- WebKitGTK

/** MiniBrowser under WebKitWebDriver on `display`, a phone-sized window. */
export async function webkit({ display }) {
  const port = await freePort();
  const driver = start(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: display } });
  const base = `http://127.0.0.1:${port}`;
  const send = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(COMMAND_TIMEOUT),
    }).catch((e) => {
      throw new Error(`WebDriver ${method} ${path}: ${e.name === 'TimeoutError' ? `no answer in ${COMMAND_TIMEOUT} ms` : e.message}`);
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  };
  try {
    await until(async () => (await send('GET', '/status')).ready, 15_000, `WebKitWebDriver on ${port}: ${driver.output()}`);
    const session = await send('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    const s = `/session/${session.sessionId}`;
    await send('POST', `${s}/window/rect`, PHONE);
    const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
    const script = (fn) => `return (${fn}).apply(null, arguments);`;
    const seen = [];
    const call = (fn, ...args) => send('POST', `${s}/execute/sync`, { script: script(fn), args });
    const collect = async () => seen.push(...(await call(TAKE_ERRORS).catch(() => [])));
    const engine = {
      name: `WebKitGTK ${session.capabilities.browserVersion}`,
      call,
      async element(fn, ...args) {
        const value = await call(fn, ...args);
        return value?.[ELEMENT] ?? null;
      },
      clickElement: (id) => send('POST', `${s}/element/${id}/click`, {}),
      typeInto: (id, text) => send('POST', `${s}/element/${id}/value`, { text }),
      async navigate(url) {
        await collect();
        await send('POST', `${s}/url`, { url });
        await call(COLLECT_ERRORS);
      },
      async refresh() {
        await collect();
        await send('POST', `${s}/refresh`, {});
        await call(COLLECT_ERRORS);
      },
      async errors() {
        await collect();
        return [...seen];
      },
      async quit() {
        await send('DELETE', s).catch(() => {});
        await driver.stop();
      },
    };
    return new Page(engine);
  } catch (e) {
    await driver.stop();
    throw e;
  }
}

// -------------------------------------------------------------- Firefox ESR

// Quiet, fast start in a fresh profile: no first-run pages, no updates, no
// calls home. The remote agent adds its own recommended preferences on top.
const FIREFOX_PREFS = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'app.normandy.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'extensions.update.enabled': false,
};

/** Headless Firefox ESR in a fresh profile, driven over WebDriver BiDi. */
export async function firefox() {
  const profile = mkdtempSync(join(tmpdir(), 'stegvis-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(FIREFOX_PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''),
  );
  const browser = start(FIREFOX, ['--headless', '--no-remote', '--remote-debugging-port=0', '--profile', profile, 'about:blank'], {
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  let socket;
  const cleanup = async () => {
    socket?.terminate();
    await browser.stop();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const url = await until(
      () => /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(browser.output())?.[1],
      30_000,
      `Firefox's WebDriver BiDi server: ${browser.output()}`,
    );
    socket = new WebSocket(`${url}/session`, { perMessageDeflate: false });
    await once(socket, 'open');
    let nextId = 0;
    const pending = new Map();
    const seen = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'event') {
        if (message.method === 'log.entryAdded') {
          const e = message.params;
          if (e.type === 'javascript') seen.push(`uncaught: ${e.text}`);
          else if (e.level === 'error') seen.push(`console.error: ${e.text}`);
        }
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.type === 'success') waiter.resolve(message.result);
      else waiter.reject(new Error(`BiDi ${waiter.method}: ${message.error}: ${message.message}`));
    });
    socket.on('close', () => {
      for (const w of pending.values()) w.reject(new Error(`BiDi ${w.method}: the connection closed`));
      pending.clear();
    });
    const send = (method, params = {}) => new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`BiDi ${method}: no answer in ${COMMAND_TIMEOUT} ms`));
      }, COMMAND_TIMEOUT);
      const done = (f) => (v) => { clearTimeout(timer); f(v); };
      pending.set(id, { resolve: done(resolve), reject: done(reject), method });
      socket.send(JSON.stringify({ id, method, params }));
    });

    const session = await send('session.new', { capabilities: {} });
    await send('session.subscribe', { events: ['log.entryAdded'] });
    const { contexts } = await send('browsingContext.getTree', { maxDepth: 0 });
    const context = contexts[0].context;
    await send('browsingContext.setViewport', { context, viewport: PHONE });

    // The function's text goes into the declaration BiDi compiles (no eval in
    // the page, which its CSP forbids), its arguments and value as JSON text.
    const callFunction = async (declaration, args) => {
      const result = await send('script.callFunction', {
        functionDeclaration: declaration,
        target: { context },
        arguments: [{ type: 'string', value: JSON.stringify(args) }],
        awaitPromise: true,
        resultOwnership: 'none',
      });
      if (result.type === 'exception') throw new Error(`in the page: ${result.exceptionDetails.text}`);
      return result.result;
    };
    const jsonCall = (fn) => `async (args) => JSON.stringify((await (${fn})(...JSON.parse(args))) ?? null)`;
    const nodeCall = (fn) => `(args) => (${fn})(...JSON.parse(args))`;
    const engine = {
      name: `Firefox ESR ${session.capabilities.browserVersion}`,
      call: async (fn, ...args) => JSON.parse((await callFunction(jsonCall(fn), args)).value),
      async element(fn, ...args) {
        const value = await callFunction(nodeCall(fn), args);
        return value.type === 'node' ? value.sharedId : null;
      },
      async clickElement(sharedId) {
        // BiDi does not scroll for pointer input: bring the element into view first.
        await send('script.callFunction', {
          functionDeclaration: '(el) => el.scrollIntoView({ block: "center", inline: "center" })',
          target: { context },
          arguments: [{ sharedId }],
          awaitPromise: false,
        });
        await send('input.performActions', {
          context,
          actions: [{
            type: 'pointer',
            id: 'finger',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          }],
        });
        await send('input.releaseActions', { context });
      },
      async typeInto(sharedId, text) {
        await this.clickElement(sharedId);
        await send('input.performActions', {
          context,
          actions: [{
            type: 'key',
            id: 'keyboard',
            actions: [...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]),
          }],
        });
        await send('input.releaseActions', { context });
      },
      navigate: (to) => send('browsingContext.navigate', { context, url: to, wait: 'complete' }),
      refresh: () => send('browsingContext.reload', { context, wait: 'complete' }),
      errors: async () => [...seen],
      async quit() {
        let timer;
        await Promise.race([
          send('browser.close').catch(() => {}),
          new Promise((resolve) => { timer = setTimeout(resolve, 5_000); }),
        ]);
        clearTimeout(timer);
        await cleanup();
      },
    };
    return new Page(engine);
  } catch (e) {
    await cleanup();
    throw e;
  }
}
