// Finishes a build in dist/ once both apps and the content are there
// (scripts/build.sh runs it last). It
// - names the participant's sending module (Trunk built it into send/ with
//   a page of its own, never opened) in the participant's index.html, as
//   <meta name="stegvis-send" content="<js> <wasm>">, and removes that page;
// - in a release build, minifies the JavaScript Trunk leaves as it is (each
//   app's wasm-bindgen glue, the save worker, the pages' inline scripts) with
//   terser, and renews the glue's integrity hash (Trunk itself minifies the
//   HTML and CSS, see Trunk.toml);
// - adds a Content-Security-Policy to each app's index.html that allows its
//   inline scripts (Trunk's start-up script, the participant app's route
//   script) by their SHA-256 hashes, and nothing inline besides;
// - writes sw.js from public/sw.js with the build's file lists and a version
//   made from their contents: the participant's files (precached on every
//   device) and the staff app's (cached once that app has opened on a device).
import { createHash } from 'node:crypto';
import { readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
const release = process.argv.includes('--release');
const STAFF = 'personal/';

/** `html` with `tag` right after its charset declaration (quoted or not). */
function afterCharset(html, tag) {
  const charset = /<meta charset="?utf-8"?>/;
  if (!charset.test(html)) throw new Error('finish-build: a page without <meta charset="utf-8">');
  return html.replace(charset, (found) => `${found}\n    ${tag}`);
}

/** The subresource integrity of `bytes`, as Trunk writes it. */
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(relative(dist, path).split(sep).join('/'));
  }
  return out.sort();
}

{
  const page = join(dist, 'send', 'index.html');
  const html = await readFile(page, 'utf8');
  // Quoted, or not once Trunk has minified the page.
  const js = html.match(/href="?\.\/([\w-]+\.js)[" >]/)?.[1];
  const wasm = html.match(/href="?\.\/([\w-]+_bg\.wasm)[" >]/)?.[1];
  if (!js || !wasm) throw new Error('finish-build: send/index.html names no module and wasm');
  const root = join(dist, 'index.html');
  const meta = `<meta name="stegvis-send" content="send/${js} send/${wasm}">`;
  await writeFile(root, afterCharset(await readFile(root, 'utf8'), meta));
  await unlink(page);
  console.log(`finish-build: the sending module is send/${js}`);
}

const PAGES = ['index.html', `${STAFF}index.html`];
// An inline script, quoted or not once Trunk has minified the page.
const INLINE = /<script( type="?module"?)?>([\s\S]*?)<\/script>/g;

if (release) {
  const terse = async (code, module) => (await minify(code, { module, format: { comments: false } })).code;
  for (const f of (await files(dist)).filter((f) => f.endsWith('.js') && f !== 'sw.js')) {
    const path = join(dist, f);
    const before = await readFile(path);
    // The save worker is a classic script; the glue files are modules.
    const after = await terse(before.toString('utf8'), !f.endsWith('save-worker.js'));
    await writeFile(path, after);
    // A page that loads it names it by a hash of its content.
    for (const page of PAGES) {
      const html = await readFile(join(dist, page), 'utf8');
      const old = integrity(before);
      if (html.includes(old)) await writeFile(join(dist, page), html.replaceAll(old, integrity(after)));
    }
  }
  for (const page of PAGES) {
    const path = join(dist, page);
    let html = await readFile(path, 'utf8');
    for (const [whole, type, code] of [...html.matchAll(INLINE)]) {
      const short = `<script${type ?? ''}>${await terse(code, Boolean(type))}</script>`;
      html = html.replace(whole, () => short);
    }
    await writeFile(path, html);
  }
}

for (const page of PAGES) {
  const path = join(dist, page);
  let html = await readFile(path, 'utf8');
  const scripts = [...html.matchAll(INLINE)].map((m) => m[2]);
  if (scripts.length < 1) throw new Error(`finish-build: ${page} has no inline start-up script`);
  const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  const policy = [
    "default-src 'none'",
    // WebAssembly needs 'wasm-unsafe-eval'; JavaScript eval stays forbidden.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  html = afterCharset(html, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
  await writeFile(path, html);
  console.log(`finish-build: ${page}: CSP allows ${hashes.length} inline script(s)`);
}

const all = (await files(dist)).filter((f) => f !== 'sw.js');
const version = createHash('sha256');
for (const f of all) version.update(f).update(await readFile(join(dist, f)));
// A folder's address stands for its index.html: both are cached.
const participant = ['./', ...all.filter((f) => !f.startsWith(STAFF))];
const staff = [STAFF, ...all.filter((f) => f.startsWith(STAFF))];
const worker = (await readFile(new URL('../public/sw.js', import.meta.url), 'utf8'))
  .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('__PARTICIPANT_FILES__', JSON.stringify(participant))
  .replace('__STAFF_FILES__', JSON.stringify(staff));
await writeFile(join(dist, 'sw.js'), worker);
console.log(`finish-build: sw.js precaches ${participant.length} participant entries, ${staff.length} staff entries`);
