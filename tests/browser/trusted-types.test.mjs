// Trusted Types in Chromium with an enforcing CSP (`require-trusted-types-for 'script'`): the
// element (a fragment built from the core's tree), the Worker cleaner, toTrustedHTML and
// toFragment work through the library's own policy, and the page really refuses plain strings.
// (The demo runs under such a CSP in demo.test.mjs.)
// Run: node --test tests/browser/trusted-types.test.mjs  (after scripts/build-wasm.sh)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, repo } from '../js/helpers.mjs';

const pkgDir = join(repo, 'pkg');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "require-trusted-types-for 'script'; trusted-types clean-article";
const PAGE = `<!doctype html><meta charset="utf-8">
<clean-article id="el"></clean-article><div id="out"></div>
<script type="module" src="/t.js"></script>`;
const SCRIPT = `import '/lib/element.js';
import { createCleaner } from '/lib/cleaner.js';
import { toFragment, toTrustedHTML } from '/lib/trusted.js';
window.errors = [];
document.addEventListener('securitypolicyviolation', (e) => window.errors.push(e.violatedDirective));
const el = document.getElementById('el');
const rendered = new Promise((ok) => el.addEventListener('clean-article:render', (e) => ok(e.detail), { once: true }));
el.source = '---\\ntitle: Under Trusted Types\\n---\\n<p>A <b>bold</b> paragraph.</p><img src=x onerror="window.pwned=1">';
const viaElement = await rendered;
const cleaner = createCleaner({ worker: true, concurrency: 2 });
const [a, b] = await cleaner.cleanBatch(['<p>From the worker.</p>', '<p>Second.</p>']);
const html = toTrustedHTML(a.article);
document.getElementById('out').innerHTML = html;
let plain = null;
try { document.getElementById('out').innerHTML = '<p>plain string</p>'; } catch (e) { plain = e.name; }
let forged = null;
try { toTrustedHTML({ html: '<img src=x onerror=alert(1)>' }); } catch (e) { forged = e.name; }
const treeCleaner = createCleaner({ worker: true, tree: true });
const withTree = await treeCleaner.clean('<p>Built <i>node</i> by node &amp; &lt;b&gt;.</p><pre>\\n\\ncode</pre>');
const holder = document.createElement('div');
holder.append(toFragment(withTree));
const parsed = document.createElement('template');
parsed.innerHTML = toTrustedHTML(withTree);
let noTree = null;
try { toFragment(a.article); } catch (e) { noTree = e.name; }
const changed = b.article;
changed.html = '<img src=x onerror="window.pwned=2">';
const kept = String(toTrustedHTML(changed));
window.result = {
  element: el.shadowRoot.querySelector('.body').innerHTML, coreHtml: viaElement.html, title: viaElement.title,
  trusted: Object.prototype.toString.call(html), out: document.getElementById('out').innerHTML,
  plain, forged, kept, pwned: window.pwned ?? null,
  fragment: holder.innerHTML, fragmentSameAsParsed: holder.innerHTML === parsed.innerHTML, pre: holder.querySelector('pre').textContent, treeOnArticle: 'tree' in withTree, noTree,
};`;

let browser, server, base;
before(async () => {
  assert.ok(existsSync(join(pkgDir, 'trusted.js')), 'pkg/ missing: run bash scripts/build-wasm.sh');
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-cache' };
    if (path === '/') { res.writeHead(200, { ...headers, 'content-type': 'text/html' }); return res.end(PAGE); }
    if (path === '/t.js') { res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }); return res.end(SCRIPT); }
    const file = path.startsWith('/lib/') && !path.includes('..') ? join(pkgDir, path.slice(5)) : null;
    if (!file || !existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
});
after(async () => { await browser?.close(); server?.close(); });

test('under require-trusted-types-for: element, Worker cleaner and toTrustedHTML work; strings are refused', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await page.waitForFunction(() => window.result, null, { timeout: 20000 }).catch(() => {});
  const r = await page.evaluate(() => window.result);
  assert.deepEqual(errors, []);
  assert.ok(r, 'the page did not finish');
  assert.equal(r.title, 'Under Trusted Types');
  assert.equal(r.element, r.coreHtml, 'the element shows the core\'s sanitized article');
  assert.match(r.element, /^<p>A <b>bold<\/b> paragraph\.<\/p>.*<img [^>]*src="x"/);
  assert.doesNotMatch(r.element, /onerror/);
  assert.equal(r.trusted, '[object TrustedHTML]');
  assert.equal(r.out, '<p>From the worker.</p>');
  assert.equal(r.plain, 'TypeError', 'the CSP must refuse a plain string');
  assert.equal(r.forged, 'TypeError', 'only Articles the package produced become TrustedHTML');
  assert.equal(r.kept, '<p>Second.</p>', 'the HTML is the one captured when the Article was issued');
  assert.equal(r.pwned, null);
  assert.equal(r.fragment, '<p>Built <i>node</i> by node &amp; &lt;b&gt;.</p><pre>\ncode</pre>');
  assert.equal(r.pre, '\ncode');
  assert.equal(r.fragmentSameAsParsed, true, 'the fragment is the DOM that parsing the core\'s html gives');
  assert.equal(r.treeOnArticle, false, 'the tree is kept by the package, not left on the Article');
  assert.equal(r.noTree, 'TypeError');
  const violations = await page.evaluate(() => window.errors);
  // The deliberate plain string, and the cleaner's first plain Worker URL (it then uses its policy).
  assert.deepEqual(violations, ['require-trusted-types-for', 'require-trusted-types-for']);
  await page.close();
});
