// web-sys vs JsonML for the DOM: in one headless Chromium page, times per input page
// (a) `cleanArticleTree` + `issue` + the JS `toFragment` (js/trusted.js) with the default build and
// (b) `cleanArticleFragment` (Rust builds the DocumentFragment through web-sys) with the `dom`
// build, against cleanArticle alone (the baseline both add their tree and DOM work to), and checks that both fragments are the same DOM (isEqualNode, else their serializations).
// Run by scripts/bench-web-sys.sh, which builds both packages.
//
// Usage: node benches/browser/web-sys.mjs --jsonml DIR --dom DIR [--rounds N] [--pages DIR]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, median, option, root, serve } from './common.mjs';

const rounds = Number(option('rounds', '5'));
const dirs = { jsonml: resolve(option('jsonml', join(root, 'target/web-sys/jsonml'))),
  dom: resolve(option('dom', join(root, 'target/web-sys/dom'))) };
const shared = process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared');
const zyte = join(shared, 'bench/zyte/html');
const pagesDir = resolve(option('pages', existsSync(zyte) ? zyte : join(root, 'tests/fixtures/pages')));
const names = readdirSync(pagesDir).filter((f) => f.endsWith('.html')).sort();
const inputs = JSON.stringify(names.map((n) => readFileSync(join(pagesDir, n), 'utf8')));

const page = `<!doctype html><meta charset="utf-8"><title>web-sys vs JsonML</title><script type="module">
import initA, { cleanArticle, cleanArticleTree } from '/jsonml/clean_article.js';
import { issue, toFragment } from '/jsonml/trusted.js';
import initB, { cleanArticleFragment } from '/dom/clean_article.js';
await initA();
await initB();
const inputs = await (await fetch('/inputs.json')).json();
const routes = {
  // The baseline: the Article alone, no tree and no DOM (what both routes add to).
  article: (s) => cleanArticle(s),
  jsonml: (s) => toFragment(issue(cleanArticleTree(s)), document),
  webSys: (s) => cleanArticleFragment(s, null, document).fragment,
};
const html = (f) => { const d = document.createElement('div'); d.append(f); return d.innerHTML; };
window.run = (rounds) => {
  const out = { article: [], jsonml: [], webSys: [], differ: [] };
  inputs.forEach((s, i) => {
    // Warm-up, and the same-DOM check.
    const a = routes.jsonml(s);
    const b = routes.webSys(s);
    if (!a.isEqualNode(b)) out.differ.push({ i, a: html(a).slice(0, 200), b: html(b).slice(0, 200) });
    const t = { article: [], jsonml: [], webSys: [] };
    routes.article(s);
    for (let r = 0; r < rounds; r++) {
      // Alternating order, so neither route always runs after the other's garbage.
      for (const k of r % 2 ? ['webSys', 'jsonml', 'article'] : ['article', 'jsonml', 'webSys']) {
        const t0 = performance.now();
        routes[k](s);
        t[k].push(performance.now() - t0);
      }
    }
    out.article.push(t.article);
    out.jsonml.push(t.jsonml);
    out.webSys.push(t.webSys);
  });
  return out;
};
window.ready = true;
</script>`;

const { base, close } = await serve((url) => {
  if (url === '/') return { body: page, type: 'text/html; charset=utf-8' };
  if (url === '/inputs.json') return { body: inputs, type: 'application/json' };
  for (const k of ['jsonml', 'dom']) {
    if (url.startsWith(`/${k}/`) && !url.includes('..')) return { file: join(dirs[k], url.slice(k.length + 2)) };
  }
  return null;
}, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' });
const browser = await launchChromium();
let out;
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  await tab.goto(`${base}/`);
  await tab.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
  out = await tab.evaluate((n) => window.run(n), rounds);
  console.log(`chromium ${browser.version()}, ${names.length} pages of ${pagesDir}, ${rounds} rounds`);
} finally {
  await browser.close();
  close();
}

const per = (k) => out[k].map((xs) => median(xs));
const base0 = per('article');
const a = per('jsonml');
const b = per('webSys');
const sum = (xs) => xs.reduce((x, y) => x + y, 0);
const ratios = a.map((x, i) => b[i] / x);
console.log('per page: median over rounds of ms per call; then the median over pages and the sum');
console.log(`    cleanArticle alone (baseline)        median ${median(base0).toFixed(3)} ms   sum ${sum(base0).toFixed(1)} ms`);
console.log(`(a) cleanArticleTree + toFragment (JS)   median ${median(a).toFixed(3)} ms   sum ${sum(a).toFixed(1)} ms`);
console.log(`(b) cleanArticleFragment (web-sys)       median ${median(b).toFixed(3)} ms   sum ${sum(b).toFixed(1)} ms`);
console.log(`(b) / (a): median per page ${median(ratios).toFixed(3)}, sums ${(sum(b) / sum(a)).toFixed(3)}`);
console.log(`over the baseline (tree + DOM): (a) ${(sum(a) - sum(base0)).toFixed(1)} ms, (b) ${(sum(b) - sum(base0)).toFixed(1)} ms in all`);
console.log(`same DOM: ${names.length - out.differ.length} / ${names.length} pages`);
for (const d of out.differ.slice(0, 5)) console.log(`  differs: ${names[d.i]}\n    jsonml: ${d.a}\n    websys: ${d.b}`);
if (out.differ.length) process.exitCode = 1;
