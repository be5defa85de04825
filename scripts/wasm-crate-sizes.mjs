// Where the bytes of the shipped .wasm are: each crate's code and the data section, raw and
// as their share of the gzip -9 size.
//
// Input: a build that still has its function names after wasm-opt (scripts/size.sh --crates
// makes one: the names build from scripts/build-wasm.sh, optimised with the shipped wasm-opt
// flags plus -g, so its code and data are the shipped ones). A crate's gzip share is its
// marginal cost: how much the gzipped module (code + data, no names) shrinks when that crate's
// function bodies are left out. Shares do not add up to the total: the rest is the context
// the parts share (and section headers), printed as its own row.
//
// The data section is split into html5ever's named character references
// (web_atoms::NAMED_ENTITIES, a phf map: displacements, the names, 16-byte entries), found by
// shape, and everything else (strings, tables, vtables, panic locations).
//
// Usage: node scripts/wasm-crate-sizes.mjs FILE.wasm [--functions N]
//   --functions N  also lists the N largest function bodies (raw bytes, crate, name), the
//                  place to look for a monomorph or an inlined helper that grew
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2];
const fnArg = process.argv.indexOf('--functions');
const topFunctions = fnArg > 0 ? Number(process.argv[fnArg + 1] ?? 40) : 0;
if (!file) {
  console.error('usage: node scripts/wasm-crate-sizes.mjs FILE.wasm  (see scripts/size.sh --crates)');
  process.exit(2);
}
const buf = readFileSync(file);
let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return result;
};
const str = () => { const n = u32(); const s = buf.toString('utf8', pos, pos + n); pos += n; return s; };

