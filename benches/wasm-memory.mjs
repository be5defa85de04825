// WASM memory flatness: calls cleanArticle on 10,000 articles (cycling through every corpus post,
// the seed, the Zyte and the Chinese pages of ../shared) in node, and prints the wasm linear
// memory (memory.buffer.byteLength) as it goes. Linear memory never shrinks, so it is a
// high-water mark: after one warm-up pass over all inputs (which sets the peak a large page
// needs) it must not grow any more. Prints FLAT or GREW; `--strict` exits 1 when it grew.
//
// Usage: node benches/wasm-memory.mjs [--articles N] [--strict] [--pkg DIR]   (build pkg/ first)
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ai = args.indexOf('--articles');
const articles = ai >= 0 ? Number(args[ai + 1]) : 10000;
const strict = args.includes('--strict');

const shared = process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared');
if (!existsSync(join(shared, 'corpus/expect.json'))) {
  console.log(`SKIPPED wasm memory check: shared data not found at ${shared} (set CLEAN_ARTICLE_SHARED)`);
  process.exit(0);
}
const pi = args.indexOf('--pkg');
const pkgDir = resolve(pi >= 0 ? args[pi + 1] : process.env.BENCH_PKG || join(root, 'pkg'));
const glue = join(pkgDir, 'clean_article.js');
if (!existsSync(glue)) {
  console.error(`${glue} not found: run bash scripts/build-wasm.sh first`);
  process.exit(1);
}

function walk(dir, ext) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    if (!existsSync(d)) continue;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (!ext || p.endsWith(ext)) out.push(p);
    }
  }
  return out.sort();
}
const files = [
  ...walk(join(shared, 'corpus/posts'), ''),
  ...walk(join(shared, 'seeds'), '.txt'),
  ...walk(join(shared, 'bench/zyte/html'), '.html'),
  ...walk(join(shared, 'bench/cwced/html'), '.html'),
];
const inputs = files.map((f) => readFileSync(f, 'utf8'));
const totalMb = inputs.reduce((a, s) => a + Buffer.byteLength(s), 0) / 1e6;

const mod = await import(pathToFileURL(glue).href);
const wasm = mod.initSync({ module: readFileSync(join(pkgDir, 'clean_article_bg.wasm')) });
const memory = wasm.memory;
const mib = (n) => (n / 1048576).toFixed(2) + ' MiB';

console.log(`${inputs.length} distinct inputs (${totalMb.toFixed(1)} MB), ${articles} articles; node ${process.version}`);
console.log(`after init: ${mib(memory.buffer.byteLength)}`);
let errors = 0;
let afterWarmup = 0;
const warmup = Math.min(inputs.length, articles);
const t0 = performance.now();
const every = Math.max(1, Math.round(articles / 10));
for (let i = 0; i < articles; i++) {
  try {
    const a = mod.cleanArticle(inputs[i % inputs.length]);
    if (typeof a.html !== 'string') errors++;
  } catch {
    errors++;
  }
  if (i + 1 === warmup) {
    afterWarmup = memory.buffer.byteLength;
    console.log(`after warm-up (${warmup} articles, one pass over every input): ${mib(afterWarmup)}`);
  }
  if ((i + 1) % every === 0) {
    console.log(`after ${String(i + 1).padStart(6)} articles: ${mib(memory.buffer.byteLength)}`);
  }
}
const secs = (performance.now() - t0) / 1e3;
const end = memory.buffer.byteLength;
const grew = end > afterWarmup;
console.log(`end: ${mib(end)}; growth after warm-up: ${mib(end - afterWarmup)} -> ${grew ? 'GREW' : 'FLAT'}` +
  ` (${errors} errors, ${(articles / secs).toFixed(0)} articles/s in node)`);
if (grew && strict) process.exit(1);
