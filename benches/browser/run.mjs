// Browser benchmark driver: serves bench.html + the built package (pkg/) + the competitors
// from node_modules, opens it in ONE headless Chromium (Debian's /usr/bin/chromium through
// playwright-core; never downloads a browser) and prints, per input set, the per-page median
// and p95, pages/s, MB/s of each engine and the throughput ratio.
//
// Inputs (from ../shared or $CLEAN_ARTICLE_SHARED): every corpus post + the seed ("posts"),
// the Zyte pages ("zyte") and the Chinese pages ("cwced"). Readability gets a post's HTML
// body (its front matter cut off outside the timing: it cannot read YAML); clean-article gets
// the whole post. MB/s always counts the whole input file.
//
// Usage: node benches/browser/run.mjs [--rounds N] [--sets posts,zyte,cwced] [--json FILE] [--pkg DIR]
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { launchChromium, median, option as opt, require, root, serve } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const rounds = Number(opt('rounds', process.env.BENCH_ROUNDS || 5));
const wantedSets = opt('sets', process.env.BENCH_SETS || 'posts,zyte,cwced').split(',');
const jsonOut = opt('json', join(root, 'target/bench-browser.json'));
// The built package to test (default pkg/, as scripts/build-wasm.sh writes it).
const pkgDir = resolve(opt('pkg', process.env.BENCH_PKG || join(root, 'pkg')));

const shared = process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared');
if (!existsSync(join(shared, 'corpus/expect.json'))) {
  console.log(`SKIPPED browser bench: shared data not found at ${shared} (set CLEAN_ARTICLE_SHARED)`);
  process.exit(0);
}
const wasmJs = join(pkgDir, 'clean_article.js');
if (!existsSync(wasmJs)) {
  console.error(`${wasmJs} not found: run bash scripts/build-wasm.sh first`);
  process.exit(1);
}

/** Every file under `dir` (iterative walk) ending with `ext` (any when empty), sorted. */
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

/** A post's HTML body: everything after a leading `---` front-matter block. */
function postBody(text) {
  const m = /^\uFEFF?\s*---\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

const items = [];
const add = (set, base, file, isPost) => {
  const buf = readFileSync(file);
  const input = buf.toString('utf8');
  items.push({ set, name: relative(base, file), bytes: buf.length, input, body: isPost ? postBody(input) : input });
};
if (wantedSets.includes('posts')) {
  for (const f of walk(join(shared, 'corpus/posts'), '')) add('posts', join(shared, 'corpus/posts'), f, true);
  for (const f of walk(join(shared, 'seeds'), '.txt')) add('posts', join(shared, 'seeds'), f, true);
}
for (const set of ['zyte', 'cwced']) {
  if (!wantedSets.includes(set)) continue;
  const base = join(shared, 'bench', set, 'html');
  for (const f of walk(base, '.html')) add(set, base, f, false);
}
const inputsJson = JSON.stringify(items);

// Static files; COOP/COEP make the page cross-origin isolated (finer performance.now()).
const routes = {
  '/': join(here, 'bench.html'),
  '/bench.js': join(here, 'bench.js'),
  '/vendor/Readability.js': require.resolve('@mozilla/readability/Readability.js'),
  '/vendor/purify.es.mjs': join(dirname(require.resolve('dompurify')), 'purify.es.mjs'),
};
const { base, close } = await serve((url) => {
  if (url === '/inputs.json') return { body: inputsJson, type: 'application/json' };
  if (routes[url]) return { file: routes[url] };
  return url.startsWith('/pkg/') && !url.includes('..') ? { file: join(pkgDir, url.slice(5)) } : null;
}, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' });
const browser = await launchChromium();
let out;
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.benchReady !== undefined);
  await page.evaluate(() => window.benchReady);
  out = await page.evaluate((cfg) => window.runBench(cfg), { rounds, minBlockMs: 2, maxReps: 200 });
  out.browserVersion = browser.version();
} finally {
  await browser.close();
  close();
}

// ---- report ----
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN; };
const engines = Object.keys(out.results);
const groups = [
  ['posts', (s) => s === 'posts'],
  ['zyte', (s) => s === 'zyte'],
  ['cwced', (s) => s === 'cwced'],
  ['pages', (s) => s === 'zyte' || s === 'cwced'],
];
console.log(`chromium ${out.browserVersion} (${out.userAgent.includes('Headless') ? 'headless' : 'headed'}), ` +
  `crossOriginIsolated=${out.crossOriginIsolated}, ${rounds} rounds; machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores`);
console.log('per page: median over rounds of ms per call; then median / p95 over pages; throughput = pages / sum of per-page medians');
console.log(`${'set'.padEnd(6)} ${'engine'.padEnd(22)} ${'pages'.padStart(5)} ${'MB'.padStart(7)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(9)} ${'pages/s'.padStart(9)} ${'MB/s'.padStart(7)} ${'errors'.padStart(6)}`);
const summary = {};
for (const [gname, inSet] of groups) {
  const idx = out.items.map((it, i) => (inSet(it.set) ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) continue;
  const mb = idx.reduce((a, i) => a + out.items[i].bytes, 0) / 1e6;
  summary[gname] = {};
  for (const e of engines) {
    const per = idx.map((i) => median(out.results[e][i].samples));
    const valid = per.filter((x) => Number.isFinite(x));
    const total = valid.reduce((a, b) => a + b, 0) / 1e3; // s
    const errors = idx.reduce((a, i) => a + out.results[e][i].errors, 0);
    const row = { pages: idx.length, mb, median: median(valid), p95: pct(valid, 95), pagesPerSec: valid.length / total, mbPerSec: mb / total, errors };
    summary[gname][e] = row;
    console.log(`${gname.padEnd(6)} ${e.padEnd(22)} ${String(idx.length).padStart(5)} ${mb.toFixed(2).padStart(7)} ${row.median.toFixed(3).padStart(10)} ${row.p95.toFixed(3).padStart(9)} ${row.pagesPerSec.toFixed(1).padStart(9)} ${row.mbPerSec.toFixed(2).padStart(7)} ${String(errors).padStart(6)}`);
  }
  const [a, b] = engines;
  const ratio = summary[gname][a].pagesPerSec / summary[gname][b].pagesPerSec;
  summary[gname].ratio = ratio;
  console.log(`${gname.padEnd(6)} ratio ${a} / ${b} throughput: ${ratio.toFixed(2)}x (goal >= 2x)`);
}
for (const e of engines) {
  const bad = out.results[e].map((r, i) => [r, out.items[i]]).filter(([r]) => r.errors);
  for (const [r, it] of bad.slice(0, 5)) console.log(`  ${e} failed on ${it.set}/${it.name}: ${r.lastError}`);
}
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify({ rounds, summary, raw: out }, null, 1));
console.log(`raw samples: ${relative(process.cwd(), jsonOut)}`);
