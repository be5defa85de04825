// The demo and the package in real Chromium (Debian's /usr/bin/chromium via playwright-core).
// Run: node --test tests/browser/   (after scripts/build-wasm.sh and scripts/build-demo.sh)
// Artifacts: test-results/demo*.png. Env UPDATE_README_SCREENSHOT=1 also writes docs/demo.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import {
  CHROMIUM_ARGS, chromiumPath, corpusPosts, fixtureInputs, nativeArticleOf, nativeArticles, repo, sharedDir,
} from '../js/helpers.mjs';

const demoDir = join(repo, 'out/demo');
const results = join(repo, 'test-results');
mkdirSync(results, { recursive: true });

let browser, server, base;

before(async () => {
  assert.ok(existsSync(join(demoDir, 'index.html')), 'out/demo missing: run bash scripts/build-demo.sh');
  const exe = chromiumPath();
  assert.ok(exe, 'Chromium not found (apt-get install chromium, or set CHROMIUM)');
  server = await serve(demoDir, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page on the demo that records errors, dialogs, CSP violations and outside requests. */
async function openDemo({ csp = true, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const log = { errors: [], dialogs: [], outside: [], console: [] };
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss(); });
  // Nothing may leave the machine except article images (which the tests do not fetch).
  await page.route((url) => !url.href.startsWith(base), (route) => {
    log.outside.push({ url: route.request().url(), type: route.request().resourceType() });
    route.abort();
  });
  if (!csp) {
    // Test the sanitizer itself, without the page's Content-Security-Policy as a safety net.
    await page.route(`${base}`, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      assert.doesNotMatch(body, /Content-Security-Policy/);
      route.fulfill({ response: res, body });
    });
  }
  await page.goto(base);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { context, page, log };
}

/** Drops files on the page as a user would (a real DataTransfer with File objects). */
async function dropFiles(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files.map((f) => ({ name: f.name, b64: Buffer.from(f.data).toString('base64') })));
}

/** The sample the demo embedded (seed from ../shared, or the built-in sample). */
function embeddedSample() {
  const html = readFileSync(join(demoDir, 'index.html'), 'utf8');
  const m = /<script type="application\/json" id="sample">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(m[1]);
}

test('the package in Chromium returns the same Article as the native core for every corpus post', async (t) => {
  const shared = sharedDir('corpus parity (chromium)');
  if (!shared) return t.skip('needs ../shared (set CLEAN_ARTICLE_SHARED)');
  const posts = corpusPosts(shared);
  const native = nativeArticles(posts.map((p) => p.path));
  const { context, page } = await openDemo();
  const wasm = await page.evaluate(async (texts) => {
    const api = await import('./pkg/clean_article.js');
    return texts.map((t) => api.cleanArticle(t));
  }, posts.map((p) => p.text));
  posts.forEach((p, i) => assert.deepEqual(wasm[i], native.get(p.path), `${p.name} differs`));
  await context.close();
});

test('the demo opens with the sample post rendered: title, metadata and paragraphs', async () => {
  const sample = embeddedSample();
  if (sample.name === 'sample.md') console.log('note: ../shared absent, the demo embeds the built-in sample');
  const expected = nativeArticleOf(sample.text, sample.name);
  const { context, page, log } = await openDemo();
  assert.equal(await page.textContent('#a-title'), expected.title);
  const paragraphs = await page.$$eval('#a-body p', (ps) => ps.map((p) => p.textContent.trim()).filter(Boolean));
  assert.ok(paragraphs.length >= 3, `only ${paragraphs.length} paragraphs rendered`);
  const firstLine = expected.text.split('\n').find((l) => l.trim());
  assert.equal(paragraphs[0], firstLine.trim());
  for (const c of expected.categories) assert.ok((await page.textContent('#a-cats')).includes(c), c);
  if (expected.date) assert.equal(await page.getAttribute('#a-meta time', 'datetime'), expected.date);
  if (expected.meta.editor) assert.ok((await page.textContent('#a-meta')).includes(expected.meta.editor));
  if (expected.cover) assert.equal(await page.getAttribute('#a-cover-img', 'src'), expected.cover);
  assert.equal(await page.isVisible('#error'), false);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.outside.filter((r) => r.type !== 'image'), [], 'only images may come from outside');
  // start.js began compiling the .wasm while the page loaded; app.js used that compilation.
  const wasmFetches = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('/clean_article_bg.wasm')).length);
  assert.equal(wasmFetches, 1, 'the .wasm is fetched once');
  // The embedded (build-time) Article is what the live module gives for the same text.
  assert.equal(await page.evaluate(async () => {
    const api = await import('./pkg/clean_article.js');
    const s = JSON.parse(document.getElementById('sample').textContent);
    return JSON.stringify(api.cleanArticle(s.text)) === JSON.stringify(s.article);
  }), true, 'the embedded sample Article is stale: rebuild the demo');
  assert.deepEqual(sample.article, expected);
  const t = await page.evaluate(() => ({ ...document.documentElement.dataset }));
  console.log(`first article on screen ${t.firstRenderMs} ms, cleaner ready ${t.wasmReadyMs} ms after navigation start (this run, headless Chromium)`);
  await page.screenshot({ path: join(results, 'demo.png'), fullPage: false });
  if (process.env.UPDATE_README_SCREENSHOT === '1') {
    // The README's picture shows our own sample text (www/sample.md), never the shared data.
    await dropFiles(page, [{ name: 'sample.md', data: readFileSync(join(repo, 'www/sample.md')) }]);
    await page.waitForFunction(() => document.getElementById('a-kicker').textContent.startsWith('sample.md'));
    await page.evaluate(() => { document.getElementById('removed-box').open = true; });
    mkdirSync(join(repo, 'docs'), { recursive: true });
    await page.screenshot({ path: join(repo, 'docs/demo.png'), fullPage: true });
  }
  await context.close();
});

