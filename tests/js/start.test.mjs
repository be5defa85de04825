// Start-up in Node: a compilation clean-article/start began for a URL is what initOnce
// instantiates (no second fetch), a failed start falls back to loading the module again, and
// the warm-up before a long first article changes no result. Each case runs in its own Node
// process, since initOnce initializes a realm once.
// Run: node --test tests/js/   (after bash scripts/build-wasm.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pkgDir, repo } from './helpers.mjs';

const dir = pkgDir();

/**
 * Runs `body` as an ES module in a fresh Node process, with `start`, `initOnce` and `api`
 * imported from pkg/, `fetches` counting calls of `fetch`, and `url` the module as a data: URL
 * (Node's fetch reads data: URLs, not file: URLs). Returns what the body printed, as JSON.
 * @param {string} body
 */
function run(body) {
  const at = (f) => JSON.stringify(pathToFileURL(join(dir, f)).href);
  const code = `
let fetches = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (...args) => { fetches++; return realFetch(...args); };
const start = await import(${at('start.js')});
const { initOnce, warmUp, warmUpFor, WARM_UP_MIN_LENGTH } = await import(${at('init.js')});
const api = await import(${at('clean_article.js')});
const { readFileSync } = await import('node:fs');
const url = 'data:application/wasm;base64,' + readFileSync(new URL(${at('clean_article_bg.wasm')})).toString('base64');
${body}`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop());
}

test('initOnce instantiates the module start.js compiled for the same URL, without fetching again', () => {
  const r = run(`
const started = start.startCompiling(url);
const again = start.startCompiling(url);
await started;
const before = fetches;
await initOnce(url);
console.log(JSON.stringify({ same: started === again, before, after: fetches,
  title: api.cleanArticle('---\\ntitle: T\\n---\\n<p>Body text.</p>').title }));`);
  assert.equal(r.same, true, 'one compilation per URL');
  assert.equal(r.before, 1, 'start.js fetched the module once');
  assert.equal(r.after, 1, 'initOnce did not fetch it again');
  assert.equal(r.title, 'T');
});

test('a failed start is not fatal: initOnce loads the module again', () => {
  const r = run(`
const failed = Promise.reject(new TypeError('not application/wasm'));
failed.catch(() => {});
start.startedCompilations().set(url, failed);
await initOnce(url);
console.log(JSON.stringify({ fetches, title: api.cleanArticle('---\\ntitle: T\\n---\\n<p>Body text.</p>').title }));`);
  assert.equal(r.fetches, 1, 'loaded by initOnce itself');
  assert.equal(r.title, 'T');
});

test('outside a page start.js starts nothing when imported, and other sources bypass it', () => {
  const r = run(`
const empty = start.startedCompilations().size;
await initOnce(await WebAssembly.compile(await (await realFetch(url)).arrayBuffer()));
console.log(JSON.stringify({ empty, fetches, defaultUrl: start.defaultWasmUrl().endsWith('/clean_article_bg.wasm') }));`);
  assert.equal(r.empty, 0, 'no compilation started in Node');
  assert.equal(r.fetches, 0);
  assert.equal(r.defaultUrl, true);
});

test('the warm-up changes no result: a long page cleans the same after it as cold', () => {
  const page = JSON.stringify(join(repo, 'tests/fixtures/pages/news-page.html'));
  const body = (warm) => `
const { readFileSync: read } = await import('node:fs');
// The fixture page with a long closing paragraph: past WARM_UP_MIN_LENGTH.
const input = read(${page}, 'utf8')
  .replace('</body>', '<p>' + 'One more sentence of the story, with commas, and a close. '.repeat(80) + '</p></body>');
await initOnce(url);
${warm}
console.log(JSON.stringify({ long: input.length >= WARM_UP_MIN_LENGTH, article: api.cleanArticle(input) }));`;
  const cold = run(body(''));
  const warmed = run(body('warmUpFor(input); warmUp();'));
  assert.equal(cold.long, true, 'the fixture is long enough to be warmed up for');
  assert.ok(cold.article.text.length > 200, 'the page has an article');
  assert.deepEqual(warmed.article, cold.article);
});
