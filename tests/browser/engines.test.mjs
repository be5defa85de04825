// The demo, <clean-article>, createCleaner and a fixed XSS sample in three engines: Chromium,
// Firefox ESR and WebKitGTK (one test body; tests/browser/drivers.mjs adapts each driver).
// Run: xvfb-run -a node --test tests/browser/engines.test.mjs   (after build-wasm.sh and
// build-demo.sh; ENGINES=chromium,firefox picks engines). scripts/test.sh runs it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { launch, missing, waitFor, wantedEngines } from './drivers.mjs';
import { nativeArticleOf, repo } from '../js/helpers.mjs';

const demoDir = join(repo, 'out/demo');
const pkgDir = join(repo, 'pkg');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.md': 'text/markdown; charset=utf-8' };

// Runs first in every page: errors, rejections and CSP violations, collected inside the page
// (WebKitWebDriver has no console channel).
const PROBE = `window.__errors = [];
addEventListener('error', (e) => window.__errors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__errors.push('rejection: ' + (e.reason && e.reason.message || e.reason)));
document.addEventListener('securitypolicyviolation', (e) => window.__errors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));`;

// A test Worker: the package's worker, tagging each Article with its Worker and crashing (an
// uncaught error, as a broken Worker would) instead of answering an input that asks for it.
const TEST_WORKER = `import '/lib/cleaner-worker.js';
const tag = Math.random().toString(36).slice(2);
const post = self.postMessage.bind(self);
let dead = false;
self.postMessage = (m) => {
  if (dead) return;
  if (m && m.article && m.article.text.includes('CRASH-THIS-WORKER')) {
    dead = true;
    setTimeout(() => { throw new Error('test worker crashed on purpose'); });
    return;
  }
  if (m && m.article) m.article.workerTag = tag;
  post(m);
};`;

const page = (body) => `<!doctype html><meta charset="utf-8"><script src="/__probe.js"></script>${body}`;
const PAGES = {
  '/t/element.html': page(`<clean-article id="a"></clean-article><clean-article id="b" src="/t/post.md"></clean-article>
<script type="module">import '/lib/element.js'; window.__loaded = true;</script>`),
  '/t/cleaner.html': page(`<script type="module">import { createCleaner } from '/lib/cleaner.js'; window.createCleaner = createCleaner;</script>`),
  // No CSP: the sanitizer alone must keep the payloads inert.
  '/t/xss.html': page(`<clean-article id="x"></clean-article>
<script type="module">import '/lib/element.js'; window.__loaded = true;</script>`),
  '/t/post.md': '---\ntitle: Fetched post\n---\n<p>The first paragraph of a fetched post, long enough to stay.</p>',
  '/t/test-worker.js': TEST_WORKER,
  '/__probe.js': PROBE,
};

/** The demo (with the probe first), the built package under /lib/, and the test pages. */
function serveAll() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (body, type) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      res.end(body);
    };
    if (PAGES[path] !== undefined) return send(PAGES[path], types[extname(path)] ?? 'text/javascript; charset=utf-8');
    const [dir, rel] = path.startsWith('/lib/') ? [pkgDir, path.slice(5)] : [demoDir, path === '/' ? 'index.html' : path];
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    let body = readFileSync(file);
    if (file === join(demoDir, 'index.html')) {
      body = Buffer.from(body.toString('utf8').replace('<script type="module"', '<script src="/__probe.js"></script>\n<script type="module"'));
    }
    send(body, types[extname(file)] ?? 'application/octet-stream');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const XSS = [
  '---',
  'title: "<img src=x onerror=window.__xss=1>Title <script>window.__xss=2</script>"',
  'author: "<svg onload=window.__xss=4>"',
  '---',
  '<p>Text<img src=x onerror="window.__xss=6"></p>',
  '<script>window.__xss=7</script><svg><script>window.__xss=8</script></svg>',
  '<a id="js" href="javascript:window.__xss=9">click</a>',
  '<iframe srcdoc="<script>parent.__xss=11</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=12></style></mglyph></table></mtext></math>',
  '<details open ontoggle="window.__xss=14">x</details>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=16>"></noscript>',
  '<p style="background:url(javascript:window.__xss=17)">styled</p>',
  '<p>Last paragraph.</p>',
].join('\n');

