// The built package (pkg/) in Node: the binding returns the same Article as the native core for
// every corpus post, converts errors into JS Errors, and its TypeScript declarations are typed.
// Run: node --test tests/js/   (after bash scripts/build-wasm.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPosts, fixtureInputs, nativeArticleOf, nativeArticles, pkgDir, repo, sharedDir } from './helpers.mjs';

const dir = pkgDir();
const api = await import(join(dir, 'clean_article.js'));
api.initSync({ module: readFileSync(join(dir, 'clean_article_bg.wasm')) });

test('every fixture post and page: cleanArticle equals the native core', () => {
  const inputs = fixtureInputs();
  assert.ok(inputs.length >= 20, `expected the fixtures, found ${inputs.length}`);
  const native = nativeArticles(inputs.map((p) => p.path));
  for (const p of inputs) {
    assert.deepEqual(api.cleanArticle(p.text), native.get(p.path), `${p.name}: wasm and native Articles differ`);
  }
});

test('every corpus post: cleanArticle equals the native core', (t) => {
  const shared = sharedDir('corpus parity (node)');
  if (!shared) return t.skip('needs ../shared (set CLEAN_ARTICLE_SHARED)');
  const posts = corpusPosts(shared);
  assert.ok(posts.length >= 30, `expected the corpus, found ${posts.length} posts`);
  const native = nativeArticles(posts.map((p) => p.path));
  for (const p of posts) {
    const wasm = api.cleanArticle(p.text);
    assert.deepEqual(wasm, native.get(p.path), `${p.name}: wasm and native Articles differ`);
  }
});

test('the built-in sample: cleanArticle equals the native core', () => {
  const sample = readFileSync(join(repo, 'www/sample.md'), 'utf8');
  assert.deepEqual(api.cleanArticle(sample), nativeArticleOf(sample, 'sample.md'));
});

test('the seed: cleanArticle equals the native core', (t) => {
  const shared = sharedDir('seed parity (node)');
  if (!shared) return t.skip('needs ../shared (set CLEAN_ARTICLE_SHARED)');
  const seed = readFileSync(join(shared, 'seeds/000_55d67fdb776d6e79.txt'), 'utf8');
  assert.deepEqual(api.cleanArticle(seed), nativeArticleOf(seed, 'seed.txt'));
});

