// A/B of two builds of the package in one Node process (V8, as in Chromium): both modules
// are instantiated side by side and called alternately on every whole page of ../shared
// (Zyte and CWCED), so machine noise hits both alike. Per page: the median of --rounds timed
// calls of `cleanArticle`; the totals are sums of those medians. Prints B/A (below 1: B is
// faster). It checks nothing; build A first, e.g. `cp -r pkg /tmp/pkg-a` before a change.
//
// Usage: node benches/compare-builds.mjs DIR_A [DIR_B (default pkg/)] [--rounds N] [--sets zyte,cwced]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, option, root } from './browser/common.mjs';

const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (args.length < 1) {
  console.error('usage: node benches/compare-builds.mjs DIR_A [DIR_B] [--rounds N] [--sets zyte,cwced]');
  process.exit(2);
}
const dirs = [resolve(args[0]), resolve(args[1] || join(root, 'pkg'))];
const rounds = Number(option('rounds', 5));
const sets = option('sets', 'zyte,cwced').split(',');
const shared = process.env.CLEAN_ARTICLE_SHARED || join(root, '../shared');
if (!existsSync(join(shared, 'bench'))) {
  console.log(`SKIPPED compare-builds: shared data not found at ${shared} (set CLEAN_ARTICLE_SHARED)`);
  process.exit(0);
}

/** Instantiates the build in `dir` and returns its `cleanArticle`. */
async function load(dir) {
  const js = join(dir, 'clean_article.js');
  if (!existsSync(js)) throw new Error(`${js} not found: build it with bash scripts/build-wasm.sh`);
  // A query string per build: two copies of the same module path stay two instances.
  const m = await import(`${pathToFileURL(js).href}?build=${encodeURIComponent(dir)}`);
  m.initSync({ module: readFileSync(join(dir, 'clean_article_bg.wasm')) });
  return /** @type {(input: string) => unknown} */ (m.cleanArticle);
}

const engines = [await load(dirs[0]), await load(dirs[1])];
const inputs = [];
for (const set of sets) {
  const dir = join(shared, 'bench', set, 'html');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) inputs.push(readFileSync(join(dir, f), 'utf8'));
}
// Warm-up: every page once through each build, so both run optimized code.
for (const clean of engines) for (const s of inputs) clean(s);

const total = [0, 0];
for (const s of inputs) {
  const times = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < 2; k++) {
      const t0 = performance.now();
      engines[k](s);
      times[k].push(performance.now() - t0);
    }
  }
  total[0] += median(times[0]);
  total[1] += median(times[1]);
}
console.log(`${inputs.length} pages (${sets.join(', ')}), median of ${rounds} calls per page`);
console.log(`A ${dirs[0]}: ${total[0].toFixed(1)} ms`);
console.log(`B ${dirs[1]}: ${total[1].toFixed(1)} ms`);
console.log(`B/A ${(total[1] / total[0]).toFixed(3)}`);
