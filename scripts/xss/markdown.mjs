// Shared part of the Markdown XSS-oracle adapters (see scripts/xss-oracle.sh): each vector is
// cleaned as a post body by the built wasm package (default options) and its
// `Article.markdown` rendered by a mainstream Markdown renderer, as a page would before
// inserting the HTML with innerHTML. The adapters run in node (`--where node`): the renderers
// are plain string functions, so their output is the same as in the page.
import { readFile } from 'node:fs/promises';
import init, { cleanArticle } from '../../pkg/clean_article.js';

await init({ module_or_path: await readFile(new URL('../../pkg/clean_article_bg.wasm', import.meta.url)) });

/**
 * The Markdown of a vector cleaned as a post.
 * @param {string} html
 * @returns {string}
 */
export function markdownOf(html) {
  return cleanArticle(html, { mode: 'post' }).markdown;
}