test('hostile and odd inputs give the same Article as native', () => {
  const inputs = [
    '',
    '---\ntitle: [unclosed\n---\n<p>x</p>',
    '<p>a<script>alert(1)</script><img src=x onerror=alert(1)></p>',
    '<div>'.repeat(1000) + 'deep' + '</div>'.repeat(1000),
    '\uFEFF<html><head><title>T</title></head><body><article><p>Body text.</p></article></body></html>',
    '\u0000\u0001<p>\uD800 lone surrogate replaced</p>',
  ];
  for (const input of inputs) {
    // A lone surrogate cannot be written as UTF-8: native sees U+FFFD, as wasm does.
    const native = nativeArticleOf(input.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
    assert.deepEqual(api.cleanArticle(input), native, JSON.stringify(input.slice(0, 40)));
  }
});

test('options are honoured, camelCase, and checked', () => {
  const post = '<p>Text.<img src="https://e.com/a.png" alt="A"></p><p>责任编辑：王蒙</p>';
  assert.match(api.cleanArticle(post).html, /<img/);
  assert.doesNotMatch(api.cleanArticle(post, { images: false }).html, /<img/);
  assert.match(api.cleanArticle(post, { removeBoilerplate: false }).text, /责任编辑/);
  assert.equal(api.cleanArticle('<html><body><p>x</p></body></html>', { mode: 'post' }).kind, 'post');
  assert.deepEqual(api.cleanArticle(post, null), api.cleanArticle(post));
  assert.deepEqual(api.cleanArticle(post, {}), api.cleanArticle(post));

  assert.throws(() => api.cleanArticle(post, { imagez: false }),
    (e) => e instanceof Error && /invalid options: .*unknown field `imagez`/.test(e.message));
  assert.throws(() => api.cleanArticle(post, { mode: 'everything' }),
    (e) => e instanceof Error && /invalid options/.test(e.message));
  assert.throws(() => api.cleanArticle(post, 42),
    (e) => e instanceof Error && /invalid options: expected an object/.test(e.message));
  assert.throws(() => api.cleanArticle(post, [1]),
    (e) => e instanceof Error && /invalid options: expected an object/.test(e.message));

  // Options are read as JSON sees them: undefined members are absent, toJSON is honoured.
  assert.deepEqual(api.cleanArticle(post, { images: undefined, baseUrl: null }), api.cleanArticle(post));
  assert.doesNotMatch(api.cleanArticle(post, { toJSON: () => ({ images: false }) }).html, /<img/);
  const video = '<p>Watch:</p><iframe src="https://www.youtube.com/embed/x"></iframe>';
  assert.match(api.cleanArticle(video, { embedHosts: ['www.youtube.com'] }).html, /<iframe/);
  assert.equal(api.cleanArticle('<p>x</p>', { maxInputBytes: 8 }).text, 'x');
  for (const [bad, key] of [[{ images: 'no' }, 'images'], [{ linkNofollow: null }, 'linkNofollow'],
    [{ maxInputBytes: 1.5 }, 'maxInputBytes'], [{ maxInputBytes: -1 }, 'maxInputBytes'],
    [{ maxInputBytes: 2 ** 40 }, 'maxInputBytes'], [{ maxInputBytes: NaN }, 'maxInputBytes'],
    [{ embedHosts: 'a.com' }, 'embedHosts'], [{ embedHosts: [1] }, 'embedHosts'],
    [{ baseUrl: 5 }, 'baseUrl'], [{ mode: 1 }, 'mode']]) {
    assert.throws(() => api.cleanArticle(post, bad),
      (e) => e instanceof Error && e.message.startsWith(`invalid options: \`${key}\` must be`),
      JSON.stringify(bad));
  }
});

test('errors become JS Errors with a clear message, and the module keeps working', () => {
  assert.throws(() => api.cleanArticle('<p>too long</p>', { maxInputBytes: 4 }),
    (e) => e instanceof Error && /larger than the configured maximum of 4 bytes/.test(e.message));
  for (const bad of [undefined, null, 42, {}, ['<p>']]) {
    assert.throws(() => api.cleanArticle(bad),
      (e) => e instanceof Error && /input must be a string/.test(e.message), String(bad));
  }
  assert.equal(api.cleanArticle('<p>still fine</p>').text, 'still fine');
});

test('markup is found at every offset (the .wasm searches 16 bytes at a time)', () => {
  for (let k = 0; k < 48; k++) {
    const pad = 'x'.repeat(k);
    assert.equal(api.sanitize(`${pad}<b>bold</b>${pad}`), `${pad}<b>bold</b>${pad}`, `offset ${k}`);
    assert.equal(api.sanitize(`${'é'.repeat(k)}<i>it</i>`), `${'é'.repeat(k)}<i>it</i>`, `é offset ${k}`);
    assert.equal(api.sanitize(pad), pad);
    // The pre-pass acts on what it finds: a long script body goes up to its end tag, and
    // nesting past the cap is flattened, wherever the tags fall.
    const script = `<script>${'a'.repeat(1100 + k)}</script><p>after</p>`;
    assert.equal(api.sanitize(script), '<p>after</p>', `script end at ${1100 + k}`);
    const deep = api.cleanArticle(`${pad}${'<div>'.repeat(300)}deep${'</div>'.repeat(300)}`);
    assert.ok(deep.warnings.some((w) => w.code === 'markup_too_deep'), `nesting after ${k} bytes`);
    assert.match(deep.text, /deep/);
  }
});

test('sanitize, isProbablyArticle and version', () => {
  const dirty = '<img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a><p>ok</p>';
  const clean = api.sanitize(dirty);
  assert.doesNotMatch(clean, /onerror|javascript:/);
  assert.match(clean, /<p>ok<\/p>/);
  assert.equal(api.isProbablyArticle('<html><body><a href=/>Home</a></body></html>'), false);
  const cargo = readFileSync(join(repo, 'js-api/Cargo.toml'), 'utf8');
  assert.equal(api.version(), /^version = "(.*)"/m.exec(cargo)[1]);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'clean-article');
  assert.equal(pkg.type, 'module');
});

test('TypeScript declarations are real types that mirror the Rust structs', () => {
  const dts = readFileSync(join(dir, 'clean_article.d.ts'), 'utf8');
  assert.match(dts, /export function cleanArticle\(input: string, options\?: Options \| null\): Article;/);
  assert.match(dts, /export function sanitize\(html: string\): string;/);
  assert.match(dts, /export function isProbablyArticle\(html: string\): boolean;/);
  assert.match(dts, /export function version\(\): string;/);
  const block = (name) => {
    const m = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(dts);
    assert.ok(m, `interface ${name} missing`);
    return [...m[1].matchAll(/^\s+(\w+)\??:/gm)].map((x) => x[1]).sort();
  };
  // Field lists from the Rust sources, so a new field without a declaration fails here.
  const rustFields = (file, struct) => {
    const src = readFileSync(join(repo, file), 'utf8');
    const body = new RegExp(`pub struct ${struct} \\{([\\s\\S]*?)\\n\\}`).exec(src)[1];
    return [...body.matchAll(/^\s+(?:pub )?(\w+):/gm)].map((x) => x[1]);
  };
  const camel = (s) => s.replace(/_(\w)/g, (_, c) => c.toUpperCase());
  assert.deepEqual(block('Article'), rustFields('src/article/mod.rs', 'Article').sort());
  assert.deepEqual(block('Meta'), rustFields('src/article/mod.rs', 'Meta').sort());
  assert.deepEqual(block('Stats'), rustFields('src/article/mod.rs', 'Stats').sort());
  assert.deepEqual(block('Options'), rustFields('src/options.rs', 'Options').map(camel).sort());
  // Our declarations (everything before wasm-bindgen's own init types) use no `any`.
  const ours = dts.slice(0, dts.indexOf('export type InitInput'));
  assert.doesNotMatch(ours.replace(/\/\*[\s\S]*?\*\//g, ''), /\bany\b/);
});
