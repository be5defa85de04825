'use strict';
// Wires hexo-clean-article into Hexo 8:
// - the post processor (hexo/dist/plugins/processor/post.js) is wrapped: a front matter Hexo's
//   YAML reader rejects is repaired before Hexo reads the file, and a post that still fails is
//   recorded so that `hexo generate` ends with status 1 instead of 0;
// - a `post_permalink` filter replaces `%` in post URLs (a raw `%` makes Hexo's URL builder throw
//   `URIError: URI malformed`, and `%xx` in a file name gives a link to a page that is not there);
// - a `before_post_render` filter replaces the post body with clean-article's `Article.html`,
//   rendered by Hexo's plain `html` renderer (no Markdown), with `{`, `}`, `` ` `` and U+FFFC as
//   character references (no Nunjucks, no code-block filter, no placeholder swaps), and stores the
//   lifted metadata as `post.clean_article`;
// - helpers for themes (`clean_article_element`), the landscape partial, the client-side assets.
const { readFileSync, readdirSync, createReadStream } = require('node:fs');
const { dirname, join } = require('node:path');
const { readOptions, libraryOptions } = require('./options.js');
const { loadLibrary } = require('./library.js');
const { repairFrontMatter } = require('./front-matter.js');
const { inertForHexo, defuseAttributeText } = require('./escape.js');
const { ASSET_DIR, elementMarkup } = require('./element.js');

/** Runs before Hexo's own before_post_render filters (priority 10), so they see inert HTML. */
const FILTER_PRIORITY = 1;
/** Runs after Hexo's own post_permalink filter (priority 10), on the URL it built. */
const PERMALINK_PRIORITY = 100;
/** Log prefix, so a site owner can grep the generate log. */
const TAG = 'clean-article:';

/**
 * @typedef {import('./types.js').Hexo} Hexo
 * @typedef {import('./types.js').HexoFile} HexoFile
 * @typedef {import('./types.js').HexoPost} HexoPost
 * @typedef {import('./types.js').PostVariables} PostVariables
 * @typedef {import('./options.js').PluginOptions} PluginOptions
 */

/**
 * @typedef {object} ReportEntry
 * @property {string} source the post's path below source/
 * @property {string | null} path the post's URL path below the site root
 * @property {string | null} title
 * @property {string[]} repairs what the plugin changed so Hexo could publish the post
 * @property {{ code: string, message: string }[]} warnings
 * @property {number} removed how many things cleaning took out
 * @property {string | null} error why the post was not published
 */

/**
 * Registers everything on a Hexo instance (the `hexo` of a plugin's index.js).
 * @param {Hexo} hexo
 */
