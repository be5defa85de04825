// What V8's optimizing tier does to the first articles a fresh page cleans, measured in Node
// (V8, as in Chromium) where the engine's flags can be set: each configuration runs in fresh
// processes that initialize the package and clean one page repeatedly, and prints the medians of
// the first call, of the first ten calls together, and of calls 21-30 (by then the hot functions
// are optimized). Configurations:
//   default             V8 as shipped: lazy baseline (Liftoff) compilation, then dynamic tier-up:
//                       a hot function is recompiled by TurboFan on V8's background threads
//   --liftoff-only      no optimizing tier at all
//   --v8-pool-size=1    the optimizing compiler gets one background thread
//   --single-threaded   it runs on the main thread, in the middle of the call that triggered it
// A page can set none of these; they show where the first articles' time goes (docs/performance.md,
// Cold start). It checks nothing.
//
// Usage: node benches/tier-up.mjs [--runs 7] [--pkg pkg] [--page FILE.html]
// The page: --page, else the median-sized Zyte page of ../shared (CLEAN_ARTICLE_SHARED), else a
// generated page of our own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, option as opt, root } from './browser/common.mjs';

const args = process.argv.slice(2);
const pkgDir = resolve(root, opt('pkg', 'pkg'));

if (args[0] === '--child') {
  // One fresh V8: initialize, then 30 calls on the page; prints the 30 times as JSON.
  const { default: init, cleanArticleTree } = await import(pathToFileURL(join(pkgDir, 'clean_article.js')).href);
  await init({ module_or_path: readFileSync(join(pkgDir, 'clean_article_bg.wasm')) });
  const html = readFileSync(/** @type {string} */ (opt('input', '')), 'utf8');
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    cleanArticleTree(html, null);
    times.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify(times));
  process.exit(0);
}

if (!existsSync(join(pkgDir, 'clean_article_bg.wasm'))) {
  console.error(`${pkgDir}/clean_article_bg.wasm not found: run bash scripts/build-wasm.sh`);
  process.exit(1);
}

/** The page to clean: its name and file. */
function page() {
  const given = opt('page', '');
  if (given) return { name: given, file: resolve(given) };
  const dir = join(process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared'), 'bench/zyte/html');
  if (existsSync(dir)) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'))
      .map((f) => ({ f, size: statSync(join(dir, f)).size })).sort((a, b) => a.size - b.size);
    const mid = files[Math.floor(files.length / 2)];
    if (mid) return { name: `zyte/${mid.f} (median size)`, file: join(dir, mid.f) };
  }
  const para = (/** @type {number} */ i) => `<p>Paragraph ${i} of a generated article: it has enough words, ` +
    'commas, and sentences to count as prose. A second sentence makes it longer, so extraction keeps it.</p>';
  const file = join(root, 'target', 'tier-up-page.html');
  mkdirSync(join(root, 'target'), { recursive: true });
  const body = Array.from({ length: 300 }, (_, i) => para(i)).join('\n');
  const html = `<!doctype html><html><head><title>Generated article</title></head><body><nav><a href="/">Home</a></nav>
<main><article><h1>Generated article</h1>${body}</article></main><footer>Copyright</footer></body></html>`;
  writeFileSync(file, html);
  return { name: 'generated page (no ../shared)', file };
}

const runs = Number(opt('runs', '7'));
const input = page();
const configs = [[], ['--liftoff-only'], ['--v8-pool-size=1'], ['--single-threaded']];
/** @type {number[][][]} */
const results = configs.map(() => []);
for (let r = 0; r < runs; r++) {
  // Alternate the order, so that a slow stretch of the machine hits every configuration.
  const order = r % 2 ? [...configs.keys()].reverse() : [...configs.keys()];
  for (const c of order) {
    const out = execFileSync(process.execPath, [...configs[c], fileURLToPath(import.meta.url), '--child',
      '--pkg', pkgDir, '--input', input.file], { encoding: 'utf8' });
    results[c].push(JSON.parse(out));
  }
}
const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);
console.log(`tier-up: ${runs} fresh Node ${process.version} processes per configuration; page ${input.name}`);
console.log(`${'configuration'.padEnd(20)} ${'1st call'.padStart(9)} ${'calls 1-10'.padStart(11)} ${'calls 21-30, each'.padStart(18)}   (medians, ms)`);
configs.forEach((flags, c) => {
  const rs = results[c];
  const first = median(rs.map((t) => t[0]));
  const ten = median(rs.map((t) => sum(t.slice(0, 10))));
  const late = median(rs.flatMap((t) => t.slice(20)));
  console.log(`${(flags[0] ?? 'default').padEnd(20)} ${first.toFixed(1).padStart(9)} ${ten.toFixed(1).padStart(11)} ${late.toFixed(2).padStart(18)}`);
});
