// Demo start-up: how long after page load the first article is on screen.
// Serves the assembled demo (default out/demo, built by scripts/build-demo.sh), loads it N times
// in ONE headless Chromium (a fresh browser context each time, so nothing is cached), and prints
// per load: the demo's own mark (`data-first-render-ms` = performance.now() after the sample
// article was inserted), the first paint after it (next animation frame, measured by an init
// script), and the navigation timings (DOMContentLoaded, load). Goal: first article rendered
// within 50 ms of page load. performance.now() counts from navigation start. Also printed: when
// the WASM cleaner was ready for user input (`data-wasm-ready-ms`), and an empty page's load
// time in the same browser as the baseline of this machine.
//
// Usage: node benches/browser/first-render.mjs [--loads N] [--dir out/demo]
import { existsSync, statSync } from 'node:fs';
import { join, resolve, normalize, sep } from 'node:path';
import { launchChromium, median, option as opt, root, serve } from './common.mjs';

const loads = Number(opt('loads', 15));
const dir = resolve(root, opt('dir', 'out/demo'));
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`${dir}/index.html not found: run bash scripts/build-wasm.sh && bash scripts/build-demo.sh`);
  process.exit(1);
}

const { base, close } = await serve((path) => {
  // baseline: the same server and browser, an empty page
  if (path === '/__blank') return { body: '<!doctype html><title>blank</title><p>x</p>', type: 'text/html; charset=utf-8' };
  let file = normalize(join(dir, path));
  if (file !== dir && !file.startsWith(dir + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return { file };
}, { 'cache-control': 'no-cache' });
const url = `${base}/`;

// Runs before any page script: notes when #article first gets content, and the next frame.
const probe = () => {
  window.__firstArticle = null;
  window.__firstPaint = null;
  const start = () => {
    const el = document.getElementById('article');
    if (!el) return;
    const initial = el.innerHTML;
    const mo = new MutationObserver(() => {
      if (window.__firstArticle !== null || el.innerHTML === initial) return;
      window.__firstArticle = performance.now();
      requestAnimationFrame(() => { window.__firstPaint = performance.now(); });
      mo.disconnect();
    });
    mo.observe(el, { childList: true, subtree: true, characterData: true });
  };
  document.addEventListener('readystatechange', start, { once: true });
};

const browser = await launchChromium();
const rows = [];
const blank = [];
try {
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript(probe);
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && window.__firstPaint !== null, null, { timeout: 20000 });
    rows.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        mark: Number(document.documentElement.dataset.firstRenderMs),
        wasmReady: Number(document.documentElement.dataset.wasmReadyMs),
        inserted: window.__firstArticle,
        painted: window.__firstPaint,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        chars: document.getElementById('article').textContent.length,
        res: Object.fromEntries(performance.getEntriesByType('resource')
          .map((r) => [r.name.split('/').pop(), r.responseEnd])),
      };
    }));
    await ctx.close();
  }
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(url + '__blank');
    blank.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
    await ctx.close();
  }
} finally {
  await browser.close();
  close();
}
const max = (xs) => Math.max(...xs.filter(Number.isFinite));
console.log(`demo first render, ${loads} cold loads (fresh context each), ms after navigation start:`);
const cols = [['demo mark (data-first-render-ms)', 'mark'], ['article inserted (observer)', 'inserted'],
  ['first frame after it', 'painted'], ['WASM ready (data-wasm-ready-ms)', 'wasmReady'], ['DOMContentLoaded end', 'dcl'], ['load event end', 'load']];
for (const [label, key] of cols) {
  const xs = rows.map((r) => r[key]);
  console.log(`  ${label.padEnd(34)} median ${median(xs).toFixed(1).padStart(7)}   max ${max(xs).toFixed(1).padStart(7)}`);
}
for (const name of ['app.js', 'clean_article.js', 'clean_article_bg.wasm']) {
  const xs = rows.map((r) => r.res[name]);
  if (xs.some(Number.isFinite)) console.log(`  ${(name + ' received').padEnd(34)} median ${median(xs).toFixed(1).padStart(7)}   max ${max(xs).toFixed(1).padStart(7)}`);
}
console.log(`  ${'baseline: empty page load end'.padEnd(34)} median ${median(blank).toFixed(1).padStart(7)}   max ${max(blank).toFixed(1).padStart(7)}`);
const after = rows.map((r) => r.painted - r.load);
console.log(`  ${'first frame minus load event end'.padEnd(34)} median ${median(after).toFixed(1).padStart(7)}   max ${max(after).toFixed(1).padStart(7)}`);
const verdict = median(after) <= 50 ? 'MET' : 'MISSED';
console.log(`article text: ${rows[0]?.chars} chars; goal: first article rendered within 50 ms of page load ` +
  `(first frame after the article minus the load event end, median) -> ${verdict}`);
