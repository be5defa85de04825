// Cold start: in one cold page load (a fresh browser context each time, nothing cached), how long
// after navigation start the first article reaches the DOM, for
//   clean-article: a page with <clean-article src="article.html"> (the package's element, as the
//                  README tells users to load it: the module plus a preload of the .wasm), and
//   Readability.js + DOMPurify: the same page fetched, parsed with DOMParser, extracted, sanitized
//                  and inserted with innerHTML.
// Both pages mark performance.now() right after the article's HTML is inserted. Prints the median
// and spread of N loads per engine (alternating), and the difference of the medians (goal: within
// 15 ms). Headless Debian Chromium through playwright-core; nothing is downloaded.
//
// Usage: node benches/browser/cold-start.mjs [--loads 10] [--pkg pkg] [--page FILE.html]
//          [--js-flags '--liftoff-only ...'] (V8 flags, to see where the time goes; never for the goal)
//          [--trace DIR] (then one traced cold load of each page: DIR/<page>.json, Chrome trace format)
// The page: --page, else the median-sized Zyte page of ../shared (CLEAN_ARTICLE_SHARED), else a
// generated page of our own.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { launchChromium, median, option as opt, pkgFile, require, root, serve } from './common.mjs';

const loads = Number(opt('loads', 10));
const pkgDir = resolve(root, opt('pkg', 'pkg'));
if (!existsSync(join(pkgDir, 'element.js'))) {
  console.error(`${pkgDir}/element.js not found: run bash scripts/build-wasm.sh`);
  process.exit(1);
}

/** The article page both engines get. */
function articlePage() {
  const given = opt('page', null);
  if (given) return { name: given, html: readFileSync(given, 'utf8') };
  const dir = join(process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared'), 'bench/zyte/html');
  if (existsSync(dir)) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'))
      .map((f) => ({ f, size: statSync(join(dir, f)).size })).sort((a, b) => a.size - b.size);
    const mid = files[Math.floor(files.length / 2)];
    if (mid) return { name: `zyte/${mid.f} (median size)`, html: readFileSync(join(dir, mid.f), 'utf8') };
  }
  const para = (i) => `<p>Paragraph ${i} of a generated article: it has enough words, commas, and sentences to count as prose. ` +
    'A second sentence makes it longer, so extraction keeps it.</p>';
  const body = Array.from({ length: 40 }, (_, i) => para(i)).join('\n');
  return { name: 'generated page (no ../shared)', html: `<!doctype html><html><head><title>Generated article</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><main><article><h1>Generated article</h1>${body}</article></main>
<footer>Copyright, links, <a href="/about">about</a></footer></body></html>` };
}
const article = articlePage();

/**
 * Where clean-article's time goes: the module and the article in parallel, then the same
 * article cleaned three times (the first call compiles what it runs: WebAssembly functions are
 * compiled lazily, first by the baseline compiler), timed one by one; with `warm`, after the
 * package's warm-up (init.js: a small page cleaned first), timed too.
 * @param {boolean} warm
 */
function breakdownPage(warm) {
  return `<!doctype html><meta charset="utf-8"><title>breakdown${warm ? ', warmed up' : ''}</title>
<link rel="preload" href="/pkg/clean_article_bg.wasm" as="fetch" type="application/wasm" crossorigin>
<script type="module">
import { cleanArticleTree } from '/pkg/clean_article.js';
import { initOnce, warmUp } from '/pkg/init.js';
const [, text] = await Promise.all([initOnce(), fetch('/article.html').then((r) => r.text())]);
const ready = performance.now();
const w = performance.now(); ${warm ? 'warmUp();' : ''} const warm = performance.now() - w;
const calls = [];
for (let i = 0; i < 3; i++) { const t = performance.now(); cleanArticleTree(text); calls.push(performance.now() - t); }
window.__parts = { ready, calls, warm };
window.__inDom = performance.now(); performance.mark('in-dom');
</script>`;
}