let importedFuncs = 0;
const bodies = []; // [start, end) of each defined function's body in buf
const names = new Map(); // function index -> name
const kept = []; // [start, end) of every non-custom section (what ships, minus nothing)
const segments = []; // { start, end, addr } of active data segments
while (pos < buf.length) {
  const sectionStart = pos;
  const id = buf[pos++];
  const size = u32();
  const end = pos + size;
  if (id !== 0) kept.push([sectionStart, end]);
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
    for (let n = u32(); n > 0; n--) { const len = u32(); bodies.push([pos, pos + len]); pos += len; }
  } else if (id === 11) { // data: active segments of memory 0 with an i32.const offset
    for (let n = u32(); n > 0; n--) {
      const flags = u32();
      let addr = 0;
      if (flags !== 1) {
        if (flags === 2) u32();
        pos++; // i32.const
        addr = u32(); // (small positive offsets: unsigned LEB reads them right)
        pos++; // end
      }
      const len = u32();
      segments.push({ start: pos, end: pos + len, addr });
      pos += len;
    }
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
// and `_<impl ...>` wrappers for the implementing type (else the trait's crate for `<f64 as
// core::fmt::Display>`, `<str>::...`).
const primitive = /^(&(mut )?)?(str|char|bool|[iuf](8|16|32|64|128|size)|\[.*\]|\(.*\))>?/;
function crateOf(name) {
  if (/^(cleanArticle|sanitize|isProbablyArticle|version)\b/.test(name)) return 'clean_article (inlined into the exports)';
  let s = name.replace(/^_?<(impl )?/, '').replace(/^&(mut )?/, '').replace(/^dyn /, '');
  if (primitive.test(s)) {
    const t = /^[^<]*? as ([A-Za-z_][A-Za-z0-9_]*)/.exec(s);
    return t ? (t[1] === '__rustc' ? 'std' : t[1]) : 'core';
  }
  s = s.replace(/^\[|^\(/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(s);
  if (m) return m[1] === '__rustc' ? 'std' : m[1];
  if (/^(__|wasm_bindgen|__wbg|__wbindgen)/.test(name)) return 'wasm_bindgen';
  if (/^(memcpy|memmove|memset|memcmp|bcmp|strlen)$/.test(name)) return 'compiler_builtins';
  if (/^(dlmalloc|malloc|free|realloc|calloc)/.test(name)) return 'dlmalloc';
  return '(unnamed)';
}

// html5ever's named character references: the longest run of entity-name bytes is the key
// blob; the entries are the longest run of 16-byte (name ptr, name len, code point, code point)
// records (most names point into the blob, a few at equal strings elsewhere); the phf
// displacements are the (u32, u32) pairs below the entry count right before the blob (where
// rustc places them; the map struct itself is folded into the code by LTO).
const entity = [];
for (const seg of segments) {
  const d = buf.subarray(seg.start, seg.end);
  let best = [0, 0];
  for (let i = 0, run = 0; i <= d.length; i++) {
    const c = d[i];
    const ok = i < d.length && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x3b);
    if (ok) run++;
    else { if (run > best[1] - best[0]) best = [i - run, i]; run = 0; }
  }
  if (best[1] - best[0] < 30000) continue;
  const at = (addr) => d.readUInt32LE(addr - seg.addr);
  // (The map also holds every prefix of every name, the empty one with a dangling pointer.)
  const isEntry = (a) => a + 16 <= seg.addr + d.length && at(a + 4) <= 40 &&
    (at(a + 4) === 0 || (at(a) >= seg.addr && at(a) < seg.addr + d.length)) &&
    at(a + 8) <= 0x10ffff && at(a + 12) <= 0x10ffff;
  let first = 0, count = 0;
  for (let a = seg.addr + ((4 - (seg.addr % 4)) % 4); a + 16 <= seg.addr + d.length; a += 4) {
    if (!isEntry(a)) continue;
    let n = 0;
    while (isEntry(a + 16 * n)) n++;
    if (n > count) { first = a; count = n; }
    a += 16 * n;
  }
  if (count < 1000) continue;
  entity.push([seg.start + best[0], seg.start + best[1]]);
  entity.push([seg.start + (first - seg.addr), seg.start + (first - seg.addr) + 16 * count]);
  let pairs = 0;
  while (best[0] - 8 * (pairs + 1) >= 0 && d.readUInt32LE(best[0] - 8 * (pairs + 1)) < count &&
    d.readUInt32LE(best[0] - 8 * (pairs + 1) + 4) < count) pairs++;
  if (pairs >= 100) entity.push([seg.start + best[0] - 8 * pairs, seg.start + best[0]]);
}

// gzip of the module's non-custom sections without the given byte ranges.
const gz = (without = []) => {
  const cut = without.slice().sort((a, b) => a[0] - b[0]);
  const parts = [];
  for (const [s, e] of kept) {
    let at = s;
    for (const [cs, ce] of cut) {
      if (ce <= at || cs >= e) continue;
      if (cs > at) parts.push(buf.subarray(at, cs));
      at = Math.max(at, ce);
    }
    if (at < e) parts.push(buf.subarray(at, e));
  }
  return gzipSync(Buffer.concat(parts), { level: 9 }).length;
};

const total = gz();
const byCrate = new Map();
bodies.forEach((range, i) => {
  const c = crateOf(names.get(i + importedFuncs) ?? '');
  if (!byCrate.has(c)) byCrate.set(c, []);
  byCrate.get(c).push(range);
});
const size = (ranges) => ranges.reduce((n, [s, e]) => n + e - s, 0);
const rows = [];
for (const [c, ranges] of byCrate) {
  const raw = size(ranges);
  if (raw < 1024) continue;
  rows.push([`code: ${c}`, raw, total - gz(ranges)]);
}
const dataRanges = segments.map((s) => [s.start, s.end]);
const entityRaw = size(entity);
if (entity.length) rows.push(['data: html5ever named character references', entityRaw, total - gz(entity)]);
const rest = [];
for (const [s, e] of dataRanges) {
  let at = s;
  for (const [es, ee] of entity.slice().sort((a, b) => a[0] - b[0])) {
    if (ee <= at || es >= e) continue;
    if (es > at) rest.push([at, es]);
    at = Math.max(at, ee);
  }
  if (at < e) rest.push([at, e]);
}
rows.push(['data: everything else', size(rest), total - gz(rest)]);
rows.sort((a, b) => b[2] - a[2]);
const kib = (n) => (n / 1024).toFixed(1).padStart(7);
const codeRaw = size(bodies);
console.log(`where the bytes are (${file}: code ${kib(codeRaw).trim()} KiB, data ${kib(size(dataRanges)).trim()} KiB raw; gzip -9 of code + data ${kib(total).trim()} KiB)`);
console.log(`  ${'part'.padEnd(52)} ${'raw KiB'.padStart(7)}  ${'gzip KiB'.padStart(8)}`);
let shares = 0;
for (const [label, raw, g] of rows) {
  shares += g;
  if (g < 512 && raw < 4096) continue;
  console.log(`  ${label.padEnd(52)} ${kib(raw)}  ${kib(g).padStart(8)}`);
}
const small = rows.filter(([, raw, g]) => g < 512 && raw < 4096);
if (small.length) {
  console.log(`  ${`code: ${small.length} more crates, each < 0.5 KiB gzip`.padEnd(52)} ${kib(small.reduce((n, r) => n + r[1], 0))}  ${kib(small.reduce((n, r) => n + r[2], 0)).padStart(8)}`);
}
console.log(`  ${'shared gzip context, section headers'.padEnd(52)} ${''.padStart(7)}  ${kib(total - shares).padStart(8)}`);
if (topFunctions > 0) {
  const fns = bodies.map(([s, e], i) => [e - s, names.get(i + importedFuncs) ?? `(function ${i + importedFuncs})`])
    .sort((a, b) => b[0] - a[0]).slice(0, topFunctions);
  console.log(`largest ${fns.length} function bodies (raw bytes):`);
  for (const [n, name] of fns) console.log(`  ${String(n).padStart(7)}  ${crateOf(name).padEnd(16).slice(0, 16)}  ${name.slice(0, 150)}`);
}