let server, base;
before(async () => {
  assert.ok(existsSync(join(demoDir, 'index.html')), 'out/demo missing: run bash scripts/build-demo.sh');
  assert.ok(existsSync(join(pkgDir, 'element.js')), 'pkg/ missing: run bash scripts/build-wasm.sh');
  server = await serveAll();
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

const sampleOf = () => {
  const html = readFileSync(join(demoDir, 'index.html'), 'utf8');
  return JSON.parse(/<script type="application\/json" id="sample">([\s\S]*?)<\/script>/.exec(html)[1]);
};

for (const engine of wantedEngines()) {
  const why = missing(engine);
  describe(engine, { skip: why ? `SKIPPED ${engine}: ${why}` : false }, () => {
    let driver;
    before(async () => { driver = await launch(engine); });
    after(async () => { await driver?.quit(); });

    /** Opens `path`, runs `body(page)`, then checks the page logged no error. */
    const withPage = async (path, body) => {
      const p = await driver.open(base + path);
      try {
        await body(p);
        assert.deepEqual(await p.run(() => window.__errors), [], `${engine}: errors in ${path}`);
      } finally {
        await p.close();
      }
    };

    test('demo: the sample is shown, a paste is cleaned, files go through the Worker with progress and search', async () => {
      const sample = sampleOf();
      const pasted = '---\ntitle: Pasted post\ncategories: [a, b]\n---\n<p>First.</p><p>Second line.</p>';
      const expected = nativeArticleOf(pasted, 'pasted.md');
      await withPage('/', async (p) => {
        await waitFor(p, () => document.documentElement.dataset.ready === 'true', undefined, 'demo ready');
        assert.equal(await p.run(() => document.getElementById('a-title').textContent), sample.article.title ?? '(untitled)');
        assert.ok(await p.run(() => document.querySelectorAll('#a-body p').length) >= 1);

        await p.click('#paste-toggle');
        await p.type('#paste-input', pasted);
        await p.click('#paste-clean');
        await waitFor(p, (t) => document.getElementById('a-title').textContent === t, expected.title, 'pasted title');
        assert.equal(await p.run(() => document.getElementById('a-body').textContent), expected.text.replace(/\n+/g, ''));

        const files = [1, 2, 3, 4].map((i) => ({ name: `post-${i}.md`, text: `---\ntitle: Batch post ${i}\n---\n<p>Body ${i}.</p>` }));
        await p.run((files) => {
          const dt = new DataTransfer();
          for (const f of files) dt.items.add(new File([f.text], f.name));
          dt.items.add(new File([new Uint8Array([0, 1, 2, 3])], 'broken.html'));
          window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }, files);
        await waitFor(p, () => document.getElementById('batch-progress').value === 5, undefined, 'batch progress 5/5');
        assert.match(await p.run(() => document.getElementById('batch-status').textContent), /5 files, 1 failed/);
        const found = await p.run(async () => {
          const search = document.getElementById('batch-search');
          search.value = 'post 3';
          search.dispatchEvent(new Event('input'));
          return [...document.querySelectorAll('#batch-list li:not([hidden]) .item-title')].map((x) => x.textContent);
        });
        assert.deepEqual(found, ['Batch post 3']);
      });
    });

    test('<clean-article> renders from .source and from src, with events', async () => {
      await withPage('/t/element.html', async (p) => {
        await waitFor(p, () => window.__loaded && document.getElementById('b').article, undefined, 'src rendered');
        const r = await p.run(async () => {
          const el = document.getElementById('a');
          const done = new Promise((ok) => el.addEventListener('clean-article:render', (e) => ok(e.detail.title), { once: true }));
          el.source = '---\ntitle: From a string\n---\n<p>Body from a string.</p><script>window.__xss = 1</script>';
          const title = await done;
          const root = el.shadowRoot;
          const b = document.getElementById('b').shadowRoot;
          return { title, h1: root.querySelector('h1').textContent, body: root.querySelector('.body').innerHTML,
            fetched: b.querySelector('h1').textContent, xss: window.__xss ?? null };
        });
        assert.deepEqual(r, { title: 'From a string', h1: 'From a string', body: '<p>Body from a string.</p>',
          fetched: 'Fetched post', xss: null });
      });
    });

    test('createCleaner: clean, batch over several Workers in input order, progress, abort, a crashed Worker', async () => {
      await withPage('/t/cleaner.html', async (p) => {
        await waitFor(p, () => typeof window.createCleaner === 'function', undefined, 'cleaner module');
        const r = await p.run(async () => {
          const cleaner = window.createCleaner({ worker: true, concurrency: 3, workerUrl: '/t/test-worker.js' });
          const one = await cleaner.clean('---\ntitle: One\n---\n<p>x</p>');
          // Long inputs first so that later ones finish earlier: the results keep input order.
          const inputs = Array.from({ length: 9 }, (_, i) => ({
            name: `n${i}`,
            input: `---\ntitle: T${i}\n---\n${'<p>Some paragraph text.</p>'.repeat(i < 3 ? 3000 : 1)}`,
          }));
          inputs[4].input += 'CRASH-THIS-WORKER';
          const progress = [];
          const results = await cleaner.cleanBatch(inputs, { onProgress: (d) => progress.push(d.done) });
          const ctl = new AbortController();
          let aborted = null;
          const seen = [];
          try {
            await cleaner.cleanBatch(Array.from({ length: 30 }, (_, i) => `<p>Item ${i}</p>`), {
              signal: ctl.signal, onProgress: (d) => { seen.push(d.done); if (d.done === 3) ctl.abort(); } });
          } catch (e) { aborted = e.name; }
          const main = await window.createCleaner().cleanBatch(['---\ntitle: Main\n---\n<p>y</p>']);
          const tags = new Set(results.filter((x) => x.article).map((x) => x.article.workerTag));
          cleaner.close();
          return {
            one: one.title, names: results.map((x) => x.name), titles: results.map((x) => x.article?.title ?? null),
            crash: results[4].error?.message ?? null, progress, workers: tags.size, aborted, seen,
            main: main[0].article.title, concurrency: cleaner.concurrency,
            dflt: window.createCleaner({ worker: true }).concurrency, cores: navigator.hardwareConcurrency,
          };
        });
        assert.equal(r.one, 'One');
        assert.deepEqual(r.names, ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8']);
        assert.deepEqual(r.titles, ['T0', 'T1', 'T2', 'T3', null, 'T5', 'T6', 'T7', 'T8']);
        assert.match(r.crash, /worker failed/);
        assert.deepEqual(r.progress, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert.ok(r.workers >= 2, `the batch ran on ${r.workers} Worker(s)`);
        assert.equal(r.aborted, 'AbortError');
        assert.deepEqual(r.seen, [1, 2, 3], 'no progress after the abort');
        assert.equal(r.main, 'Main');
        assert.equal(r.concurrency, 3);
        assert.equal(r.dflt, Math.max(1, (r.cores || 2) - 1));
      });
    });

    test('a fixed XSS sample inserted with innerHTML (no CSP) runs nothing', async () => {
      await withPage('/t/xss.html', async (p) => {
        await waitFor(p, () => window.__loaded === true, undefined, 'element loaded');
        const r = await p.run(async (xss) => {
          const el = document.getElementById('x');
          const done = new Promise((ok) => el.addEventListener('clean-article:render', ok, { once: true }));
          el.source = xss;
          await done;
          await new Promise((ok) => setTimeout(ok, 300));
          const root = el.shadowRoot;
          for (const a of root.querySelectorAll('a')) a.click();
          await new Promise((ok) => setTimeout(ok, 100));
          const bad = [...root.querySelectorAll('*')].flatMap((n) => {
            const found = /^(script|iframe|object|embed|style|math|svg)$/i.test(n.localName) && n.parentNode !== root ? [n.localName] : [];
            for (const a of n.attributes) if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) found.push(`${n.localName}[${a.name}]`);
            return found;
          });
          return { xss: window.__xss ?? null, bad, last: root.querySelector('.body').textContent.includes('Last paragraph.'), url: location.pathname };
        }, XSS);
        assert.deepEqual(r, { xss: null, bad: [], last: true, url: '/t/xss.html' });
      });
    });
  });
}
