// Throughput of createCleaner({ worker: true, concurrency }) at 1 and N Workers: one headless
// Chromium page cleans the same inputs with each pool size (after a warm-up batch) and prints
// inputs/s and MB/s. Inputs: every corpus post and seed and the Zyte and CWCED pages of ../shared (CLEAN_ARTICLE_SHARED),
// else generated posts of our own.
// Usage: node benches/browser/workers.mjs [--workers 1,2,4] [--rounds 3] [--pkg pkg]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { launchChromium, option as opt, pkgFile, root, serve } from './common.mjs';

const pkgDir = resolve(root, opt('pkg', 'pkg'));
const rounds = Number(opt('rounds', 3));
const n = cpus().length;
const pools = opt('workers', `1,${Math.max(2, n - 1)}`).split(',').map(Number);

function inputs() {
  const shared = process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared');
  const out = [];
  for (const sub of ['corpus/posts', 'seeds', 'bench/zyte/html', 'bench/cwced/html']) {
    const stack = [join(shared, sub)];
    while (stack.length) {
      const d = stack.pop();
      if (!existsSync(d)) continue;
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) stack.push(p); else out.push(readFileSync(p, 'utf8'));
      }
    }
  }
  if (out.length) return { name: `${out.length} posts and pages of ../shared`, texts: out };
  const texts = Array.from({ length: 200 }, (_, i) => `---\ntitle: Post ${i}\n---\n` +
    '<div class="content"><p>A paragraph of generated text, long enough to be prose.</p></div>'.repeat(20 + (i % 50)));
  return { name: '200 generated posts (no ../shared)', texts };
}
const { name, texts } = inputs();
const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);

const { base, close } = await serve((path) => path === '/'
  ? { body: '<!doctype html><script type="module">import { createCleaner } from "/pkg/cleaner.js"; window.createCleaner = createCleaner;</script>', type: 'text/html' }
  : pkgFile(pkgDir, path));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => typeof window.createCleaner === 'function');
  console.log(`createCleaner({ worker: true }) throughput, headless Chromium ${browser.version()}, ${n} cores; ` +
    `${name}, ${(bytes / 1e6).toFixed(1)} MB; best of ${rounds} rounds after a warm-up`);
  for (const concurrency of pools) {
    const ms = await page.evaluate(async ({ texts, concurrency, rounds }) => {
      const cleaner = window.createCleaner({ worker: true, concurrency });
      await cleaner.cleanBatch(texts.slice(0, concurrency * 4)); // warm up every Worker
      let best = Infinity;
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        const results = await cleaner.cleanBatch(texts);
        best = Math.min(best, performance.now() - t0);
        if (results.some((x) => x.error)) throw new Error(results.find((x) => x.error).error.message);
      }
      cleaner.close();
      return best;
    }, { texts, concurrency, rounds });
    console.log(`  ${String(concurrency).padStart(2)} Worker(s): ${(texts.length / (ms / 1000)).toFixed(0).padStart(6)} inputs/s  ` +
      `${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s  (${ms.toFixed(0)} ms)`);
  }
} finally {
  await browser.close();
  close();
}