const PAGES = {
  '/clean-article.html': `<!doctype html><meta charset="utf-8"><title>clean-article</title>
<script type="module" async src="/pkg/start.js"></script>
<link rel="modulepreload" href="/pkg/element.js">
<link rel="modulepreload" href="/pkg/clean_article.js">
<link rel="modulepreload" href="/pkg/init.js">
<link rel="modulepreload" href="/pkg/trusted.js">
<link rel="preload" href="/pkg/clean_article_bg.wasm" as="fetch" type="application/wasm" crossorigin>
<script>document.addEventListener('clean-article:render', () => { window.__inDom = performance.now(); performance.mark('in-dom'); });</script>
<script type="module" src="/pkg/element.js"></script>
<clean-article src="/article.html"></clean-article>`,
  '/readability.html': `<!doctype html><meta charset="utf-8"><title>Readability.js + DOMPurify</title>
<script src="/vendor/Readability.js"></script>
<div id="out"></div>
<script type="module">
import DOMPurify from '/vendor/purify.es.mjs';
const text = await (await fetch('/article.html')).text();
const doc = new DOMParser().parseFromString(text, 'text/html');
const parsed = new Readability(doc).parse();
document.getElementById('out').innerHTML = DOMPurify.sanitize(parsed ? parsed.content : '');
window.__inDom = performance.now(); performance.mark('in-dom');
</script>`,
  '/breakdown.html': breakdownPage(false),
  '/breakdown-warm.html': breakdownPage(true),
};
const files = {
  '/vendor/Readability.js': require.resolve('@mozilla/readability/Readability.js'),
  '/vendor/purify.es.mjs': join(dirname(require.resolve('dompurify')), 'purify.es.mjs'),
};
const { base, close } = await serve((path) => {
  if (PAGES[path]) return { body: PAGES[path], type: 'text/html; charset=utf-8' };
  if (path === '/article.html') return { body: article.html, type: 'text/html; charset=utf-8' };
  return files[path] ? { file: files[path] } : pkgFile(pkgDir, path);
});
const jsFlags = opt('js-flags', '');
const traceDir = opt('trace', null);
const browser = await launchChromium(jsFlags);
const times = { 'clean-article': [], 'Readability.js + DOMPurify': [], breakdown: [], 'breakdown-warm': [] };
const pages = { 'clean-article': '/clean-article.html', 'Readability.js + DOMPurify': '/readability.html',
  breakdown: '/breakdown.html', 'breakdown-warm': '/breakdown-warm.html' };
/** @type {{ ready: number, calls: number[] }[]} */
const parts = [];
/** @type {{ ready: number, calls: number[], warm: number }[]} */
const warmParts = [];
let chars = {};
try {
  for (let i = 0; i < loads + 1; i++) {
    // Alternate which engine goes first; the first round warms the OS caches and is dropped.
    const order = i % 2 ? Object.keys(pages).reverse() : Object.keys(pages);
    for (const name of order) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base + pages[name]);
      await page.waitForFunction(() => window.__inDom !== undefined, null, { timeout: 30000 }).catch(() => {});
      if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
      const r = await page.evaluate(() => ({
        t: window.__inDom,
        parts: window.__parts,
        chars: (document.querySelector('clean-article')?.shadowRoot?.querySelector('.body') ?? document.getElementById('out'))?.textContent.length,
      }));
      if (r.t === undefined) throw new Error(`${name}: the article never reached the DOM`);
      if (i > 0) times[name].push(r.t);
      if (i > 0 && r.parts) (name === 'breakdown-warm' ? warmParts : parts).push(r.parts);
      chars[name] = r.chars;
      await ctx.close();
    }
  }
  if (traceDir) {
    // One more cold load of each page under Chromium's tracing (timeline, V8 and wasm
    // compilation events, with each thread's CPU time), for Perfetto or chrome://tracing.
    mkdirSync(traceDir, { recursive: true });
    for (const [name, path] of Object.entries(pages)) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const file = join(traceDir, `${path.slice(1, -'.html'.length)}.json`);
      await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'v8', 'v8.wasm',
        'blink', 'loading', 'toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
      await page.goto(base + path);
      await page.waitForFunction(() => window.__inDom !== undefined, null, { timeout: 30000 }).catch(() => {});
      await browser.stopTracing();
      await ctx.close();
      console.log(`trace of ${name}: ${file}`);
    }
  }
} finally {
  await browser.close();
  close();
}
console.log(`cold start: first article in the DOM, ms after navigation start, ${loads} cold loads each ` +
  `(fresh context), headless Chromium ${browser.version()}${jsFlags ? `, V8 flags: ${jsFlags}` : ''}`);
console.log(`page: ${article.name}, ${Buffer.byteLength(article.html)} bytes; package: ${pkgDir}`);
for (const [name, xs] of Object.entries(times).filter(([n]) => !n.startsWith('breakdown'))) {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`  ${name.padEnd(28)} median ${median(xs).toFixed(1).padStart(7)}   min ${s[0].toFixed(1).padStart(7)}   max ${s.at(-1).toFixed(1).padStart(7)}   (${chars[name]} chars of text)`);
}
const gap = median(times['clean-article']) - median(times['Readability.js + DOMPurify']);
console.log(`  difference of the medians: ${gap >= 0 ? '+' : ''}${gap.toFixed(1)} ms (goal: within 15 ms) -> ${gap <= 15 ? 'MET' : 'MISSED'}`);
const row = (label, xs) => console.log(`    ${label.padEnd(46)} median ${median(xs).toFixed(1).padStart(7)} ms`);
console.log('  where the time goes (the module and the article fetched in parallel, then three calls on the article):');
row('module instantiated and article fetched', parts.map((p) => p.ready));
row('1st cleanArticleTree (compiles what it runs)', parts.map((p) => p.calls[0]));
row('2nd cleanArticleTree', parts.map((p) => p.calls[1]));
row('3rd cleanArticleTree', parts.map((p) => p.calls[2]));
console.log('  the same after the package\'s warm-up (init.js warmUp: a small page first):');
row('warm-up', warmParts.map((p) => p.warm));
row('then 1st cleanArticleTree', warmParts.map((p) => p.calls[0]));
row('warm-up + 1st, against the 1st alone above', warmParts.map((p) => p.warm + p.calls[0]));
