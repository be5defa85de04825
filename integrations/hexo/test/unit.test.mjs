// The plugin's pieces without Hexo: options, the inert writing of HTML, the front-matter repair.
// Run by scripts/test-hexo.sh (integrations/hexo/node_modules then points at the test site's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { readOptions, libraryOptions, DEFAULTS } = require('../lib/options.js');
const { inertForHexo, escapeHtml, defuseAttributeText } = require('../lib/escape.js');
const { repairFrontMatter, hexoRejects } = require('../lib/front-matter.js');
const { elementMarkup } = require('../lib/element.js');
const { loadLibrary } = require('../lib/library.js');

test('options: defaults, types and unknown keys', () => {
  assert.deepEqual(readOptions(undefined), { ...DEFAULTS });
  assert.deepEqual(readOptions({ images: false, embed_hosts: 'player.bilibili.com' }).embed_hosts, ['player.bilibili.com']);
  assert.equal(readOptions({ images: null }).images, true);
  assert.throws(() => readOptions({ imagez: true }), /unknown option `imagez`/);
  assert.throws(() => readOptions({ images: 'no' }), /clean_article\.images must be true or false/);
  assert.throws(() => readOptions({ mode: 'browser' }), /mode must be "server" or "client"/);
  assert.throws(() => readOptions({ url_percent: '%25' }), /url_percent/);
  assert.throws(() => readOptions({ report: '../x.json' }), /report/);
  assert.throws(() => readOptions(['x']), /must be a mapping/);
  assert.deepEqual(libraryOptions(readOptions({ link_nofollow: true })), {
    images: true, embedHosts: [], imageReferrerPolicy: true, removeBoilerplate: true, linkNofollow: true,
  });
});

test('inertForHexo leaves nothing for Hexo\'s template engine, fence filter or placeholders', () => {
  const html = '<p title="{{ a }}">{% tag %} {{ 6*7 }} {# c #} ``` <code>&lt;!--code\uFFFC0--&gt;</code></p>';
  const out = inertForHexo(html);
  assert.doesNotMatch(out, /[{}`\uFFFC]/);
  assert.equal(out, '<p title="&#123;&#123; a &#125;&#125;">&#123;% tag %&#125; &#123;&#123; 6*7 &#125;&#125; '
    + '&#123;# c #&#125; &#96;&#96;&#96; <code>&lt;!--code&#xFFFC;0--&gt;</code></p>');
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('alt and title text cannot become markup in a theme that pastes it into HTML', () => {
  const html = '<p title="a &quot;b&quot; <c>"><img src="x.png" alt="<img src=y onerror=&quot;z()&quot;>"> alt="&lt;kept&gt;" <i title="">t</i></p>';
  assert.equal(defuseAttributeText(html),
    '<p title="a \uFF02b\uFF02 \uFF1Cc\uFF1E"><img src="x.png" alt="\uFF1Cimg src=y onerror=\uFF02z()\uFF02\uFF1E"> alt="&lt;kept&gt;" <i title="">t</i></p>');
});

test('client markup: the source is an escaped attribute, options travel with it', () => {
  const markup = elementMarkup('---\ntitle: "x"\n---\n<p onclick="y">{{a}}</p>', readOptions({ images: false }), '/clean-article/loader.js');
  assert.match(markup, /^<clean-article data-clean-article-source="---\ntitle: &quot;x&quot;\n---\n&lt;p onclick=&quot;y&quot;&gt;\{\{a\}\}&lt;\/p&gt;" images="off" /);
  assert.match(markup, /<\/clean-article><script type="module" src="\/clean-article\/loader\.js"><\/script>$/);
  assert.doesNotMatch(markup.replace(/"[^"]*"/g, '""'), /<p/);
});

test('front matter: what Hexo rejects is repaired, the rest is left alone', async () => {
  const lib = await loadLibrary();
  const clean = (/** @type {string} */ input) => lib.cleanArticle(input, { mode: 'post' });
  const good = '---\ntitle: Fine\ncategories: [a]\n---\n<p>x</p>\n';
  assert.equal(repairFrontMatter(good, clean), null);
  for (const [title, want] of [
    ['@user said hi', '@user said hi'],
    ['"""""""\'SP\'"""""""', 'SP'],
    ['`tick` : colon', null],
  ]) {
    const text = `\n---\ntitle: ${title}\ncategories: \n - 金融\n - 新浪财经\nauthor: x\ncomments: false\ndate: 2021-03-22 04:50:47\nthumbnail: ''\n---\n\n<p>Body {{ stays }}</p>\n`;
    assert.ok(hexoRejects(text), `Hexo accepts title: ${title}`);
    const repair = repairFrontMatter(text, clean);
    assert.ok(repair, title);
    assert.equal(hexoRejects(repair.text), null);
    const fm = require('hexo-front-matter').parse(repair.text);
    if (want) assert.equal(fm.title, want);
    assert.deepEqual(fm.categories, ['金融', '新浪财经']);
    assert.equal(fm.comments, false);
    assert.equal(fm._content, '\n<p>Body {{ stays }}</p>\n');
    assert.match(repair.reason, /bad indentation|unexpected|cannot|end of the stream|can not/);
  }
});
