// XSS-oracle adapter (see scripts/xss-oracle.sh): the real pipeline. Each vector is cleaned
// as a post body (a fragment, no front matter) by the built wasm package, with default
// options, and the oracle inserts `cleanArticle(vector).html` into live Chromium documents.
import init, { cleanArticle } from '../../pkg/clean_article.js';

await init();

export function sanitize(html) {
  return cleanArticle(html, { mode: 'post' }).html;
}
