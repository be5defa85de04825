'use strict';
// Client-side mode: the page holds `<clean-article>` (the clean-article package's custom element)
// with the post's source as data, and client/loader.js hands it to the element in the browser.
const { escapeHtml } = require('./escape.js');

/** Where the element, the library and the loader are served from (below the site root). */
const ASSET_DIR = 'clean-article/';

/**
 * The markup for one post: the element carrying the source in an attribute, then the loader.
 * @param {string} source the post's raw file (front matter + body)
 * @param {import('./options.js').PluginOptions} options
 * @param {string} loaderUrl URL of client/loader.js as served by the site
 * @returns {string}
 */
function elementMarkup(source, options, loaderUrl) {
  const attrs = [`data-clean-article-source="${escapeHtml(source)}"`];
  if (!options.images) attrs.push('images="off"');
  if (options.embed_hosts.length) attrs.push(`embed-hosts="${escapeHtml(options.embed_hosts.join(' '))}"`);
  const extra = { removeBoilerplate: options.remove_boilerplate, linkNofollow: options.link_nofollow };
  attrs.push(`data-clean-article-options="${escapeHtml(JSON.stringify(extra))}"`);
  return `<clean-article ${attrs.join(' ')}></clean-article>`
    + `<script type="module" src="${escapeHtml(loaderUrl)}"></script>`;
}

module.exports = { ASSET_DIR, elementMarkup };
