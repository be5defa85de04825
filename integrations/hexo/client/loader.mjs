// Served as /clean-article/loader.js next to the clean-article package's files: registers
// <clean-article> and hands every element written by hexo-clean-article its post source.
import './element.js';

const SOURCE = 'data-clean-article-source';
const OPTIONS = 'data-clean-article-options';

for (const node of document.querySelectorAll(`clean-article[${SOURCE}]`)) {
  const el = /** @type {import('clean-article/element').CleanArticleElement} */ (node);
  const options = node.getAttribute(OPTIONS);
  if (options) el.options = JSON.parse(options);
  el.source = node.getAttribute(SOURCE);
}