test('raw/clean toggle, removed list, theme, copy and JSON download work', async () => {
  const sample = embeddedSample();
  const expected = nativeArticleOf(sample.text, sample.name);
  const { context, page } = await openDemo();
  await page.click('#view-raw');
  assert.equal(await page.isVisible('#a-raw'), true);
  assert.equal(await page.isVisible('#a-body'), false);
  assert.equal(await page.textContent('#a-raw'), sample.text);
  await page.click('#view-clean');
  assert.equal(await page.isVisible('#a-body'), true);

  assert.equal(await page.$$eval('#removed-list tr', (r) => r.length), expected.removed.length);
  if (expected.removed.length) {
    assert.equal(await page.textContent('#removed-list tr td.kind'), expected.removed[0].kind);
  }

  await page.click('#theme-toggle');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(bg, 'rgb(22, 23, 26)');
  await page.screenshot({ path: join(results, 'demo-dark.png') });

  await page.click('#copy-md');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected.markdown);
  await page.click('#copy-text');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected.text);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(saved, expected);
  await context.close();
});

test('a dropped corpus file is rendered', async () => {
  const shared = sharedDir('drop a corpus file');
  let name, data;
  if (shared) {
    const posts = corpusPosts(shared);
    const post = posts[Math.floor(posts.length / 2)];
    name = basename(post.name);
    data = readFileSync(post.path);
  } else {
    const post = fixtureInputs().find((p) => p.name === 'posts/sina-promo.md');
    name = basename(post.path);
    data = readFileSync(post.path);
  }
  const expected = nativeArticleOf(data.toString('utf8'), name);
  const { context, page, log } = await openDemo();
  await dropFiles(page, [{ name: name.endsWith('.md') || name.endsWith('.html') ? name : `${name}.md`, data }]);
  await page.waitForFunction((t) => document.getElementById('a-title').textContent === t, expected.title ?? '(untitled)');
  // The browser's own serialization of the expected HTML, from a blank page (the demo's CSP
  // requires Trusted Types, so the test cannot assign a string to innerHTML there).
  const blank = await context.newPage();
  const normalized = await blank.evaluate((h) => {
    const d = document.createElement('div');
    d.innerHTML = h;
    return d.innerHTML;
  }, expected.html);
  await blank.close();
  assert.equal(await page.innerHTML('#a-body'), normalized);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('pasted text and files chosen with the Open button are cleaned live', async () => {
  const { context, page, log } = await openDemo();
  await page.click('#paste-toggle');
  const pasted = '---\ntitle: "Pasted <b>post</b>"\ncategories: [a, b]\n---\n<p>First.</p><p>责任编辑：李四</p>';
  await page.fill('#paste-input', pasted);
  await page.click('#paste-clean');
  const expected = nativeArticleOf(pasted, 'pasted.md');
  await page.waitForFunction((t) => document.getElementById('a-title').textContent === t, expected.title);
  assert.equal(await page.textContent('#a-body'), expected.text);
  assert.ok((await page.textContent('#a-meta')).includes('李四'));

  const opened = '<html><head><title>Opened page</title></head><body><article><h1>Opened page</h1>' +
    '<p>This whole page was opened with the file picker and its article was extracted.</p></article></body></html>';
  await page.setInputFiles('#file-input', { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from(opened) });
  const native = nativeArticleOf(opened, 'page.html');
  await page.waitForFunction(() => document.getElementById('a-kicker').textContent.startsWith('page.html'));
  assert.equal(await page.textContent('#a-title'), native.title ?? '(untitled)');
  assert.equal(await page.textContent('#a-kicker'), `page.html · ${native.kind}`);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('a bad file shows an error and leaves the page usable', async () => {
  const { context, page, log } = await openDemo();
  const before = await page.textContent('#a-title');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  await dropFiles(page, [{ name: 'photo.html', data: png }]);
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /photo\.html: binary data, not a text file/);
  assert.equal(await page.textContent('#a-title'), before);

  await dropFiles(page, [{ name: 'latin1.md', data: Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0xe8, 0x3c]) }]);
  await page.waitForFunction(() => /not valid UTF-8/.test(document.getElementById('error').textContent));
  await dropFiles(page, [{ name: 'archive.zip', data: Buffer.from('PK') }]);
  await page.waitForFunction(() => /archive\.zip: not a \.md or \.html file/.test(document.getElementById('error').textContent));
  await page.screenshot({ path: join(results, 'demo-error.png') });

  // The page still works after the errors.
  await dropFiles(page, [{ name: 'ok.md', data: Buffer.from('---\ntitle: Recovered\n---\n<p>Fine.</p>') }]);
  await page.waitForFunction(() => document.getElementById('a-title').textContent === 'Recovered');
  assert.equal(await page.isVisible('#error'), false);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('several files are cleaned in a Web Worker with progress and a searchable list', async () => {
  const shared = sharedDir('batch of corpus files');
  let files;
  if (shared) {
    files = corpusPosts(shared).slice(0, 12).map((p) => ({ name: basename(p.name), data: Buffer.from(p.text) }));
  } else {
    files = fixtureInputs().slice(0, 12).map((p) => ({ name: basename(p.path), data: Buffer.from(p.text) }));
  }
  files.push({ name: 'broken.html', data: Buffer.from([0, 1, 2, 3]) });
  const { context, page, log } = await openDemo();
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await dropFiles(page, files);
  await page.waitForFunction((n) => document.getElementById('batch-progress').value === n, files.length);
  assert.equal(workers.length, 1, 'the batch ran in one Web Worker');
  assert.match(workers[0], /worker\.js$/);
  assert.match(await page.textContent('#batch-status'), new RegExp(`${files.length} files, 1 failed`));
  assert.equal(await page.$$eval('#batch-list li', (l) => l.length), files.length);
  assert.equal(await page.$$eval('#batch-list li.failed', (l) => l.length), 1);

  // Search by a title that the native core gives for one of the files.
  const titles = files.slice(0, -1).map((f) => nativeArticleOf(f.data.toString('utf8'), f.name).title);
  const title = titles.find((t, i) => i > 0 && t && t.length >= 6);
  assert.ok(title, 'no file with a title to search for');
  await page.fill('#batch-search', title.slice(0, 6));
  const visible = await page.$$eval('#batch-list li:not([hidden]) .item-title', (l) => l.map((x) => x.textContent));
  assert.ok(visible.includes(title), `search for ${title.slice(0, 6)} shows ${visible}`);
  assert.ok(visible.length < files.length);
  await page.click(`#batch-list li:not([hidden]) button:has-text(${JSON.stringify(title)})`);
  assert.equal(await page.textContent('#a-title'), title);
  await page.screenshot({ path: join(results, 'demo-batch.png') });
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('a post carrying XSS payloads runs no script (sanitizer tested without the CSP)', async () => {
  const payload = [
    '---',
    'title: "<img src=x onerror=window.__xss=1>Title <script>window.__xss=2</script>"',
    'headimg: "javascript:window.__xss=3"',
    'author: "<svg onload=window.__xss=4>"',
    'categories:',
    ' - "<b onmouseover=window.__xss=5>cat</b>"',
    '---',
    '<p>Text<img src=x onerror="window.__xss=6"></p>',
    '<script>window.__xss=7</script><svg><script>window.__xss=8</script></svg>',
    '<a id="js" href="javascript:window.__xss=9">click</a>',
    '<a href="jav&#x09;ascript:window.__xss=10">click2</a>',
    '<iframe srcdoc="<script>parent.__xss=11</script>"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=12></style></mglyph></table></mtext></math>',
    '<form action="javascript:window.__xss=13"><button>go</button></form>',
    '<details open ontoggle="window.__xss=14">x</details>',
    '<object data="data:text/html,<script>parent.__xss=15</script>"></object>',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=16>"></noscript>',
    '<p style="background:url(javascript:window.__xss=17)">styled</p>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=18">',
    '<base href="javascript:window.__xss=19//">',
    '<p>Last paragraph.</p>',
  ].join('\n');
  const { context, page, log } = await openDemo({ csp: false });
  await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp = (window.__csp || []).concat(e.violatedDirective);
  }));
  await dropFiles(page, [{ name: 'xss.md', data: Buffer.from(payload) }]);
  await page.waitForFunction(() => document.getElementById('a-body').textContent.includes('Last paragraph.'));
  // Give event handlers (onerror, onload, ontoggle) time to fire, then click every link.
  await page.waitForTimeout(300);
  for (const a of await page.$$('#a-body a')) await a.click({ noWaitAfter: true }).catch(() => {});
  await page.hover('#a-cats li').catch(() => {});
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'a payload ran');
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.errors, []);
  assert.equal(page.url(), base, 'navigated away');
  const bad = await page.$$eval('#article *', (els) => els.flatMap((el) => {
    const found = [];
    if (/^(script|iframe|object|embed|form|meta|base|style|math|svg)$/i.test(el.localName)) found.push(el.localName);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || /^\s*(javascript|data):/i.test(a.value) && /href|src|action/.test(a.name)) {
        found.push(`${el.localName}[${a.name}=${a.value}]`);
      }
    }
    return found;
  }));
  assert.deepEqual(bad, []);
  assert.match(await page.textContent('#a-title'), /Title/);
  await context.close();
});
