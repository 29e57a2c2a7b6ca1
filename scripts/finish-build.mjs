// Trunk post-build hook (Trunk.toml): runs in the staging folder before it
// becomes dist/. It
// - writes sw.js from public/sw.js with the list of built files and a version
//   made from their contents, so the service worker precaches exactly this build;
// - adds a Content-Security-Policy to index.html that allows Trunk's one inline
//   start-up script by its SHA-256 hash, and nothing inline besides.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('finish-build: TRUNK_STAGING_DIR is not set (run it from trunk build)');

const indexPath = join(staging, 'index.html');
let html = await readFile(indexPath, 'utf8');
const scripts = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (scripts.length !== 1) throw new Error(`finish-build: expected one inline module script, found ${scripts.length}`);
const hash = createHash('sha256').update(scripts[0]).digest('base64');
const policy = [
  "default-src 'none'",
  // WebAssembly needs 'wasm-unsafe-eval'; JavaScript eval stays forbidden.
  `script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`,
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`);
await writeFile(indexPath, html);

const files = (await readdir(staging)).filter((f) => f !== 'sw.js').sort();
const version = createHash('sha256');
for (const f of files) version.update(f).update(await readFile(join(staging, f)));
const worker = (await readFile(new URL('../public/sw.js', import.meta.url), 'utf8'))
  .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('__FILES__', JSON.stringify(['./', ...files]));
await writeFile(join(staging, 'sw.js'), worker);
console.log(`finish-build: sw.js precaches ${files.length + 1} entries; CSP allows script sha256-${hash}`);
