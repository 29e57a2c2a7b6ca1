// What the wasm is made of, with twiggy (skipped when it is not installed).
// The shipped wasm has no names left after wasm-opt, so the crate shares come
// from cargo's own output for the same build (before wasm-bindgen and
// wasm-opt), which still has its function names.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const twiggy = (...args) => JSON.parse(execFileSync('twiggy', [...args, '-f', 'json'], { maxBuffer: 1 << 28 }));
const hasTwiggy = () => {
  try {
    execFileSync('twiggy', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The crate a symbol is attributed to: the first path it names (generic code goes to the crate of its trait). */
const crateOf = (name) => name.match(/([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/)?.[1] ?? 'other';

/**
 * twiggy of the `shipped` wasm, and the crate shares of cargo's `named`
 * output. `shippedAt` is when the shipped wasm was written: cargo writes the
 * named one before it, so a named file written later is another build's (a
 * build under way), and its shares are marked as not of this wasm.
 */
export function wasmReport(shipped, named, shippedAt) {
  if (!hasTwiggy()) return { skipped: 'twiggy is not installed' };
  const all = twiggy('top', shipped);
  const sum = (prefix) => all.filter((i) => i.name.startsWith(prefix)).reduce((n, i) => n + i.shallow_size, 0);
  const report = {
    file: shipped,
    sections: { code: sum('code['), data: sum('data['), total: all.reduce((n, i) => n + i.shallow_size, 0) },
    top: all.slice(0, 25),
  };
  if (existsSync(named)) {
    // Functions only: not data, nor the names, custom sections, exports and
    // descriptors that wasm-bindgen and wasm-opt remove.
    const code = twiggy('top', named).filter((i) => !/^("|custom section|data|export )|__wbindgen_describe/.test(i.name));
    const total = code.reduce((n, i) => n + i.shallow_size, 0);
    const crates = {};
    for (const i of code) crates[crateOf(i.name)] = (crates[crateOf(i.name)] ?? 0) + i.shallow_size;
    const modified = statSync(named).mtime;
    report.named = {
      file: named,
      modified: modified.toISOString(),
      of_another_build: shippedAt !== undefined && modified > shippedAt,
      code_bytes: total,
      crates: Object.entries(crates)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([crate, bytes]) => ({ crate, bytes, percent: (100 * bytes) / total })),
      top: code.slice(0, 25).map(({ name, shallow_size }) => ({ name, shallow_size })),
    };
  }
  return report;
}
