// hexo-clean-article on a real Hexo 8 site (theme landscape), read in Chromium.
// Run by scripts/test-hexo.sh, which packs pkg/ and the plugin and installs both tarballs into
// target/hexo/site. The posts: every shared corpus post and the seed (../shared or
// CLEAN_ARTICLE_SHARED; SKIPPED without it), tests/fixtures (when it has an expect.json) and the
// plugin's own posts (test/posts, always). For each post: a page exists, the title is in the
// heading, every `with` string is in the article and no `without` string, no source markup is shown
// as text, nothing in the article runs. The same site in client mode (<clean-article> in the page)
// must show the same text. A third run checks that a post Hexo cannot publish fails the generate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../../scripts/serve.mjs';
import { CHROMIUM_ARGS, chromiumPath, sharedDir } from '../../../tests/js/helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const site = join(repo, 'target/hexo/site');
const results = join(repo, 'test-results');
const REPORT = 'clean-article-report.json';
/** Markup, entities or CSS rules that a reader must never see as text (outside code). */
const SOURCE_AS_TEXT = [
  /<\/?(?:p|div|span|a|img|br|hr|style|script|section|article|strong|b|em|i|table|tr|td|th|ul|ol|li|h[1-6]|iframe|font|center|figure|figcaption|blockquote|pre|code|video|source|svg)\b[^<>]*>/i,
  /&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-f]+);/i,
  /<!--|-->/,
  /[.#][A-Za-z_][\w-]*\s*\{[^{}]*:[^{}]*\}/, // a CSS rule (`.appendQr_wrap{border:1px solid …}`)
];

/**
 * @typedef {{ title: string | null, cover?: string | null, meta?: Record<string, string>,
 *   with: string[], without: string[] }} Expect
 * @typedef {{ site: string, set: string, key: string, expect: Expect }} Post
 */

/** @type {Post[]} */
const posts = [];
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('node:http').Server[]} */
const servers = [];

/** Copies one post into the site and records what the page must show. */
function addPost(set, key, file, expect, sitePath) {
  const target = join(site, 'source', sitePath);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
  posts.push({ site: sitePath, set, key, expect });
}

/** Posts of a directory with an expect.json keyed by paths relative to it. */
function addSet(set, dir, expectations, toSitePath) {
  for (const [key, expect] of Object.entries(expectations)) {
    const file = key.startsWith('seed:') ? join(dir, '../../seeds', key.slice(5)) : join(dir, key);
    if (!existsSync(file)) continue;
    addPost(set, key, file, expect, toSitePath(key));
  }
}

function writeSite() {
  for (const name of ['source', 'source-failure', 'public', 'public-client', 'public-failure', 'themes', 'db.json']) {
    rmSync(join(site, name), { recursive: true, force: true });
  }
  // The theme: landscape with one line added to show post.clean_article (the README's snippet).
  const theme = join(site, 'themes/landscape');
  cpSync(join(site, 'node_modules/hexo-theme-landscape'), theme, { recursive: true });
  const article = join(theme, 'layout/_partial/article.ejs');
  const anchor = '<div class="e-content article-entry"';
  const ejs = readFileSync(article, 'utf8');
  assert.ok(ejs.includes(anchor), 'landscape article.ejs changed: the partial cannot be added');
  writeFileSync(article, ejs.replace(anchor, `<%- partial('_partial/clean-article') %>\n    ${anchor}`));

  writeFileSync(join(site, '_config.yml'), [
    'title: clean-article on Hexo',
    'url: http://127.0.0.1',
    'permalink: :title/',
    'theme: landscape',
    'language: en',
    'timezone: UTC',
    'clean_article:',
    `  report: ${REPORT}`,
    '  embed_hosts: [player.bilibili.com]',
    '',
  ].join('\n'));
  writeFileSync(join(site, '_config.client.yml'), [
    'public_dir: public-client',
    'clean_article:',
    '  mode: client',
    `  report: ${REPORT}`,
    '  embed_hosts: [player.bilibili.com]',
    '',
  ].join('\n'));
  writeFileSync(join(site, '_config.failure.yml'), ['source_dir: source-failure', 'public_dir: public-failure', ''].join('\n'));

  const shared = sharedDir('Hexo site from the shared corpus');
  if (shared) {
    const expectations = JSON.parse(readFileSync(join(shared, 'corpus/expect.json'), 'utf8'));
    addSet('shared', join(shared, 'corpus/posts'), expectations, (key) => {
      if (key.startsWith('seed:')) return `_posts/seed/${key.slice(5).replace(/\.txt$/, '.md')}`;
      return key.startsWith('source/_posts/') ? key.slice('source/'.length) : `_posts/${key}`;
    });
  }
  const fixtures = join(repo, 'tests/fixtures');
  if (existsSync(join(fixtures, 'expect.json'))) {
    const expectations = JSON.parse(readFileSync(join(fixtures, 'expect.json'), 'utf8'));
    addSet('fixtures', fixtures, expectations, (key) => `_posts/fixtures/${key.replace(/\.[a-z]+$/, '')}.md`);
  } else {
    console.log('note: tests/fixtures/expect.json not found; only the plugin\'s own posts besides ../shared');
  }
  const own = join(here, 'posts');
  addSet('plugin', own, JSON.parse(readFileSync(join(own, 'expect.json'), 'utf8')), (key) => `_posts/${key}`);

  // The failure run: one good post and one Hexo's post processor throws on (a mapping as permalink).
  mkdirSync(join(site, 'source-failure/_posts'), { recursive: true });
  cpSync(join(own, 'plugin/portal.md'), join(site, 'source-failure/_posts/good.md'));
  writeFileSync(join(site, 'source-failure/_posts/bad.md'),
    '---\ntitle: Bad permalink\npermalink: {a: 1}\ndate: 2021-01-01 00:00:00\n---\n<p>Body of the bad post.</p>\n');
}