function register(hexo) {
  const { log } = hexo;
  /** @type {Map<string, ReportEntry>} keyed by source path */
  const report = new Map();
  /** @type {Set<string>} URL paths whose `%` were replaced */
  const rewrittenUrls = new Set();

  /** @type {{ config: unknown, options: PluginOptions } | null} */
  let cached = null;
  /** @returns {PluginOptions} (throws on an invalid `clean_article:` section) */
  function options() {
    const section = hexo.config.clean_article;
    if (!cached || cached.config !== section) cached = { config: section, options: readOptions(section) };
    return cached.options;
  }

  /** @param {string} source @returns {ReportEntry} */
  function entry(source) {
    let e = report.get(source);
    if (!e) {
      e = { source, path: null, title: null, repairs: [], warnings: [], removed: 0, error: null };
      report.set(source, e);
    }
    return e;
  }

  // --- The post processor: repair front matter, record failures, report URL repairs. ---
  for (const processor of hexo.extend.processor.list()) {
    const params = processor.pattern.match('_posts/a.md');
    if (!params || typeof params !== 'object' || !('published' in params)) continue;
    const original = processor.process;
    processor.process = async function cleanArticleProcessPost(file) {
      if (file.type === 'delete' || file.type === 'skip' || !file.params.renderable) {
        return Reflect.apply(original, this, [file]);
      }
      const e = entry(file.path);
      e.repairs = [];
      e.error = null;
      try {
        const opts = options();
        if (opts.enable) {
          const text = await file.read();
          const lib = await loadLibrary();
          const repair = repairFrontMatter(text, (input) => lib.cleanArticle(input, { mode: 'post' }));
          if (repair) {
            const what = `front matter repaired (Hexo's reader: ${repair.reason})`;
            e.repairs.push(what);
            log.warn('%s %s: %s', TAG, file.path, what);
            for (const w of repair.warnings) log.warn('%s %s: warning [%s]: %s', TAG, file.path, w.code, w.message);
            file.read = () => Promise.resolve(repair.text);
          }
        }
        const result = await Reflect.apply(original, this, [file]);
        const doc = hexo.model('Post').findOne({ source: file.path });
        if (doc) {
          const path = doc.path ?? null;
          e.path = path;
          if (path && rewrittenUrls.has(path)) {
            const what = `URL built without the file name's raw % (now /${path})`;
            e.repairs.push(what);
            log.warn('%s %s: %s', TAG, file.path, what);
          }
        }
        return result;
      } catch (err) {
        const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
        e.error = message;
        log.error('%s %s: post not published: %s', TAG, file.path, message);
        throw err;
      }
    };
  }

  // --- URLs: `%` in a post URL built from a file name. ---
  hexo.extend.filter.register('post_permalink', (/** @type {unknown} */ path) => {
    if (typeof path !== 'string' || !path.includes('%')) return path;
    let opts;
    try { opts = options(); } catch { return path; }
    if (!opts.enable || opts.url_percent === false) return path;
    const fixed = path.replace(/%/g, opts.url_percent);
    rewrittenUrls.add(fixed);
    return fixed;
  }, PERMALINK_PRIORITY);

  // --- The body: clean-article's HTML, untouched by Markdown and templates. ---
  hexo.extend.filter.register('before_post_render', async (/** @type {HexoPost} */ data) => {
    const opts = options(); // an invalid config stops the generate here, with its message
    if (!opts.enable || !isPost(data) || !selected(data, opts)) return data;
    const lib = await loadLibrary();
    const e = entry(data.source);
    const source = typeof data.raw === 'string' && data.raw !== '' ? data.raw : String(data.content ?? '');
    let article;
    try {
      article = lib.cleanArticle(source, libraryOptions(opts));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      e.error = message;
      log.error('%s %s: post not published: %s', TAG, data.source, message);
      data.content = '';
      data.engine = 'html';
      return data;
    }
    e.warnings = article.warnings;
    e.removed = article.removed.length;
    for (const w of article.warnings) log.warn('%s %s: warning [%s]: %s', TAG, data.source, w.code, w.message);
    if (opts.title) data.title = article.title ?? '';
    e.title = data.title ?? null;
    /** @type {PostVariables} */
    const vars = {
      kind: article.kind,
      original_title: article.meta.original_title ?? null,
      editor: article.meta.editor ?? null,
      byline: article.meta.byline ?? null,
      source: article.meta.source ?? null,
      author: article.author,
      cover: article.cover,
      reading_minutes: article.stats.reading_minutes,
      stats: { ...article.stats },
      removed: article.removed.map((r) => ({ kind: r.kind, detail: r.detail })),
      warnings: article.warnings.map((w) => ({ code: w.code, message: w.message })),
      mode: opts.mode,
    };
    data.clean_article = vars;
    const html = opts.mode === 'client'
      ? elementMarkup(source, opts, urlFor(hexo, `${ASSET_DIR}loader.js`))
      : defuseAttributeText(article.html);
    data.content = inertForHexo(html);
    data.engine = 'html';
    return data;
  }, FILTER_PRIORITY);

  // --- Themes: the element helper, the landscape partial. ---
  hexo.extend.helper.register('clean_article_element', function cleanArticleElement(/** @type {HexoPost} */ post) {
    const opts = options();
    const source = typeof post?.raw === 'string' ? post.raw : '';
    return inertForHexo(elementMarkup(source, opts, this.url_for(`/${ASSET_DIR}loader.js`)));
  });
  const partial = join(__dirname, '..', 'theme', 'landscape', '_partial', 'clean-article.ejs');
  if (!hexo.theme.getView('_partial/clean-article.ejs')) {
    hexo.theme.setView('_partial/clean-article.ejs', readFileSync(partial, 'utf8'));
  }

  // --- Client-side assets and the report. ---
  hexo.extend.generator.register('clean_article', () => {
    const opts = options();
    /** @type {import('./types.js').HexoRoute[]} */
    const routes = [];
    if (opts.enable && opts.mode === 'client') {
      const pkgDir = dirname(require.resolve('clean-article/package.json'));
      for (const name of readdirSync(pkgDir)) {
        if (!/\.(js|wasm)$/.test(name)) continue;
        routes.push({ path: ASSET_DIR + name, data: () => createReadStream(join(pkgDir, name)) });
      }
      const loader = join(__dirname, '..', 'client', 'loader.mjs');
      routes.push({ path: `${ASSET_DIR}loader.js`, data: () => createReadStream(loader) });
    }
    if (opts.enable && opts.report) {
      const path = opts.report;
      routes.push({
        path,
        data: () => JSON.stringify([...report.values()].sort((a, b) => (a.source < b.source ? -1 : 1)), null, 2),
      });
    }
    return routes;
  });

  // --- Failures are visible: a summary and exit status 1. ---
  hexo.extend.filter.register('before_exit', () => {
    let opts;
    try { opts = options(); } catch { return; }
    if (!opts.enable) return;
    const failed = [...report.values()].filter((e) => e.error);
    const repaired = [...report.values()].filter((e) => e.repairs.length);
    if (repaired.length) log.info('%s %d post(s) published after repairs', TAG, repaired.length);
    if (!failed.length) return;
    log.error('%s %d post(s) not published: %s', TAG, failed.length, failed.map((e) => e.source).join(', '));
    if (opts.fail_on_error) process.exitCode = 1;
  });
}

/**
 * Posts and drafts (not pages, not assets): what the plugin cleans.
 * @param {HexoPost} data
 */
function isPost(data) {
  return typeof data.source === 'string' && /^_(posts|drafts)\//.test(data.source);
}

/**
 * Whether `categories`/`paths` select the post (an empty list selects every post).
 * @param {HexoPost} data
 * @param {PluginOptions} opts
 */
function selected(data, opts) {
  if (opts.paths.length && !opts.paths.some((p) => data.source.startsWith(p.replace(/^\/+/, '')))) return false;
  if (opts.categories.length) {
    const names = typeof data.categories?.toArray === 'function' ? data.categories.toArray().map((c) => c.name) : [];
    if (!names.some((n) => opts.categories.includes(n))) return false;
  }
  return true;
}

/**
 * The site-relative URL of a path, as themes link it (`root` + path).
 * @param {Hexo} hexo
 * @param {string} path
 */
function urlFor(hexo, path) {
  const root = typeof hexo.config.root === 'string' ? hexo.config.root : '/';
  return (root.endsWith('/') ? root : `${root}/`) + path;
}

module.exports = { register };
