// Prints each crate's share of the .wasm code section, from the function names that the
// un-optimized build keeps (target/wasm-size/clean_article_bg.names.wasm, written by
// scripts/build-wasm.sh). Shares are of the pre-wasm-opt code; wasm-opt shrinks all of them.
// Usage: node scripts/wasm-crate-sizes.mjs [file.wasm]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'target/wasm-size/clean_article_bg.names.wasm';
const buf = readFileSync(file);
let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return result;
};
const str = () => { const n = u32(); const s = buf.toString('utf8', pos, pos + n); pos += n; return s; };

let importedFuncs = 0;
const bodies = []; // size of each defined function
const names = new Map(); // function index -> name
let dataBytes = 0;
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) { // imports: count function imports (kind 0)
    for (let n = u32(); n > 0; n--) {
      str(); str();
      const kind = buf[pos++];
      if (kind === 0) { u32(); importedFuncs++; }
      else if (kind === 1) { pos++; const f = buf[pos++]; u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = buf[pos++]; u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) { // code
    for (let n = u32(); n > 0; n--) { const len = u32(); bodies.push(len); pos += len; }
  } else if (id === 11) {
    dataBytes += size;
  } else if (id === 0) {
    const name = str();
    if (name === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const len = u32();
        const subEnd = pos + len;
        if (sub === 1) for (let n = u32(); n > 0; n--) { const idx = u32(); names.set(idx, str()); }
        pos = subEnd;
      }
    }
  }
  pos = end;
}
if (names.size === 0) {
  console.error(`${file} has no name section; cannot attribute code to crates`);
  process.exit(1);
}

// The crate of a demangled Rust symbol: the first path segment, looking inside `<T as Trait>`
// and `_<impl ...>` wrappers for the implementing type.
function crateOf(name) {
  let s = name.replace(/^_?<(impl )?/, '').replace(/^&(mut )?/, '').replace(/^dyn /, '');
  s = s.replace(/^\[|^\(/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(s);
  if (m) return m[1] === '__rustc' ? 'std' : m[1];
  if (/^(__|wasm_bindgen|__wbg|__wbindgen)/.test(name)) return 'wasm_bindgen';
  if (/^(memcpy|memmove|memset|memcmp|bcmp|strlen)$/.test(name)) return 'compiler_builtins';
  if (/^(dlmalloc|malloc|free|realloc|calloc)/.test(name)) return 'dlmalloc';
  return '(other)';
}

const total = bodies.reduce((a, b) => a + b, 0);
const byCrate = new Map();
bodies.forEach((len, i) => {
  const c = crateOf(names.get(i + importedFuncs) ?? '');
  byCrate.set(c, (byCrate.get(c) ?? 0) + len);
});
console.log(`code by crate (${file}: code ${(total / 1024).toFixed(1)} KiB, data ${(dataBytes / 1024).toFixed(1)} KiB, before wasm-opt)`);
for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1])) {
  if (n / total < 0.002) continue;
  console.log(`  ${c.padEnd(28)} ${(n / 1024).toFixed(1).padStart(7)} KiB  ${(100 * n / total).toFixed(1).padStart(5)} %`);
}
