// Consumption of the packed package (npm pack of pkg/), prepared by scripts/test-consume.sh in
// target/consume/work: a plain HTML page and a Vite build in Chromium, Node from bytes, tsc.
// Run: bash scripts/test-consume.sh
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, repo } from '../js/helpers.mjs';

const work = join(repo, 'target/consume/work');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.md': 'text/markdown; charset=utf-8', '.css': 'text/css' };

/** A static server over `dir` that records the Referer of every image request. */
function serve(dir) {
  const images = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith('/images/')) {
      images.push({ path, referer: req.headers.referer ?? null });
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(PNG);
    }
    let file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    server, images, base: `http://127.0.0.1:${server.address().port}/`,
  })));
}

let browser;
before(async () => {
  assert.ok(existsSync(join(work, 'node_modules/clean-article/package.json')),
    'target/consume/work missing: run bash scripts/test-consume.sh');
  const exe = chromiumPath();
  assert.ok(exe, 'Chromium not found (apt-get install chromium, or set CHROMIUM)');
  browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS, headless: true });
});
after(async () => { await browser?.close(); });

async function open(base) {
  const page = await browser.newPage();
  const log = { errors: [], outside: [] };
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  await page.route((url) => !url.href.startsWith(base), (route) => {
    log.outside.push(route.request().url());
    route.abort();
  });
  return { page, log };
}

test('packed tarball holds the element, the cleaner and their types', () => {
  const pkg = JSON.parse(readFileSync(join(work, 'node_modules/clean-article/package.json'), 'utf8'));
  for (const f of ['element.js', 'element.d.ts', 'cleaner.js', 'cleaner.d.ts', 'cleaner-worker.js', 'start.js', 'start.d.ts',
    'clean_article.js', 'clean_article_bg.wasm', 'clean_article.d.ts']) {
    assert.ok(existsSync(join(work, 'node_modules/clean-article', f)), `${f} missing from the tarball`);
  }
  assert.deepEqual(pkg.exports['./element'], { types: './element.d.ts', default: './element.js' });
  assert.deepEqual(pkg.exports['./cleaner'], { types: './cleaner.d.ts', default: './cleaner.js' });
  assert.deepEqual(pkg.exports['./start'], { types: './start.d.ts', default: './start.js' });
});

