// Served as /clean-article/loader.js next to the clean-article package's files: registers
// <clean-article> and hands every element written by hexo-clean-article its post source.
import './element.js';

const SOURCE = 'data-clean-article-source';
const OPTIONS = 'data-clean-article-options';

// The theme's post layout already shows the title and date: the element's own header would show
// them a second time. A constructed sheet (no inline <style> for a CSP to refuse) where supported.
const HIDE_HEADER = `clean-article[${SOURCE}]::part(header) { display: none; }`;
if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in document) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(HIDE_HEADER);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
} else {
  const style = document.createElement('style');
  style.textContent = HIDE_HEADER;
  document.head.append(style);
}

for (const node of document.querySelectorAll(`clean-article[${SOURCE}]`)) {
  const el = /** @type {import('clean-article/element').CleanArticleElement} */ (node);
  const options = node.getAttribute(OPTIONS);
  if (options) el.options = JSON.parse(options);
  el.source = node.getAttribute(SOURCE);
}
