// Bytes over the wire: each file compressed on its own, as a static host sends
// it, with gzip (level 9) and brotli (quality 11).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { extname, join } from 'node:path';

const KINDS = { '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html', '.json': 'json' };
export const kindOf = (file) => KINDS[extname(file)] ?? 'other';
const ZERO = { raw: 0, gzip: 0, brotli: 0 };
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

// By content: the same wasm is compressed once however often it is loaded (brotli 11 of 2 MB takes seconds).
const cache = new Map();
/** {raw, gzip, brotli} bytes of one body. */
export function bodyBytes(body) {
  const key = createHash('sha256').update(body).digest('hex');
  if (!cache.has(key)) {
    cache.set(key, {
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return cache.get(key);
}

/** {raw, gzip, brotli} bytes of one file. */
export const fileBytes = (path) => bodyBytes(readFileSync(realpathSync(path)));

/** Every file below `dir` (following links), as paths. */
export function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Bytes of a set of files by kind (wasm, js, css, html, json, other) and in total, with the files named. */
export function bytesByKind(paths, name = (p) => p) {
  const out = { files: {}, total: ZERO };
  for (const path of paths) {
    const b = fileBytes(path);
    out.files[name(path)] = b;
    out[kindOf(path)] = add(out[kindOf(path)] ?? ZERO, b);
    out.total = add(out.total, b);
  }
  return out;
}
