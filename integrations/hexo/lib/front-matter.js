'use strict';
// Front matters Hexo's reader (hexo-front-matter → js-yaml) rejects, e.g. `title: @user …` or
// `title: """""""'SP'"""""""`, make Hexo drop the post ("Process failed"). clean-article reads
// them entry by entry; this module writes what it read back as YAML Hexo accepts.
const frontMatter = require('hexo-front-matter');
const yaml = require('js-yaml');

/** Front-matter keys clean-article interprets (the rest come back in `article.extra`). */
const INTERPRETED = ['title', 'categories', 'author', 'date'];

/**
 * @typedef {object} Repair
 * @property {string} text the post with a front matter Hexo can read and the body unchanged
 * @property {string} reason why Hexo could not read it (the YAML error's first line)
 * @property {{ code: string, message: string }[]} warnings the library's front-matter warnings
 */

/**
 * Hexo's own reading of a post: null when it succeeds, else the error.
 * @param {string} text
 * @returns {Error | null}
 */
function hexoRejects(text) {
  try {
    frontMatter.parse(text);
    return null;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * Repairs a post whose front matter Hexo rejects; null when Hexo reads it as it is.
 * `clean` is the library's cleanArticle (only its front-matter fields are used).
 * @param {string} text the post file
 * @param {(input: string) => import('./types.js').Article} clean
 * @returns {Repair | null}
 */
function repairFrontMatter(text, clean) {
  const error = hexoRejects(text);
  if (!error) return null;
  const parts = frontMatter.split(text);
  const article = clean(text);
  /** @type {Record<string, unknown>} */
  const data = {};
  for (const [key, value] of Object.entries(article.extra ?? {})) {
    if (!INTERPRETED.includes(key)) data[key] = value;
  }
  if (article.title != null) data.title = article.title;
  if (article.categories.length) data.categories = article.categories;
  if (article.author != null) data.author = article.author;
  if (article.date != null) data.date = article.date;
  if (article.cover != null && data.headimg == null && data.thumbnail == null) data.headimg = article.cover;
  const head = Object.keys(data).length ? yaml.dump(data, { lineWidth: -1, noRefs: true }) : '';
  const repaired = `---\n${head}---\n${parts.content}`;
  const still = hexoRejects(repaired);
  if (still) throw new Error(`front matter could not be repaired: ${still.message.split('\n')[0]}`);
  return {
    text: repaired,
    reason: error.message.split('\n')[0],
    warnings: article.warnings.filter((w) => w.code.startsWith('front_matter')),
  };
}

module.exports = { repairFrontMatter, hexoRejects };
