'use strict';
// The `clean_article:` section of the site's _config.yml, read and checked once per config object.

/**
 * @typedef {object} PluginOptions
 * @property {boolean} enable clean posts at all (default true)
 * @property {'server' | 'client'} mode `server`: clean in Node at generate time; `client`: the page
 *   holds `<clean-article>` with the post's source and the browser cleans it
 * @property {boolean} images keep images (default true); false keeps only their alt text
 * @property {string[]} embed_hosts hosts whose players stay as sandboxed iframes (default none)
 * @property {boolean} image_referrer_policy `referrerpolicy="no-referrer"` on every image (default
 *   true: portal images are hot-link protected)
 * @property {boolean} remove_boilerplate apply the portal boilerplate rules (default true)
 * @property {boolean} link_nofollow add `nofollow` to every link (default false)
 * @property {string[]} categories clean only posts in one of these categories (any level); [] = all
 * @property {string[]} paths clean only posts under these source paths (`_posts/新浪财经/`); [] = all
 * @property {boolean} title use the cleaned title (entities and `&#123;` escapes decoded) as the post title
 * @property {string | false} url_percent what replaces `%` in post URLs built from file names
 *   (Hexo cannot build a URL with a raw `%`); false leaves URLs alone
 * @property {boolean} fail_on_error `hexo generate` exits with status 1 when a post was not published
 * @property {string | false} report path of a JSON report of every post (URL, repairs, warnings)
 *   written into public/; false (default) writes none
 */

/** @type {PluginOptions} */
const DEFAULTS = Object.freeze({
  enable: true,
  mode: 'server',
  images: true,
  embed_hosts: [],
  image_referrer_policy: true,
  remove_boilerplate: true,
  link_nofollow: false,
  categories: [],
  paths: [],
  title: true,
  url_percent: '％',
  fail_on_error: true,
  report: false,
});

const BOOLEAN_KEYS = /** @type {const} */ ([
  'enable', 'images', 'image_referrer_policy', 'remove_boilerplate', 'link_nofollow', 'title', 'fail_on_error',
]);
const LIST_KEYS = /** @type {const} */ (['embed_hosts', 'categories', 'paths']);

/**
 * Reads `config.clean_article` over the defaults. Throws an Error naming the bad key.
 * @param {unknown} section the raw `clean_article` value from _config.yml (may be absent)
 * @returns {PluginOptions}
 */
function readOptions(section) {
  if (section == null) return { ...DEFAULTS };
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new Error('clean_article: must be a mapping of options (see the hexo-clean-article README)');
  }
  const raw = /** @type {Record<string, unknown>} */ (section);
  /** @type {PluginOptions} */
  const out = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (value == null) continue; // an empty YAML value keeps the default
    if (/** @type {readonly string[]} */ (BOOLEAN_KEYS).includes(key)) {
      if (typeof value !== 'boolean') throw new Error(`clean_article.${key} must be true or false`);
      /** @type {Record<string, unknown>} */ (out)[key] = value;
    } else if (/** @type {readonly string[]} */ (LIST_KEYS).includes(key)) {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' || typeof v === 'number')) {
        throw new Error(`clean_article.${key} must be a list of strings`);
      }
      /** @type {Record<string, unknown>} */ (out)[key] = list.map(String);
    } else if (key === 'mode') {
      if (value !== 'server' && value !== 'client') throw new Error('clean_article.mode must be "server" or "client"');
      out.mode = value;
    } else if (key === 'url_percent') {
      if (value !== false && (typeof value !== 'string' || value.includes('%') || /[/?#\\]/.test(value))) {
        throw new Error('clean_article.url_percent must be false or a string without % / ? # \\');
      }
      out.url_percent = value;
    } else if (key === 'report') {
      if (value !== false && (typeof value !== 'string' || value === '' || value.includes('..'))) {
        throw new Error('clean_article.report must be false or a path inside public/ (e.g. clean-article-report.json)');
      }
      out.report = value === false ? false : value.replace(/^\/+/, '');
    } else {
      throw new Error(`clean_article: unknown option \`${key}\` (known: ${Object.keys(DEFAULTS).join(', ')})`);
    }
  }
  return out;
}

/**
 * The core library's `Options` for these plugin options.
 * @param {PluginOptions} options
 * @returns {import('./types.js').LibraryOptions}
 */
function libraryOptions(options) {
  return {
    images: options.images,
    embedHosts: options.embed_hosts,
    imageReferrerPolicy: options.image_referrer_policy,
    removeBoilerplate: options.remove_boilerplate,
    linkNofollow: options.link_nofollow,
  };
}

module.exports = { DEFAULTS, readOptions, libraryOptions };