/** Runs `hexo generate` in the site; returns the exit status, the log and the seconds taken. */
function generate(config = '_config.yml') {
  rmSync(join(site, 'db.json'), { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [join(site, 'node_modules/hexo-cli/bin/hexo'), 'generate', '--config', config], {
    cwd: site, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { status: run.status, log: `${run.stdout}\n${run.stderr}`, seconds };
}

/** Collapses whitespace (page text has line breaks where blocks end). */
const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** @param {string} publicDir */
async function serveDir(publicDir) {
  const server = await serve(join(site, publicDir), 0);
  servers.push(server);
  return `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`;
}

/** One page for a whole run: records dialogs, blocks every request leaving the local server. */
async function openPage(base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log = { dialogs: /** @type {string[]} */ ([]) };
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.route((url) => !url.href.startsWith(base), (route) => route.abort());
  /** @param {string} path the page's URL path (not encoded) @returns {Promise<number>} HTTP status */
  const visit = async (path) => {
    log.dialogs.length = 0;
    const response = await page.goto(base + path.split('/').map(encodeURIComponent).join('/'), { waitUntil: 'load' });
    return response?.status() ?? 0;
  };
  return { context, page, log, visit };
}

/** @returns {Map<string, { path: string | null, title: string | null, repairs: string[], error: string | null }>} */
function readReport(publicDir) {
  const entries = JSON.parse(readFileSync(join(site, publicDir, REPORT), 'utf8'));
  return new Map(entries.map((e) => [e.source, e]));
}

let server; // the server-mode run
let client; // the client-mode run
/** Server-mode article text per post, for the client-mode comparison. */
const serverText = new Map();

before(() => {
  assert.ok(existsSync(join(site, 'node_modules/hexo-clean-article')), 'run bash scripts/test-hexo.sh (installs the site)');
  mkdirSync(results, { recursive: true });
  writeSite();
  console.log(`posts: ${posts.length} (${['shared', 'fixtures', 'plugin'].map((s) => `${s} ${posts.filter((p) => p.set === s).length}`).join(', ')})`);
  server = generate();
  console.log(`hexo generate (server mode): ${posts.length} posts in ${server.seconds.toFixed(2)} s`);
  client = generate('_config.yml,_config.client.yml');
  console.log(`hexo generate (client mode): ${posts.length} posts in ${client.seconds.toFixed(2)} s`);
});

before(async () => {
  const exe = chromiumPath();
  assert.ok(exe, 'Chromium not found (apt-get install chromium, or set CHROMIUM)');
  browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

test('hexo generate succeeds and logs each repair with the post\'s path', () => {
  assert.equal(server.status, 0, server.log);
  assert.doesNotMatch(server.log, /ERROR|Process failed|URIError/, server.log);
  const report = readReport('public');
  for (const post of posts) {
    const entry = report.get(post.site);
    assert.ok(entry, `no report entry for ${post.site}`);
    for (const repair of entry.repairs) assert.ok(server.log.includes(`clean-article: ${post.site}: ${repair}`), repair);
  }
  // The plugin's own posts: a front matter Hexo rejects and a file name with `%`, both repaired.
  const broken = report.get('_posts/plugin/broken front matter 100% {sure}.md');
  assert.ok(broken?.repairs.some((r) => r.startsWith('front matter repaired')), JSON.stringify(broken));
  assert.ok(broken?.repairs.some((r) => r.startsWith('URL built')), JSON.stringify(broken));
  assert.ok(!broken.path.includes('%'), broken.path);
  const repaired = [...report.values()].filter((e) => e.repairs.length).length;
  console.log(`posts repaired so that Hexo publishes them: ${repaired}`);
});

test('every post has a page: title in the heading, with/without strings, no markup as text, nothing runs', async () => {
  assert.equal(server.status, 0);
  const report = readReport('public');
  const base = await serveDir('public');
  const failures = [];
  let checked = 0;
  const { context, page, log, visit } = await openPage(base);
  for (const post of posts) {
    const entry = report.get(post.site);
    if (!entry?.path) { failures.push(`${post.key}: no page (${entry?.error ?? 'not processed'})`); continue; }
    const status = await visit(entry.path);
    {
      if (status !== 200) { failures.push(`${post.key}: HTTP ${status} for /${entry.path}`); continue; }
      const seen = await page.evaluate(() => {
        const body = document.querySelector('.article-entry');
        if (!body) return null;
        const prose = /** @type {HTMLElement} */ (body.cloneNode(true));
        prose.querySelectorAll('pre, code').forEach((n) => n.remove());
        const all = [...body.querySelectorAll('*')];
        return {
          heading: document.querySelector('h1.article-title')?.textContent ?? null,
          text: /** @type {HTMLElement} */ (body).innerText,
          // landscape's script.js adds a caption (the image's alt) after each image: not the article's.
          content: (() => { const c = body.cloneNode(true); c.querySelectorAll('.caption').forEach((n) => n.remove()); return c.textContent ?? ''; })(),
          html: body.innerHTML,
          prose: prose.textContent ?? '',
          scripts: body.querySelectorAll('script, object, embed, frame').length,
          handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.localName}[${a.name}]`)),
          jsUrls: all.flatMap((el) => ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc']
            .filter((a) => el.hasAttribute(a) && (a === 'srcdoc' || /^\s*(javascript|vbscript|data:text\/html)/i.test(el.getAttribute(a) ?? '')))
            .map((a) => `${el.localName}[${a}]`)),
          meta: document.querySelector('.clean-article-meta')?.textContent ?? '',
          cover: document.querySelector('.clean-article-cover img')?.getAttribute('src') ?? null,
          ran: /** @type {any} */ (window).__ran ?? null,
        };
      });
      if (!seen) { failures.push(`${post.key}: no .article-entry on /${entry.path}`); continue; }
      const problems = [];
      const title = post.expect.title;
      if (title == null) {
        if (seen.heading != null) problems.push(`heading ${JSON.stringify(seen.heading)} for a post without title`);
      } else if (norm(seen.heading ?? '') !== norm(title)) {
        problems.push(`heading ${JSON.stringify(seen.heading)} != ${JSON.stringify(title)}`);
      }
      const text = norm(seen.text);
      for (const w of post.expect.with) if (!text.includes(norm(w))) problems.push(`missing ${JSON.stringify(w)}`);
      for (const w of post.expect.without) {
        if (seen.text.includes(w) || seen.html.includes(w)) problems.push(`shows ${JSON.stringify(w)}`);
      }
      for (const re of SOURCE_AS_TEXT) {
        const m = seen.prose.match(re);
        if (m) problems.push(`source shown as text: ${JSON.stringify(m[0].slice(0, 60))}`);
      }
      if (seen.scripts || seen.handlers.length || seen.jsUrls.length) {
        problems.push(`active content: ${seen.scripts} script-like, ${[...seen.handlers, ...seen.jsUrls].join(' ')}`);
      }
      if (seen.ran != null || log.dialogs.length) problems.push(`script ran: ${seen.ran ?? log.dialogs.join(' ')}`);
      for (const [k, v] of Object.entries(post.expect.meta ?? {})) {
        if (!norm(seen.meta).includes(norm(v))) problems.push(`meta ${k} ${JSON.stringify(v)} not shown`);
      }
      if (post.expect.cover !== undefined && seen.cover !== (post.expect.cover ?? null)) {
        problems.push(`cover ${JSON.stringify(seen.cover)} != ${JSON.stringify(post.expect.cover)}`);
      }
      serverText.set(post.site, norm(seen.content));
      if (problems.length) failures.push(`${post.key} (/${entry.path}):\n    ${problems.join('\n    ')}`);
      else checked += 1;
      if (post === screenshotPost()) await screenshot(page);
    }
  }
  await context.close();
  console.log(`pages checked in Chromium: ${checked} of ${posts.length} passed`);
  assert.deepEqual(failures, []);
});

test('client mode: <clean-article> in the page shows the same article', async () => {
  assert.equal(client.status, 0, client.log);
  const report = readReport('public-client');
  const base = await serveDir('public-client');
  const failures = [];
  let same = 0;
  const { context, page, log, visit } = await openPage(base);
  for (const post of posts) {
    const entry = report.get(post.site);
    if (!entry?.path) { failures.push(`${post.key}: no page`); continue; }
    const status = await visit(entry.path);
    if (status !== 200) { failures.push(`${post.key}: HTTP ${status}`); continue; }
    {
      await page.waitForFunction(() => {
        const el = /** @type {any} */ (document.querySelector('.article-entry clean-article'));
        return el && (el.article || el.error) && el.getAttribute('aria-busy') !== 'true';
      }, null, { timeout: 15000 });
      const seen = await page.evaluate(() => {
        const el = /** @type {any} */ (document.querySelector('.article-entry clean-article'));
        const body = el.shadowRoot.querySelector('.body');
        return {
          error: el.error ? String(el.error.message) : null,
          title: el.shadowRoot.querySelector('header h1')?.textContent ?? null,
          headerShown: getComputedStyle(el.shadowRoot.querySelector('header')).display !== 'none',
          themeTitle: document.querySelector('h1.article-title')?.textContent ?? null,
          text: body ? body.innerText : '',
          content: body?.textContent ?? '',
          ran: /** @type {any} */ (window).__ran ?? null,
        };
      });
      const problems = [];
      if (seen.error) problems.push(`element error: ${seen.error}`);
      // The title is shown once: by the theme's heading, not again by the element's header.
      if (seen.headerShown) problems.push('the element shows its own header under the theme\'s title');
      if (post.expect.title != null && seen.themeTitle == null) problems.push('no theme heading');
      const text = norm(seen.text);
      for (const w of post.expect.with) if (!text.includes(norm(w))) problems.push(`missing ${JSON.stringify(w)}`);
      for (const w of post.expect.without) if (seen.text.includes(w)) problems.push(`shows ${JSON.stringify(w)}`);
      if (post.expect.title != null && norm(seen.title ?? '') !== norm(post.expect.title)) {
        problems.push(`element title ${JSON.stringify(seen.title)} != ${JSON.stringify(post.expect.title)}`);
      }
      const content = norm(seen.content);
      const before = serverText.get(post.site);
      if (before !== undefined && before !== content) {
        let at = 0;
        while (at < content.length && before[at] === content[at]) at += 1;
        problems.push(`text differs from the server-mode page at ${at}: ${JSON.stringify(before.slice(at, at + 40))} vs ${JSON.stringify(content.slice(at, at + 40))}`);
      }
      if (seen.ran != null || log.dialogs.length) problems.push(`script ran: ${seen.ran ?? log.dialogs.join(' ')}`);
      if (problems.length) failures.push(`${post.key}:\n    ${problems.join('\n    ')}`);
      else same += 1;
    }
  }
  await context.close();
  console.log(`client mode: ${same} of ${posts.length} pages render the same article in the browser`);
  assert.deepEqual(failures, []);
});

test('a post Hexo cannot publish makes hexo generate fail, naming the post', () => {
  const run = generate('_config.yml,_config.failure.yml');
  assert.equal(run.status, 1, run.log);
  assert.match(run.log, /clean-article: _posts\/bad\.md: post not published/);
  assert.match(run.log, /clean-article: 1 post\(s\) not published: _posts\/bad\.md/);
  assert.ok(existsSync(join(site, 'public-failure/good/index.html')), 'the good post is still published');
});

/** The post pictured in docs/hexo.png: a portal post with lifted metadata and a cover. */
function screenshotPost() {
  const wanted = ['source/_posts/金融/新浪财经/新浪财经－国內/0！上海昨日本土无新增.md', 'plugin/portal.md'];
  for (const key of wanted) {
    const post = posts.find((p) => p.key === key);
    if (post) return post;
  }
  return posts[0];
}

/** @param {import('playwright-core').Page} page */
async function screenshot(page) {
  await page.evaluate(() => document.querySelector('.article')?.scrollIntoView());
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 900 } });
  writeFileSync(join(results, 'hexo.png'), png);
  if (process.env.HEXO_SCREENSHOT) writeFileSync(resolve(repo, process.env.HEXO_SCREENSHOT), png);
}