test('Node: .wasm from bytes with initSync and with init, main-thread cleaner', () => {
  for (const mode of ['sync', 'async']) {
    const out = execFileSync(process.execPath, ['node/consume.mjs', mode], { cwd: work, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop());
    assert.match(r.version, /^\d+\.\d+\.\d+/);
    assert.equal(r.title, 'Node post');
    assert.match(r.html, /Body text/);
    assert.doesNotMatch(r.html, /<script|alert/);
    assert.equal(r.batch[0], 'Node post');
    assert.match(r.batch[1], /^error: .*bogus/, 'unknown option key is a per-item error');
    assert.deepEqual(r.seen, ['1/2', '2/2']);
    assert.equal(r.aborted, 'AbortError');
  }
});

test('TypeScript: tsc checks the consumer against the packed .d.ts', () => {
  const tsc = join(work, 'node_modules/.bin/tsc');
  const ok = spawnSync(tsc, ['-p', 'ts/tsconfig.json'], { cwd: work, encoding: 'utf8' });
  assert.equal(ok.status, 0, `tsc failed:\n${ok.stdout}${ok.stderr}`);
  // The @ts-expect-error lines really are errors: without the directives tsc must reject them.
  const src = readFileSync(join(work, 'ts/consumer.ts'), 'utf8');
  const expected = src.split('\n').filter((l) => /^\s*\/\/ @ts-expect-error/.test(l)).length;
  assert.ok(expected >= 5);
  writeFileSync(join(work, 'ts/stripped.ts'), src.replace(/\/\/ @ts-expect-error/g, '// expected'));
  const config = JSON.parse(readFileSync(join(work, 'ts/tsconfig.json'), 'utf8'));
  writeFileSync(join(work, 'ts/tsconfig.stripped.json'), JSON.stringify({ ...config, files: ['stripped.ts'] }));
  const bad = spawnSync(tsc, ['-p', 'ts/tsconfig.stripped.json'], { cwd: work, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  const errors = (bad.stdout.match(/error TS\d+/g) || []).length;
  assert.equal(errors, expected, `every @ts-expect-error line fails without it:\n${bad.stdout}`);
});

test('plain HTML page: <clean-article> from src and .source, errors, referrer, themes, worker batch', async () => {
  const { server, images, base } = await serve(join(work, 'plain'));
  try {
    const { page, log } = await open(base);
    await page.goto(base);
    await page.waitForFunction(() => window.events?.length >= 3, null, { timeout: 20000 });
    const events = await page.evaluate(() => window.events);
    assert.deepEqual(events.find((e) => e.id === 'fetched'), { id: 'fetched', type: 'render', title: 'Fetched post title' });
    // The README's start-up hints are used: the .wasm and each module are fetched once (the
    // element instantiates the module start.js compiled; it does not fetch it again).
    const fetches = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()));
    for (const f of ['clean_article_bg.wasm', 'start.js', 'element.js', 'clean_article.js', 'init.js', 'trusted.js']) {
      assert.equal(fetches.filter((n) => n === f).length, 1, `${f} fetched once: ${fetches.join(', ')}`);
    }
    assert.deepEqual(events.find((e) => e.id === 'styled'), { id: 'styled', type: 'render', title: '由字符串渲染' });
    const err = events.find((e) => e.id === 'missing');
    assert.equal(err.type, 'error');
    assert.match(err.message, /HTTP 404/);

    const fetched = await page.evaluate(() => {
      const root = document.getElementById('fetched').shadowRoot;
      const img = root.querySelector('img');
      return {
        title: root.querySelector('h1').textContent,
        text: root.querySelector('.body').textContent,
        img: img && { src: img.src, policy: img.getAttribute('referrerpolicy'), complete: img.complete },
        scripts: root.querySelectorAll('script').length,
        onclick: root.querySelectorAll('[onclick]').length,
        pwned: window.pwned === true,
      };
    });
    assert.equal(fetched.title, 'Fetched post title');
    assert.match(fetched.text, /first paragraph of a fetched post/);
    assert.equal(fetched.img.src, `${base}images/photo.jpg`, 'relative image resolved against the src URL');
    assert.equal(fetched.img.policy, 'no-referrer');
    assert.equal(fetched.scripts, 0);
    assert.equal(fetched.onclick, 0);
    assert.equal(fetched.pwned, false);
    await page.waitForFunction(() => document.getElementById('fetched').shadowRoot.querySelector('img').complete);
    assert.ok(images.length >= 1, 'the image was requested');
    assert.ok(images.every((i) => i.referer === null), `images load without a Referer: ${JSON.stringify(images)}`);

    // images="off", dark theme and a page's CSS custom property override.
    const styled = await page.evaluate(() => {
      const el = document.getElementById('styled');
      const root = el.shadowRoot;
      const art = root.querySelector('article');
      return {
        imgs: root.querySelectorAll('img').length,
        color: getComputedStyle(art).color,
        maxWidth: getComputedStyle(art).maxWidth,
        bg: getComputedStyle(el).backgroundColor,
        text: root.querySelector('.body').textContent,
      };
    });
    assert.equal(styled.imgs, 0);
    assert.equal(styled.color, 'rgb(1, 2, 3)');
    assert.equal(styled.maxWidth, '480px');
    assert.equal(styled.bg, 'rgb(13, 17, 23)', 'dark theme default background');
    assert.match(styled.text, /第一段正文内容/);
    const light = await page.evaluate(() => getComputedStyle(document.getElementById('fetched')).backgroundColor);
    assert.equal(light, 'rgb(255, 255, 255)');

    // Property and attribute changes re-render; the error box clears.
    const rerender = await page.evaluate(async () => {
      const el = document.getElementById('missing');
      const box = el.shadowRoot.querySelector('[part="error"]');
      const before = { hidden: box.hidden, text: box.textContent };
      const done = new Promise((r) => el.addEventListener('clean-article:render', (e) => r(e.detail), { once: true }));
      el.source = '<p>Now from a string, long enough to stay a paragraph.</p>';
      const a = await done;
      return { before, after: box.hidden, kind: a.kind, article: el.article === a };
    });
    assert.equal(rerender.before.hidden, false);
    assert.match(rerender.before.text, /404/);
    assert.equal(rerender.after, true);
    assert.equal(rerender.article, true);
    const toggled = await page.evaluate(async () => {
      const el = document.getElementById('fetched');
      const done = new Promise((r) => el.addEventListener('clean-article:render', (e) => r(e.detail), { once: true }));
      el.setAttribute('images', 'off');
      const a = await done;
      const again = await el.refresh();
      return { imgs: el.shadowRoot.querySelectorAll('img').length, statImages: a.stats.images, again: again?.title };
    });
    assert.deepEqual(toggled, { imgs: 0, statImages: 0, again: 'Fetched post title' });

    // The worker cleaner: batch with progress events, per-item errors, cancellation.
    const batch = await page.evaluate(async () => {
      const cleaner = window.createCleaner({ worker: true });
      const progress = [];
      const events = [];
      cleaner.addEventListener('progress', (e) => events.push(e.detail.done));
      const inputs = Array.from({ length: 6 }, (_, i) => ({ input: `---\ntitle: T${i}\n---\n<p>Body ${i}</p>`, name: `n${i}` }));
      inputs[2].options = { nope: true };
      const results = await cleaner.cleanBatch(inputs, { onProgress: (p) => progress.push(`${p.done}/${p.total}`) });
      const firstEvents = [...events];
      const one = await cleaner.clean('---\ntitle: One\n---\n<p>x</p>');
      const ctl = new AbortController();
      let cancelled = null;
      let seen = 0;
      const many = Array.from({ length: 50 }, (_, i) => `<p>Item ${i}</p>`);
      try {
        await cleaner.cleanBatch(many, { signal: ctl.signal, onProgress: (p) => { seen = p.done; if (p.done === 3) ctl.abort(); } });
      } catch (e) { cancelled = e.name; }
      const main = window.createCleaner();
      const onMain = await main.cleanBatch(['---\ntitle: Main\n---\n<p>y</p>']);
      cleaner.close();
      let closed = null;
      try { await cleaner.clean('x'); } catch (e) { closed = e.message; }
      return {
        worker: cleaner.worker, mainWorker: main.worker, progress, events: firstEvents, allEvents: events,
        titles: results.map((r) => r.article?.title ?? null), names: results.map((r) => r.name),
        error: results[2].error?.message, one: one.title, cancelled, seen, onMain: onMain[0].article.title, closed,
      };
    });
    assert.equal(batch.worker, true);
    assert.equal(batch.mainWorker, false);
    assert.deepEqual(batch.progress, ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    assert.deepEqual(batch.events, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(batch.allEvents, [1, 2, 3, 4, 5, 6, 1, 2, 3], 'the aborted batch stops at 3');
    assert.deepEqual(batch.titles, ['T0', 'T1', null, 'T3', 'T4', 'T5']);
    assert.deepEqual(batch.names, ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    assert.match(batch.error, /nope/);
    assert.equal(batch.one, 'One');
    assert.equal(batch.cancelled, 'AbortError');
    assert.equal(batch.seen, 3, 'nothing is cleaned after the abort');
    assert.equal(batch.onMain, 'Main');
    assert.match(batch.closed, /closed/);

    await page.screenshot({ path: join(repo, 'test-results/consume-plain.png'), fullPage: true }).catch(() => {});
    assert.deepEqual(log.errors.filter((e) => !/404/.test(e)), []);
    assert.deepEqual(log.outside, []);
  } finally {
    server.close();
  }
});

test('Vite app build: bundled element, worker cleaner and wasm asset', async () => {
  const dist = join(work, 'vite/dist');
  assert.ok(existsSync(join(dist, 'index.html')), 'vite build output missing');
  const { server, base } = await serve(dist);
  try {
    const { page, log } = await open(base);
    await page.goto(base);
    await page.waitForFunction(() => window.result, null, { timeout: 20000 });
    const r = await page.evaluate(() => window.result);
    assert.equal(r.error, undefined, r.error);
    assert.match(r.version, /^\d+\.\d+\.\d+/);
    assert.equal(r.direct, 'Vite post');
    assert.equal(r.element, 'Vite post');
    assert.equal(r.batch[0], 'Vite post');
    assert.match(r.batch[1], /Second/);
    assert.deepEqual(r.progress, [1, 2]);
    const shadow = await page.evaluate(() => document.getElementById('el').shadowRoot.querySelector('.body').textContent);
    assert.match(shadow, /rendered by a Vite app bundle/);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.outside, []);
  } finally {
    server.close();
  }
});
