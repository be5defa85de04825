// XSS-oracle adapter: Article.markdown rendered by commonmark.js (the CommonMark reference
// implementation), default options (raw HTML passed through, no URL filtering).
import { Parser, HtmlRenderer } from 'commonmark';
import { markdownOf } from './markdown.mjs';

const reader = new Parser();
const writer = new HtmlRenderer();

/** @param {string} html */
export function sanitize(html) {
  return writer.render(reader.parse(markdownOf(html)));
}
