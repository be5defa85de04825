// Start-up in Chromium: clean-article/start compiles the default .wasm only when a page loads it
// with its own <script> tag. A page that only imports the cleaner (whose init.js imports
// start.js) and gives its own .wasm URL fetches that one, never the default.
// Run: node --test tests/browser/start-up.test.mjs  (after scripts/build-wasm.sh)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, repo } from '../js/helpers.mjs';

const pkgDir = join(repo, 'pkg');
/** Cleans one post with the module from `wasm`, then lists every .wasm the page fetched. */
const page = (head, wasm) => `<!doctype html><meta charset="utf-8">${head}
<script type="module">
import { createCleaner } from '/lib/cleaner.js';
const article = await createCleaner(${wasm ? `{ wasm: '${wasm}' }` : ''}).clean('---\\ntitle: Started\\n---\\n<p>Body.</p>');
window.result = { title: article.title, started: globalThis[Symbol.for('clean-article.started-compilations')]?.size ?? 0,
  wasm: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')) };
</script>`;
const PAGES = {
  '/own-wasm.html': page('', '/copy/clean_article_bg.wasm'),
  '/tag.html': page('<script type="module" async src="/lib/start.js"></script>', null),
};

let browser, server, base;
before(async () => {
  assert.ok(existsSync(join(pkgDir, 'start.js')), 'pkg/ missing: run bash scripts/build-wasm.sh');
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
    if (PAGES[path]) { res.writeHead(200, { 'content-type': 'text/html' }); return res.end(PAGES[path]); }
    const rel = path.startsWith('/lib/') ? path.slice(5) : path.startsWith('/copy/') ? path.slice(6) : null;
    const file = rel && !rel.includes('..') ? join(pkgDir, rel) : null;
    if (!file || !existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
});
after(async () => { await browser?.close(); server?.close(); });

/** @param {string} path */
async function load(path) {
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(base + path);
  await p.waitForFunction(() => window.result, null, { timeout: 20000 }).catch(() => {});
  const r = await p.evaluate(() => window.result);
  await p.close();
  assert.deepEqual(errors, []);
  assert.ok(r, `${path} did not finish`);
  return r;
}

test('a page that gives its own .wasm never fetches the default one', async () => {
  const r = await load('/own-wasm.html');
  assert.equal(r.title, 'Started');
  assert.deepEqual(r.wasm, ['/copy/clean_article_bg.wasm']);
  assert.equal(r.started, 0, 'start.js, imported by init.js, started nothing');
});

test('start.js loaded by its tag compiles the default .wasm, which the cleaner then uses', async () => {
  const r = await load('/tag.html');
  assert.equal(r.title, 'Started');
  assert.deepEqual(r.wasm, ['/lib/clean_article_bg.wasm']);
  assert.equal(r.started, 1, 'start.js started the compilation');
});
